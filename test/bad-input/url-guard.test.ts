/**
 * Bad input in database URLs (--url, DATABASE_URL, dbCredentials) for guard push --unsafe: each run
 * ends with a clear message, never a stack trace, never a password, and a URL that does not parse
 * is never taken for a local database.
 */
import { describe, expect, it } from 'vitest';
import { drizzleProject, PG_CONFIG } from '../helpers/drizzle.js';
import { createRepo } from '../helpers/repo.js';
import { expectClean } from './harness.js';
import { err, guard, useProject } from './url-helpers.js';

useProject();

describe('guard push --unsafe with odd URLs', () => {
  it('a password holding @ and % is read as pg reads it, and masked whole', () => {
    const o = guard(['--url', 'postgres://u:p@ss%word@db.example.com/app']);
    expectClean(o, {
      exit: [1],
      secrets: ['p@ss%word', 'ss%word'],
      message: /refusing to push the schema to postgres:\/\/u:\*\*\*@db\.example\.com\/app/,
    });
    expect(o.stderr).toContain('db.example.com is not this machine');
  });

  it('a password holding a space is never printed', () => {
    const o = guard(['--url', 'postgres://u:pa ss word@localhost/app']);
    expectClean(o, {
      exit: [0],
      secrets: ['pa ss', 'ss word'],
      message: /unsafe push to postgres:\/\/u:\*\*\*@localhost\/app/,
    });
  });

  it('a URL missing its "://" is not a local database, and is not echoed', () => {
    const o = guard(['--url', 'postgresql//u:secret@db.example.com/app']);
    expectClean(o, {
      exit: [2],
      secrets: ['secret'],
      message: /from --url cannot be used: it starts with "postgres" but not with "postgres:\/\/"/,
    });
    expect(err(o)).not.toContain('a local database');
  });

  it('the same malformed URL in DATABASE_URL names DATABASE_URL', () => {
    const o = guard([], { DATABASE_URL: 'postgresql//u:secret@db.example.com/app' });
    expectClean(o, { exit: [2], secrets: ['secret'], message: /The database URL from DATABASE_URL cannot be used/ });
  });

  it('port 99999 is exit 2, saying what is wrong', () => {
    expectClean(guard(['--url', 'postgres://u:topsecret@localhost:99999/app']), {
      exit: [2],
      secrets: ['topsecret'],
      message: /port is not a number from 1 to 65535/,
    });
  });

  it('an unclosed IPv6 bracket is exit 2', () => {
    expectClean(guard(['--url', 'postgres://u:topsecret@[::1/app']), {
      exit: [2],
      secrets: ['topsecret'],
      message: /IPv6 address .* no closing "\]"/,
    });
  });

  it('a URL for another database system is exit 2', () => {
    expectClean(guard(['--url', 'mysql://u:topsecret@localhost/app']), {
      exit: [2],
      secrets: ['topsecret'],
      message: /a mysql:\/\/ URL is not a PostgreSQL URL/,
    });
  });

  it('an empty --url is exit 2', () => {
    expectClean(guard(['--url', '']), { exit: [2], message: /--url is empty/ });
  });

  it('secret query parameters are masked (sslpassword, sslkey, password)', () => {
    const o = guard([
      '--url',
      'postgres://u@localhost/app?sslpassword=keypass1&sslkey=/home/me/.ssh/db.key&password=pw-in-query&sslmode=disable',
    ]);
    expectClean(o, {
      exit: [0],
      secrets: ['keypass1', '/home/me/.ssh/db.key', 'pw-in-query'],
      message: /sslpassword=\*\*\*&sslkey=\*\*\*&password=\*\*\*&sslmode=disable/,
    });
  });

  it('an empty host is PGHOST, as pg reads it: a remote PGHOST is refused', () => {
    expectClean(guard(['--url', 'postgres:///app'], { PGHOST: 'db.example.com' }), {
      exit: [1],
      message: /db\.example\.com is not this machine/,
    });
    expectClean(guard(['--url', 'postgres:///app']), { exit: [0], message: /a local database/ });
  });

  it('a remote hostaddr is refused even with a local host name', () => {
    expectClean(guard(['--url', 'postgres://u@localhost/app?hostaddr=10.1.2.3']), {
      exit: [1],
      message: /10\.1\.2\.3 is not this machine/,
    });
  });

  it('several hosts: every one must be local', () => {
    const o = guard(['--url', 'postgresql://u:topsecret@localhost:5432,db.example.com:5433/app']);
    expectClean(o, { exit: [1], secrets: ['topsecret'], message: /--yes-i-know localhost,db\.example\.com/ });
  });

  it('pglite:<folder> is local and prints as itself', () => {
    expectClean(guard(['--url', 'pglite:./data']), {
      exit: [0],
      message: /unsafe push to pglite:\.\/data \(from --url\)/,
    });
  });

  it('a config that hard-codes a remote URL is refused even when DATABASE_URL is local', () => {
    const other = createRepo(
      drizzleProject(undefined, {
        'drizzle.config.ts': PG_CONFIG({
          extra: "dbCredentials: { url: 'postgres://app:hard-coded-pw@db.example.com/app' },",
        }),
      }),
    );
    const o = guard([], { DATABASE_URL: 'postgres://localhost/app' }, other.dir);
    expectClean(o, {
      exit: [1],
      secrets: ['hard-coded-pw'],
      message:
        /db\.example\.com is not this machine \(postgres:\/\/app:\*\*\*@db\.example\.com\/app, from dbCredentials\.url in drizzle\.config\.ts\)/,
    });
  });

  it('dbCredentials with host and password: judged and masked like a URL', () => {
    const other = createRepo(
      drizzleProject(undefined, {
        'drizzle.config.ts': PG_CONFIG({
          extra:
            "dbCredentials: { host: 'db.example.com', port: 5432, user: 'app', password: 'pw with @ and :', database: 'app' },",
        }),
      }),
    );
    const o = guard([], {}, other.dir);
    expectClean(o, {
      exit: [1],
      secrets: ['pw with @', 'pw%20with'],
      message:
        /postgresql:\/\/app:\*\*\*@db\.example\.com:5432\/app \(from dbCredentials\.host in drizzle\.config\.ts\)/,
    });
  });

  it("a PGlite folder in a config with driver: 'pglite' is local", () => {
    const other = createRepo(
      drizzleProject(undefined, {
        'drizzle.config.ts': PG_CONFIG({ extra: "driver: 'pglite', dbCredentials: { url: './pgdata' }," }),
      }),
    );
    expectClean(guard([], {}, other.dir), { exit: [0], message: /unsafe push to pglite:\.\/pgdata/ });
  });
});
