/**
 * Bad input in database URLs for db status and db baseline, and odd --cwd values: each run ends
 * with a clear message, never a stack trace, never a password, and creates nothing where it should
 * not.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { drizzleProject, generate, PG_CONFIG } from '../helpers/drizzle.js';
import { ADMIN_URL, postgresUnavailable, urlFor } from '../helpers/pg.js';
import { createRepo } from '../helpers/repo.js';
import { expectClean } from './harness.js';
import { err, repo, run, useProject } from './url-helpers.js';

useProject();

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
