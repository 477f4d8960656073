/**
 * A replay that outgrows Postgres' lock table ("out of shared memory", max_locks_per_transaction)
 * is a finding about the migration: which one, what Postgres said, what to do. drizzle's migrator
 * holds every lock of every pending migration until its one COMMIT, so a huge first migration
 * (2,000 tables) fails on a fresh database; PGlite's lock table is larger than a default server's,
 * so the replay also counts the locks it holds.
 *
 * A 2,000-table migration takes minutes to replay here; a data migration that takes as many
 * transaction-level advisory locks fills the same lock table in a second, on PGlite as on the server.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drizzleProject, generate } from '../helpers/drizzle.js';
import { ADMIN_URL, postgresUnavailable } from '../helpers/pg.js';
import { cleanupAll, createRepo, type TempRepo } from '../helpers/repo.js';

afterAll(cleanupAll);

const locks = (n: number) => `SELECT count(pg_advisory_xact_lock(i)) FROM generate_series(1, ${n}) AS i;`;

function projectWithLocks(n: number): TempRepo {
  const repo = createRepo(drizzleProject());
  generate(repo, 'init');
  generate(repo, 'lock_everything', ['--custom']);
  const file = readdirSync(path.join(repo.dir, 'drizzle')).find((f) => f.includes('lock_everything'))!;
  writeFileSync(path.join(repo.dir, 'drizzle', file), `${locks(n)}\n`);
  repo.commit('init');
  return repo;
}

function finding(repo: TempRepo) {
  const r = repo.run(['--all', '--rule', 'replay-mismatch', '--format', 'json'], { CI: undefined });
  expect(r.stderr).not.toMatch(/unexpected error/i);
  expect(r.code).toBe(1);
  const { findings } = JSON.parse(r.stdout) as {
    findings: Array<{ ruleId: string; message: string; file: string; help: string }>;
  };
  expect(findings).toHaveLength(1);
  return findings[0]!;
}

describe('a replay that runs out of lock slots', () => {
  let unavailable: string | null;
  beforeAll(async () => {
    unavailable = await postgresUnavailable();
  });

  it('more locks than a default server holds: a finding on the migration, and the server fails it too', async () => {
    const repo = projectWithLocks(15_000);
    const f = finding(repo);
    expect(f.ruleId).toBe('replay-mismatch');
    expect(f.file).toMatch(/drizzle\/0001_lock_everything\.sql$/);
    expect(f.message).toMatch(/holds \d+ locks at once/);
    expect(f.message).toContain('out of shared memory');
    expect(f.message).toContain('max_locks_per_transaction');
    expect(f.help).toContain('Split the migration');
    if (unavailable) return;
    // What the finding claims: a Postgres server with default settings fails the same SQL.
    const client = new pg.Client({ connectionString: ADMIN_URL });
    await client.connect();
    try {
      await client.query('BEGIN');
      await expect(client.query(locks(15_000))).rejects.toMatchObject({ code: '53200' });
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
      await client.end();
    }
  }, 120_000);

  it('a statement PGlite itself cannot run: what Postgres said, with its hint, and what to do', () => {
    const f = finding(projectWithLocks(40_000));
    expect(f.message).toContain('0001_lock_everything fails when the migrations are replayed');
    expect(f.message).toContain('out of shared memory');
    expect(f.message).toContain('Postgres: You might need to increase "max_locks_per_transaction"');
    expect(f.help).toContain('max_locks_per_transaction');
  }, 120_000);

  it('a migration well within the limit is not reported', () => {
    const r = projectWithLocks(500).run(['--all', '--rule', 'replay-mismatch'], { CI: undefined });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  }, 120_000);
});
