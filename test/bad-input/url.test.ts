/**
 * Bad input in database URLs (--url, DATABASE_URL, dbCredentials) for guard push, db status and db
 * baseline, and odd --cwd values: each run ends with a clear message, never a stack trace, never a
 * password, and a URL that does not parse is never taken for a local database.
 */
import { mkdirSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drizzleProject, generate, PG_CONFIG } from '../helpers/drizzle.js';
import { ADMIN_URL, postgresUnavailable, urlFor } from '../helpers/pg.js';
import { cleanupAll, createRepo, type TempRepo } from '../helpers/repo.js';
import { expectClean, runCli, type Outcome } from './harness.js';

afterAll(cleanupAll);

/** The test run's own database settings must not leak into a case. */
const CLEAN = {
  CI: undefined,
  NODE_ENV: undefined,
  DATABASE_URL: undefined,
  PGHOST: undefined,
  NEXIOM_LINT_PUSH_CONFIRM: undefined,
};
const FROM_ENV = PG_CONFIG({ extra: 'dbCredentials: { url: process.env.DATABASE_URL! },' });

let repo: TempRepo;
beforeAll(() => {
  repo = createRepo(drizzleProject(undefined, { 'drizzle.config.ts': FROM_ENV }));
  generate(repo, 'init');
  repo.commit('init');
});

const run = (args: string[], env: Record<string, string | undefined> = {}, cwd = repo.dir): Outcome =>
  runCli(args, { cwd, env: { ...CLEAN, ...env } });
const guard = (args: string[], env: Record<string, string | undefined> = {}, cwd?: string) =>
  run(['guard', 'push', '--unsafe', ...args], env, cwd);
const err = (o: Outcome) => `${o.stdout}\n${o.stderr}`;

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

describe('db status and db baseline with odd URLs', () => {
  it('port 99999 is exit 2, not an unexpected error', () => {
    expectClean(run(['db', 'status', '--url', 'postgres://u:topsecret@h:99999/db']), {
      exit: [2],
      secrets: ['topsecret'],
      message: /port is not a number/,
    });
  });

  it('an unclosed IPv6 bracket is exit 2', () => {
    expectClean(run(['db', 'status', '--url', 'postgres://u:topsecret@[::1/db']), {
      exit: [2],
      secrets: ['topsecret'],
      message: /no closing "\]"/,
    });
  });

  it('a URL without "://" is exit 2 and not echoed', () => {
    expectClean(run(['db', 'status', '--url', 'postgresql//u:secret@db.example.com/app']), {
      exit: [2],
      secrets: ['secret', 'db.example.com'],
    });
  });

  it('pglite:<a file> says it is a file, never [object Object]', () => {
    writeFileSync(path.join(repo.dir, 'notes.txt'), 'x');
    expectClean(run(['db', 'status', '--url', 'pglite:notes.txt']), {
      exit: [2],
      message: /notes\.txt is a file, not a folder/,
    });
  });

  it('pglite:<missing folder> is exit 2, and no database is created there', () => {
    expectClean(run(['db', 'status', '--url', 'pglite:./no-such-db']), {
      exit: [2],
      message: /the folder .*no-such-db does not exist/,
    });
    expect(existsSync(path.join(repo.dir, 'no-such-db'))).toBe(false);
  });

  it('pglite:<a folder of other files> is refused before PGlite writes into it', () => {
    mkdirSync(path.join(repo.dir, 'docs'), { recursive: true });
    writeFileSync(path.join(repo.dir, 'docs', 'readme.md'), 'x');
    expectClean(run(['db', 'status', '--url', 'pglite:docs']), { exit: [2], message: /is not a PGlite data folder/ });
    expect(readdirSync(path.join(repo.dir, 'docs'))).toEqual(['readme.md']);
  });

  it('a malformed dbCredentials.url names the config', () => {
    const other = createRepo(
      drizzleProject(undefined, {
        'drizzle.config.ts': PG_CONFIG({
          extra: "dbCredentials: { url: 'postgres://app:cfg-secret@db.example.com:70000/app' },",
        }),
      }),
    );
    expectClean(run(['db', 'status'], {}, other.dir), {
      exit: [2],
      secrets: ['cfg-secret'],
      message: /from dbCredentials\.url in drizzle\.config\.ts cannot be used: its port/,
    });
  });

  it('an unreachable server: exit 2, the password (with @ in it) masked', () => {
    const o = run(['db', 'status', '--url', 'postgres://u:s3cr@t-pw@127.0.0.1:1/app', '--timeout', '5']);
    expectClean(o, {
      exit: [2],
      secrets: ['s3cr@t-pw', 't-pw'],
      message: /Cannot use the database postgres:\/\/u:\*\*\*@127\.0\.0\.1:1\/app/,
    });
  });

  it('a several-host URL: node-postgres connects to one, said so', () => {
    expectClean(run(['db', 'status', '--url', 'postgresql://u:topsecret@127.0.0.1:1,127.0.0.1:2/app']), {
      exit: [2],
      secrets: ['topsecret'],
      message: /several hosts/,
    });
  });

  it('an sslkey file that does not exist: exit 2, the path masked', () => {
    const o = run([
      'db',
      'status',
      '--url',
      'postgres://u@127.0.0.1:1/app?sslkey=/nonexistent/client-key.pem&sslmode=require',
    ]);
    expectClean(o, { exit: [2], secrets: ['/nonexistent/client-key.pem'] });
  });

  it('db baseline --dry-run with port 0 is exit 2', () => {
    expectClean(run(['db', 'baseline', '--dry-run', '--url', 'postgres://u:topsecret@localhost:0/db']), {
      exit: [2],
      secrets: ['topsecret'],
      message: /port/,
    });
  });

  describe('on the real server', async () => {
    const unavailable = await postgresUnavailable();
    it.skipIf(unavailable)('a database that does not exist: exit 2, a password with a space masked', () => {
      const url = new URL(urlFor('nexiom_no_such_database'));
      url.password = 'pa ss';
      const o = run(['db', 'status', '--url', url.toString()]);
      expectClean(o, { exit: [2], secrets: ['pa ss', 'pa%20ss'], message: /does not exist/ });
    });

    it.skipIf(unavailable)('--url wins over a DATABASE_URL that does not parse, which is then never read', () => {
      const o = run(['db', 'status', '--url', ADMIN_URL], { DATABASE_URL: 'postgresql//u:secret@db.example.com/app' });
      expectClean(o, { exit: [0], secrets: ['secret'], message: /0000_init/ });
    });

    it.skipIf(unavailable)('DATABASE_URL wins over dbCredentials.url', () => {
      const other = createRepo(
        drizzleProject(undefined, {
          'drizzle.config.ts': PG_CONFIG({
            extra: "dbCredentials: { url: 'postgres://app:cfg-pw@db.example.com:5432/app' },",
          }),
        }),
      );
      generate(other, 'init');
      const o = run(['db', 'status'], { DATABASE_URL: ADMIN_URL }, other.dir);
      expectClean(o, { exit: [0], secrets: ['cfg-pw'] });
      expect(err(o)).toContain('127.0.0.1:5432/test');
      expect(err(o)).not.toContain('db.example.com');
    });
  });
});

describe('--cwd', () => {
  it('a folder that does not exist is named as such, not as a missing git', () => {
    const o = run(['--all', '--cwd', '/nonexistent/project']);
    expectClean(o, {
      exit: [2],
      message: /--cwd \/nonexistent\/project: the folder \/nonexistent\/project does not exist/,
    });
    expect(err(o)).not.toContain('PATH');
  });

  it('a file is named as a file', () => {
    expectClean(run(['--all', '--cwd', 'package.json']), {
      exit: [2],
      message: /package\.json is a file, not a folder/,
    });
  });

  it('db status, init and rebase-migrations check it too', () => {
    expectClean(run(['db', 'status', '--cwd', '/nonexistent/project']), { exit: [2], message: /does not exist/ });
    expectClean(run(['init', '--dry-run', '--cwd', 'package.json']), { exit: [2], message: /is a file, not a folder/ });
    expectClean(run(['rebase-migrations', '--dry-run', '--cwd', '/nonexistent/project']), {
      exit: [2],
      message: /does not exist/,
    });
  });

  it('an empty --cwd is exit 2', () => {
    expectClean(run(['--all', '--cwd', '']), { exit: [2], message: /--cwd is empty/ });
  });
});
