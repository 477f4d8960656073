/**
 * `db status` against the real Postgres server, with migrations applied by the project's own
 * `npm run db:migrate` (drizzle-kit migrate): the command the guide's migrator service and
 * release step run.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drizzleProject, generate, PG_CONFIG, USERS_V1, USERS_V2 } from '../helpers/drizzle.js';
import { createDatabase, dropAllDatabases, postgresUnavailable, type TestDatabase } from '../helpers/pg.js';
import { cleanupAll, createRepo, type RunResult, type TempRepo } from '../helpers/repo.js';

const unavailable = await postgresUnavailable();

const AUDIT = `import { pgTable, serial, text } from 'drizzle-orm/pg-core';

export const audit = pgTable('audit', {
  id: serial('id').primaryKey(),
  action: text('action').notNull(),
});
`;

/** `npm run db:migrate` in the project, as the migrator service runs it. */
function npmMigrate(repo: TempRepo, url: string): RunResult {
  const r = spawnSync('npm', ['run', '--silent', 'db:migrate'], {
    cwd: repo.dir,
    env: { ...process.env, DATABASE_URL: url },
    encoding: 'utf8',
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(unavailable !== null)('db status on a real Postgres', () => {
  let repo: TempRepo;
  let feature: { sql: string; when: number };
  beforeAll(() => {
    repo = createRepo(
      drizzleProject(USERS_V1, {
        'drizzle.config.ts': PG_CONFIG({ extra: 'dbCredentials: { url: process.env.DATABASE_URL! },' }),
      }),
    );
    generate(repo, 'init');
    repo.commit('init');
    // A feature branch generates its migration first ...
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write({ 'src/schema/audit.ts': AUDIT });
    generate(repo, 'audit');
    repo.commit('audit table');
    const journal = JSON.parse(repo.git('show', 'feature:drizzle/meta/_journal.json'));
    feature = { sql: repo.git('show', 'feature:drizzle/0001_audit.sql'), when: journal.entries[1].when };
    // ... main generates and deploys a later one ...
    repo.git('checkout', '-q', 'main');
    repo.write({ 'src/schema/users.ts': USERS_V2 });
    generate(repo, 'add_phone');
    repo.commit('phone');
  });
  afterAll(async () => {
    await dropAllDatabases();
    cleanupAll();
  });

  /** ... and the feature lands afterwards, renumbered to 0002 but keeping its older `when`. */
  function mergeFeature(): void {
    const file = path.join(repo.dir, 'drizzle/meta/_journal.json');
    const journal = JSON.parse(readFileSync(file, 'utf8'));
    journal.entries.push({ ...journal.entries[1], idx: 2, when: feature.when, tag: '0002_audit' });
    writeFileSync(file, JSON.stringify(journal, null, 2));
    writeFileSync(path.join(repo.dir, 'drizzle/0002_audit.sql'), feature.sql);
    repo.write({ 'src/schema/audit.ts': AUDIT });
  }

  let db: TestDatabase;
  it('the migrator service command applies everything on an empty database, and status agrees', async () => {
    db = await createDatabase();
    const before = repo.run(['db', 'status'], { DATABASE_URL: db.url });
    expect(before.code).toBe(0);
    expect(before.stdout).toContain('(does not exist)');
    expect(before.stdout).toMatch(/pending\s+0000_init/);
    const migrated = npmMigrate(repo, db.url);
    expect(migrated.code).toBe(0);
    const after = repo.run(['db', 'status'], { DATABASE_URL: db.url });
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/applied\s+0000_init/);
    expect(after.stdout).toMatch(/applied\s+0001_add_phone/);
    expect(after.stdout).toContain('2 applied, 0 pending, 0 will be skipped, 0 edited, 0 unknown row(s)');
  });

  it('shows the merged-late migration as skipped, which the migrator indeed never runs', async () => {
    mergeFeature();
    const r = repo.run(['db', 'status'], { DATABASE_URL: db.url });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/SKIPPED\s+0002_audit\s+its when .* is not after the newest applied row \(0001_add_phone/);
    expect(r.stdout).toContain("drizzle's migrator will never run it");
    const migrated = npmMigrate(repo, db.url);
    expect(migrated.code).toBe(0);
    expect(await db.query(`SELECT to_regclass('public.audit') AS t`)).toEqual([{ t: null }]);
    // trust auth ignores the password: it is there to show that no output carries it.
    const withPassword = db.url.replace('postgres@', 'postgres:s3cr3t-pw@');
    const out = repo.run(['db', 'status', '--format', 'json'], { DATABASE_URL: withPassword }).stdout;
    expect(out).not.toContain('s3cr3t-pw');
    const json = JSON.parse(out);
    expect(json.migrations.map((m: { tag: string; status: string }) => [m.tag, m.status])).toEqual([
      ['0000_init', 'applied'],
      ['0001_add_phone', 'applied'],
      ['0002_audit', 'skipped'],
    ]);
    expect(json.database).toBe(db.url.replace('postgres@', 'postgres:***@'));
  });

  it('shows an applied migration whose file was edited afterwards', () => {
    const file = path.join(repo.dir, 'drizzle/0001_add_phone.sql');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"phone_number" text', '"phone_number" varchar(32)'));
    const r = repo.run(['db', 'status', '--format', 'json'], { DATABASE_URL: db.url });
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.migrations[1]).toMatchObject({ tag: '0001_add_phone', status: 'edited' });
    expect(json.summary).toMatchObject({ applied: 1, skipped: 1, edited: 1, unknown: 0 });
    repo.git('checkout', '--', 'drizzle/0001_add_phone.sql');
  });

  it('shows a hand-written Date.now() baseline row as unknown, and the migrations it hides as skipped; baseline refuses it', async () => {
    const other = await createDatabase();
    repo.git('stash', '-u', '-q');
    const sql = readFileSync(path.join(repo.dir, 'drizzle/0000_init.sql'), 'utf8')
      .split('--> statement-breakpoint')
      .join('\n');
    await other.query(sql);
    await other.query('CREATE SCHEMA drizzle');
    await other.query(
      'CREATE TABLE drizzle.__drizzle_migrations (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)',
    );
    await other.query(`INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ('baseline', $1)`, [
      Date.now() + 60_000,
    ]);
    const r = repo.run(['db', 'status'], { DATABASE_URL: other.url });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/SKIPPED\s+0000_init/);
    expect(r.stdout).toMatch(/SKIPPED\s+0001_add_phone/);
    expect(r.stdout).toMatch(/UNKNOWN\s+row id 1\s+created_at \d+, hash baseline…: matches no migration file/);
    const baseline = repo.run(['db', 'baseline', '--yes'], { DATABASE_URL: other.url });
    expect(baseline.code).toBe(1);
    expect(baseline.stdout).toContain('row id 1');
    expect(baseline.stdout).toContain('matches no migration file');
    expect(await other.query('SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations')).toEqual([{ n: 1 }]);
    repo.git('stash', 'pop', '-q');
  });

  it('the migrator service fails (non-zero) when a migration fails, so the app never starts on a half-migrated database', async () => {
    const broken = await createDatabase();
    await broken.query('CREATE TABLE users (id integer)');
    const r = npmMigrate(repo, broken.url);
    expect(r.code).not.toBe(0);
    expect(await broken.query(`SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS t`)).toEqual([
      { t: true },
    ]);
    expect(await broken.query('SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations')).toEqual([{ n: 0 }]);
  });
});
