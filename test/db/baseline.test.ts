/**
 * The guide's Cases B and C on the real Postgres server: a database that already has the tables
 * (made by `drizzle-kit push` or raw SQL) is baselined, and the real drizzle-orm migrator then
 * applies exactly the newer migrations, with the data still there.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../helpers/drizzle.js';
import { createDatabase, dropAllDatabases, postgresUnavailable } from '../helpers/pg.js';
import { cleanupAll, type TempRepo } from '../helpers/repo.js';
import {
  CONFIG_EXTRA,
  createBySql,
  migrateWithDrizzle,
  project,
  push,
  runAsync,
  SCHEMA_V2,
} from './baseline-fixture.js';

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

  it('Case C: push, baseline, generate, and the real migrator applies only the new migration; the data survives', async () => {
    const story = project();
    const db = await createDatabase();
    push(story, db);
    await db.query(`INSERT INTO users (email) VALUES ('ada@example.com')`);
    await db.query(`INSERT INTO posts (user_id, title) VALUES (1, 'hello')`);

    const baseline = story.run(['db', 'baseline', '--yes'], { DATABASE_URL: db.url });
    expect(baseline.stderr).toBe('');
    expect(baseline.code).toBe(0);
    expect(baseline.stdout).toContain('The database matches the migrations up to 0000_init');
    expect(baseline.stdout).toContain('Recorded 1 migration(s) as applied');

    story.write({ 'src/schema/users.ts': SCHEMA_V2 });
    generate(story, 'add_body');
    await migrateWithDrizzle(story, db.url);

    const rows = await db.query<{ hash: string; created_at: string }>(
      'SELECT hash, created_at FROM drizzle.__drizzle_migrations ORDER BY id',
    );
    const journal = JSON.parse(readFileSync(path.join(story.dir, 'drizzle/meta/_journal.json'), 'utf8'));
    expect(journal.entries).toHaveLength(2);
    expect(rows.map((r) => Number(r.created_at))).toEqual(journal.entries.map((e: { when: number }) => e.when));
    const columns = await db.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'posts' ORDER BY column_name`,
    );
    expect(columns.map((c) => c.column_name)).toEqual(['body', 'id', 'title', 'user_id']);
    expect(await db.query('SELECT email FROM users')).toEqual([{ email: 'ada@example.com' }]);
    expect(await db.query('SELECT title FROM posts')).toEqual([{ title: 'hello' }]);

    const status = story.run(['db', 'status', '--format', 'json'], { DATABASE_URL: db.url });
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout).summary).toMatchObject({
      applied: 2,
      pending: 0,
      skipped: 0,
      edited: 0,
      unknown: 0,
    });
  });

  it('Case B: tables made by raw SQL are baselined too, and a second run has nothing to do', async () => {
    const db = await createDatabase();
    await createBySql(repo, db);
    const first = repo.run(['db', 'baseline', '--yes', '--url', db.url]);
    expect(first.code).toBe(0);
    const second = repo.run(['db', 'baseline', '--yes', '--url', db.url]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Nothing to do');
    const rows = await db.query('SELECT hash FROM drizzle.__drizzle_migrations');
    expect(rows).toHaveLength(1);
  });

  it('refuses a database that does not match, shows the difference, and writes nothing', async () => {
    const db = await createDatabase();
    await createBySql(repo, db);
    await db.query('ALTER TABLE posts DROP COLUMN title');
    await db.query('ALTER TABLE users ADD COLUMN nickname varchar(40)');
    await db.query('DROP INDEX posts_user_idx');
    const r = repo.run(['db', 'baseline', '--yes'], { DATABASE_URL: db.url });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('does not match the migrations');
    expect(r.stdout).toContain('- column public.posts.title: text NOT NULL  (in the migrations, not in the database)');
    expect(r.stdout).toContain(
      '+ column public.users.nickname: character varying(40)  (in the database, not in the migrations)',
    );
    expect(r.stdout).toContain('- index public.posts_user_idx');
    expect(r.stdout).toContain('Nothing was written');
    const table = await db.query(`SELECT to_regclass('drizzle.__drizzle_migrations') AS t`);
    expect(table).toEqual([{ t: null }]);

    const forced = repo.run(['db', 'baseline', '--yes', '--force'], { DATABASE_URL: db.url });
    expect(forced.code).toBe(0);
    expect(forced.stderr).toContain('WARNING: --force: the database was NOT compared');
    expect(await db.query('SELECT hash FROM drizzle.__drizzle_migrations')).toHaveLength(1);
  });

  it("leaves out tables outside the config's tablesFilter (another app's tables in the same schema)", async () => {
    const filtered = project(`${CONFIG_EXTRA}\n  tablesFilter: ['users', 'posts'],`);
    const db = await createDatabase();
    await createBySql(filtered, db);
    await db.query('CREATE TABLE legacy_jobs (id integer PRIMARY KEY, payload text)');
    // The other app's trigger, and the function only that trigger calls, go with its table.
    await db.query(
      `CREATE FUNCTION legacy_jobs_check() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`,
    );
    await db.query(
      'CREATE TRIGGER legacy_jobs_check BEFORE INSERT ON legacy_jobs FOR EACH ROW EXECUTE FUNCTION legacy_jobs_check()',
    );
    const r = filtered.run(['db', 'baseline', '--yes'], { DATABASE_URL: db.url });
    expect(r.stdout).toContain('The database matches the migrations');
    expect(r.code).toBe(0);
    const unfiltered = await createDatabase();
    await createBySql(repo, unfiltered);
    await unfiltered.query('CREATE TABLE legacy_jobs (id integer PRIMARY KEY, payload text)');
    const refused = repo.run(['db', 'baseline', '--yes'], { DATABASE_URL: unfiltered.url });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('+ table public.legacy_jobs');
  });

  it('--dry-run prints the exact rows and writes nothing; without a terminal --yes is required', async () => {
    const db = await createDatabase();
    await createBySql(repo, db);
    const noYes = repo.run(['db', 'baseline'], { DATABASE_URL: db.url });
    expect(noYes.code).toBe(2);
    expect(noYes.stderr).toContain('pass --yes');
    const dry = repo.run(['db', 'baseline', '--dry-run'], { DATABASE_URL: db.url });
    expect(dry.code).toBe(0);
    const journal = JSON.parse(repo.git('show', 'HEAD:drizzle/meta/_journal.json'));
    expect(dry.stdout).toContain(`0000_init  hash `);
    expect(dry.stdout).toContain(`created_at ${journal.entries[0].when}`);
    expect(dry.stdout).toContain('nothing was written');
    expect(await db.query(`SELECT to_regclass('drizzle.__drizzle_migrations') AS t`)).toEqual([{ t: null }]);
  });

  it('two baselines at once write the rows once', async () => {
    const db = await createDatabase();
    await createBySql(repo, db);
    const [a, b] = await Promise.all([
      runAsync(repo, ['db', 'baseline', '--yes'], { DATABASE_URL: db.url }),
      runAsync(repo, ['db', 'baseline', '--yes'], { DATABASE_URL: db.url }),
    ]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect([a.stdout, b.stdout].filter((o) => o.includes('Recorded 1 migration(s)'))).toHaveLength(1);
    expect(await db.query('SELECT hash FROM drizzle.__drizzle_migrations')).toHaveLength(1);
  });

  it('uses the config’s migrations table and schema, and the migrator then finds nothing to run', async () => {
    const custom = project(`${CONFIG_EXTRA}\n  migrations: { table: 'applied_migrations', schema: 'ops' },`);
    const db = await createDatabase();
    push(custom, db);
    const r = custom.run(['db', 'baseline', '--yes'], { DATABASE_URL: db.url });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('"ops"."applied_migrations"');
    expect(await db.query(`SELECT to_regclass('drizzle.__drizzle_migrations') AS t`)).toEqual([{ t: null }]);
    const columns = await db.query<{ column_name: string; data_type: string }>(
      `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'ops' AND table_name = 'applied_migrations' ORDER BY ordinal_position`,
    );
    expect(columns).toEqual([
      { column_name: 'id', data_type: 'integer' },
      { column_name: 'hash', data_type: 'text' },
      { column_name: 'created_at', data_type: 'bigint' },
    ]);
    // Had the row been wrong, the migrator would run 0000_init again and fail on "users" existing.
    await migrateWithDrizzle(custom, db.url, { migrationsTable: 'applied_migrations', migrationsSchema: 'ops' });
    expect(await db.query('SELECT count(*)::int AS n FROM ops.applied_migrations')).toEqual([{ n: 1 }]);
  });
});
