/**
 * A drizzle `out` that is the Supabase CLI's `supabase/migrations`, holding, beside drizzle's
 * migrations, the CLI's own (`supabase db diff` / `supabase migration new`): not in drizzle's
 * journal, applied by the CLI with drizzle's in file-name order. The replay applies them the same
 * way, so a later drizzle migration that relies on one replays clean; they are not orphans; and
 * `db baseline` compares a database that has them without recording them in drizzle's table.
 */
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localMigrations, replayOrder } from '../../src/db/local.js';
import { WorktreeTree } from '../../src/git/tree.js';
import { readMigrations } from '../../src/project/migrations.js';
import { splitOrphans } from '../../src/project/supabase-cli.js';
import { drizzleProject, generate } from '../helpers/drizzle.js';
import { createDatabase, dropAllDatabases, postgresUnavailable } from '../helpers/pg.js';
import { cleanupAll, createRepo, type TempRepo } from '../helpers/repo.js';
import { OUT, PROFILES, SUPABASE_CONFIG } from './supabase-fixture.js';

const unavailable = await postgresUnavailable();
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** The CLI's version: the UTC time, YYYYMMDDHHMMSS, as `supabase migration new` names files. */
const version = () => new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const LEGACY =
  'CREATE POLICY "legacy_all" ON "public"."profiles" AS PERMISSIVE FOR ALL TO authenticated USING (true);\n';
let cliFile: string;
/** What Supabase has before any migration, as far as these migrations need it. */
const PLATFORM_MINIMUM = `
DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'authenticated') THEN CREATE ROLE authenticated NOLOGIN; END IF; END $$;
CREATE SCHEMA IF NOT EXISTS auth;
CREATE TABLE IF NOT EXISTS auth.users (id uuid PRIMARY KEY);
CREATE OR REPLACE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS $f$ SELECT NULL::uuid $f$;
`;

let repo: TempRepo;
beforeAll(async () => {
  repo = createRepo(drizzleProject(PROFILES(), { 'drizzle.config.ts': SUPABASE_CONFIG }));
  generate(repo, 'profiles');
  await pause(1100);
  cliFile = `${OUT}/${version()}_legacy_policy.sql`;
  repo.write({ [cliFile]: LEGACY });
  await pause(1100);
  generate(repo, 'drop_legacy', ['--custom']);
  const custom = readdirSync(path.join(repo.dir, OUT)).filter((f) => f.endsWith('_drop_legacy.sql'))[0]!;
  writeFileSync(path.join(repo.dir, OUT, custom), 'DROP POLICY "legacy_all" ON "public"."profiles";\n');
  repo.commit('drizzle and Supabase CLI migrations');
});
afterAll(async () => {
  await dropAllDatabases();
  cleanupAll();
});

describe("the Supabase CLI's own migrations in supabase/migrations", () => {
  it("are replayed in file-name order with drizzle's: the later DROP POLICY finds its policy", () => {
    const r = repo.run(['--all', '--format', 'json']);
    const out = JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; message: string }>; notes?: string[] };
    expect(out.findings.filter((f) => f.ruleId === 'replay-mismatch')).toEqual([]);
    expect(r.stdout).toContain("1 migration of supabase/migrations not in drizzle's journal was replayed too");
    expect(r.code).toBe(0);
  }, 180_000);

  it('are not orphans of the journal (no migration-integrity finding)', () => {
    const r = repo.run(['--all', '--rule', 'migration-integrity', '--format', 'json']);
    expect(JSON.parse(r.stdout).findings).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('only in name order: the same policy named after its DROP fails the replay, as the CLI would', () => {
    const late = `${OUT}/99991231235959_legacy_policy.sql`;
    renameSync(path.join(repo.dir, cliFile), path.join(repo.dir, late));
    try {
      const r = repo.run(['--all', '--rule', 'replay-mismatch', '--format', 'json']);
      const [finding] = JSON.parse(r.stdout).findings as Array<{ message: string }>;
      expect(finding!.message).toContain('policy "legacy_all" for table "profiles" does not exist');
      expect(r.code).toBe(1);
    } finally {
      renameSync(path.join(repo.dir, late), path.join(repo.dir, cliFile));
    }
  }, 180_000);

  it("are drizzle's orphans anywhere else (a drizzle/ folder)", () => {
    expect(splitOrphans('drizzle', ['drizzle/20240101000000_x.sql'])).toEqual({
      orphanSql: ['drizzle/20240101000000_x.sql'],
      supabaseCliSql: [],
    });
    expect(splitOrphans('apps/web/supabase/migrations', ['apps/web/supabase/migrations/20240101000000_x.sql'])).toEqual(
      {
        orphanSql: [],
        supabaseCliSql: ['apps/web/supabase/migrations/20240101000000_x.sql'],
      },
    );
  });

  it("db baseline on a PGlite database with both kinds: it matches, and only drizzle's are recorded", async () => {
    const set = await readMigrations(new WorktreeTree(repo.dir, true), OUT);
    const drizzle = await localMigrations(set);
    const dir = mkdtempSync(path.join(tmpdir(), 'supabase-pglite-'));
    const live = new PGlite(dir);
    await live.exec(PLATFORM_MINIMUM);
    for (const m of await replayOrder(set, drizzle)) await live.exec(m.statements.join('\n'));
    await live.close();
    const r = repo.run(['db', 'baseline', '--yes', '--url', `pglite:${dir}`]);
    expect(r.stdout).toContain('The database matches the migrations up to');
    expect(r.stdout).toContain('Recorded 2 migration(s) as applied');
    expect(r.code).toBe(0);
    const after = new PGlite(dir);
    try {
      const rows = await after.query<{ hash: string }>('SELECT hash FROM drizzle.__drizzle_migrations ORDER BY id');
      expect(rows.rows.map((row) => row.hash)).toEqual(drizzle.map((m) => m.hash));
    } finally {
      await after.close();
    }
  }, 180_000);

  it.skipIf(unavailable !== null)(
    "db baseline: a server database with both kinds matches, and only drizzle's migrations are recorded",
    async () => {
      const set = await readMigrations(new WorktreeTree(repo.dir, true), OUT);
      const drizzle = await localMigrations(set);
      const all = await replayOrder(set, drizzle);
      expect(all.map((m) => m.supabaseCli ?? false)).toEqual([false, true, false]);
      const db = await createDatabase();
      // The platform's roles, as on Supabase; the stand-ins add auth and the rest.
      await db.query(
        "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'authenticated') THEN CREATE ROLE authenticated NOLOGIN; END IF; END $$",
      );
      await db.query('CREATE SCHEMA IF NOT EXISTS auth');
      await db.query('CREATE TABLE IF NOT EXISTS auth.users (id uuid PRIMARY KEY)');
      await db.query(
        'CREATE OR REPLACE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS $$ SELECT NULL::uuid $$',
      );
      for (const m of all) await db.query(m.statements.join('\n'));
      const r = repo.run(['db', 'baseline', '--yes'], { DATABASE_URL: db.url });
      expect(r.stdout).toContain("1 migration of supabase/migrations not in drizzle's journal was replayed too");
      expect(r.stdout).toContain('The database matches the migrations up to');
      expect(r.stdout).toContain('Recorded 2 migration(s) as applied');
      const rows = await db.query<{ hash: string }>('SELECT hash FROM drizzle.__drizzle_migrations ORDER BY id');
      expect(rows.map((row) => row.hash)).toEqual(drizzle.map((m) => m.hash));
      expect(r.code).toBe(0);
      expect(readFileSync(path.join(repo.dir, cliFile), 'utf8')).toBe(LEGACY);
    },
    180_000,
  );
});
