/**
 * `db baseline` and `db status` on the real Postgres server when the connection fails: refused,
 * missing database, a server that never answers, a user without privileges, no database at all.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminQuery, createDatabase, dropAllDatabases, postgresUnavailable } from '../helpers/pg.js';
import { cleanupAll, type TempRepo } from '../helpers/repo.js';
import { createBySql, project, runAsync } from './baseline-fixture.js';

const unavailable = await postgresUnavailable();

describe.skipIf(unavailable !== null)('db baseline on a real Postgres', () => {
  let repo: TempRepo;
  beforeAll(() => {
    repo = project();
  });
  afterAll(async () => {
    await dropAllDatabases();
    cleanupAll();
  });

  it('connection problems are exit 2 with a clear message and no password', () => {
    const refused = repo.run([
      'db',
      'status',
      '--url',
      'postgres://app:hunter2secret@127.0.0.1:1/nope',
      '--timeout',
      '3',
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('Cannot use the database postgres://app:***@127.0.0.1:1/nope');
    expect(refused.stderr).toContain('is the server running');
    expect(refused.stderr + refused.stdout).not.toContain('hunter2secret');
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    const missing = repo.run(['db', 'status', '--url', 'postgres://postgres:pw@127.0.0.1:5432/nl_does_not_exist']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('the database does not exist');
    expect(missing.stderr).not.toContain(':pw@');
  });

  it('a server that never answers times out, and a user without privileges gets exit 2 with the reason', async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      const r = await runAsync(
        repo,
        ['db', 'status', '--url', `postgres://app:pw1234@127.0.0.1:${port}/app`, '--timeout', '1'],
        {},
      );
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('timed out');
      expect(r.stderr).not.toContain('pw1234');
    } finally {
      silent.close();
    }

    const db = await createDatabase();
    await createBySql(repo, db);
    expect(repo.run(['db', 'baseline', '--yes'], { DATABASE_URL: db.url }).code).toBe(0);
    const role = `${db.name}_reader`;
    await db.query(`CREATE ROLE ${role} LOGIN`);
    try {
      const url = db.url.replace('postgres@', `${role}@`);
      const status = repo.run(['db', 'status', '--url', url]);
      expect(status.code).toBe(2);
      expect(status.stderr).toContain('permission denied for schema drizzle');
      expect(status.stderr).toContain('lacks a privilege');
    } finally {
      await db.drop();
      await adminQuery(`DROP ROLE IF EXISTS ${role}`);
    }
  });

  it('no database configured is a usage error', () => {
    const none = repo.run(['db', 'status'], { DATABASE_URL: '' });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('No database to connect to');
  });
});
