/**
 * The guide's Cases B and C on the real Postgres server: a database that already has the tables
 * (made by `drizzle-kit push` or raw SQL) is baselined, and the real drizzle-orm migrator then
 * applies exactly the newer migrations, with the data still there.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drizzleProject, generate, PG_CONFIG } from '../helpers/drizzle.js';
import { adminQuery, createDatabase, dropAllDatabases, postgresUnavailable, type TestDatabase } from '../helpers/pg.js';
import { BIN, cleanupAll, createRepo, type RunResult, type TempRepo } from '../helpers/repo.js';

const unavailable = await postgresUnavailable();

const SCHEMA_V1 = `import { pgTable, serial, text, integer, index, uniqueIndex, pgEnum } from 'drizzle-orm/pg-core';

export const mood = pgEnum('mood', ['sad', 'ok', 'happy']);

export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  email: text('email').notNull(),
  mood: mood('mood').default('ok'),
}, (t) => [uniqueIndex('users_email_idx').on(t.email)]);

export const posts = pgTable('posts', {
  id: serial('id').primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  title: text('title').notNull(),
}, (t) => [index('posts_user_idx').on(t.userId)]);
`;
const SCHEMA_V2 = SCHEMA_V1.replace(
  "title: text('title').notNull(),",
  "title: text('title').notNull(),\n  body: text('body'),",
);

const CONFIG_EXTRA = 'dbCredentials: { url: process.env.DATABASE_URL! },';

function project(extra = CONFIG_EXTRA): TempRepo {
  const repo = createRepo(drizzleProject(SCHEMA_V1, { 'drizzle.config.ts': PG_CONFIG({ extra }) }));
  generate(repo, 'init');
  repo.commit('init');
  return repo;
}

function push(repo: TempRepo, db: TestDatabase): void {
  const r = repo.exec('drizzle-kit', ['push', '--force'], { DATABASE_URL: db.url });
  if (r.code !== 0) throw new Error(`drizzle-kit push failed:\n${r.stdout}${r.stderr}`);
}

/** Runs one migration file's SQL on the database, as drizzle's migrator would (without recording it). */
async function applySql(repo: TempRepo, db: TestDatabase, file: string): Promise<void> {
  await db.query(readFileSync(path.join(repo.dir, file), 'utf8').split('--> statement-breakpoint').join('\n'));
}

/** The guide's "raw SQL" way: the tables exist, made by hand from the same DDL (faster than push). */
async function createBySql(repo: TempRepo, db: TestDatabase): Promise<void> {
  await applySql(repo, db, 'drizzle/0000_init.sql');
}

function runAsync(repo: TempRepo, args: string[], env: Record<string, string>): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: repo.dir,
      env: { ...process.env, NO_COLOR: '1', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

async function migrateWithDrizzle(
  repo: TempRepo,
  url: string,
  config: { migrationsTable?: string; migrationsSchema?: string } = {},
) {
  const pool = new pg.Pool({ connectionString: url });
  try {
    await migrate(drizzle(pool), { migrationsFolder: path.join(repo.dir, 'drizzle'), ...config });
  } finally {
    await pool.end();
  }
}

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

describe.skipIf(unavailable !== null)('db baseline compares functions, triggers and policies', () => {
  const SCHEMA = `import { sql } from 'drizzle-orm';
import { integer, pgPolicy, pgTable, serial, text } from 'drizzle-orm/pg-core';

export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  email: text('email').notNull(),
});

export const posts = pgTable('posts', {
  id: serial('id').primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id),
  title: text('title').notNull(),
}, (t) => [
  pgPolicy('posts_read_own', { for: 'select', to: 'public', using: sql\`\${t.userId} = current_setting('app.user_id')::int\` }),
]);
`;
  /** A `--custom` migration: emails stored in lower case, by a trigger. */
  const LOWER_EMAIL = `CREATE FUNCTION lower_email() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.email := lower(NEW.email);
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER users_lower_email BEFORE INSERT OR UPDATE OF email ON users FOR EACH ROW EXECUTE FUNCTION lower_email();
`;
  let repo: TempRepo;
  beforeAll(() => {
    repo = createRepo(drizzleProject(SCHEMA, { 'drizzle.config.ts': PG_CONFIG({ extra: CONFIG_EXTRA }) }));
    generate(repo, 'init');
    generate(repo, 'lower_email', ['--custom']);
    writeFileSync(path.join(repo.dir, 'drizzle/0001_lower_email.sql'), LOWER_EMAIL);
    repo.commit('init');
  });
  afterAll(async () => {
    await dropAllDatabases();
    cleanupAll();
  });

  const noTable = async (db: TestDatabase) =>
    expect(await db.query(`SELECT to_regclass('drizzle.__drizzle_migrations') AS t`)).toEqual([{ t: null }]);

  it('refuses a database without the trigger and function a custom migration creates, and baselines one with them', async () => {
    const db = await createDatabase();
    await applySql(repo, db, 'drizzle/0000_init.sql');
    const refused = repo.run(['db', 'baseline', '--yes'], { DATABASE_URL: db.url });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('does not match the migrations up to 0001_lower_email: 2 difference(s)');
    expect(refused.stdout).toContain(
      '- trigger public.users.users_lower_email: CREATE TRIGGER users_lower_email BEFORE INSERT OR UPDATE OF email ON public.users ' +
        'FOR EACH ROW EXECUTE FUNCTION lower_email()  (in the migrations, not in the database)',
    );
    expect(refused.stdout).toContain(
      '- function public.lower_email(): CREATE OR REPLACE FUNCTION public.lower_email() RETURNS trigger',
    );
    await noTable(db);

    await applySql(repo, db, 'drizzle/0001_lower_email.sql');
    const done = repo.run(['db', 'baseline', '--yes'], { DATABASE_URL: db.url });
    expect(done.stdout).toContain('The database matches the migrations up to 0001_lower_email');
    expect(done.code).toBe(0);
    expect(await db.query('SELECT hash FROM drizzle.__drizzle_migrations')).toHaveLength(2);
    await migrateWithDrizzle(repo, db.url); // nothing left to run: it would fail on "users" existing
    await db.query(`INSERT INTO users (email) VALUES ('Ada@Example.com')`);
    expect(await db.query('SELECT email FROM users')).toEqual([{ email: 'ada@example.com' }]);
  });

  it('refuses a function whose body differs, a missing policy and a disabled trigger', async () => {
    const db = await createDatabase();
    await applySql(repo, db, 'drizzle/0000_init.sql');
    await db.query(LOWER_EMAIL.replace('--> statement-breakpoint', '').replace('lower(NEW.email)', 'trim(NEW.email)'));
    await db.query('DROP POLICY posts_read_own ON posts');
    await db.query('ALTER TABLE users DISABLE TRIGGER users_lower_email');
    const r = repo.run(['db', 'baseline', '--yes'], { DATABASE_URL: db.url });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('3 difference(s)');
    expect(r.stdout).toContain('~ function public.lower_email()');
    expect(r.stdout).toMatch(
      /the migrations: CREATE OR REPLACE FUNCTION public\.lower_email\(\) .*NEW\.email := lower\(NEW\.email\);/,
    );
    expect(r.stdout).toMatch(
      /the database: {3}CREATE OR REPLACE FUNCTION public\.lower_email\(\) .*NEW\.email := trim\(NEW\.email\);/,
    );
    expect(r.stdout).toContain(
      "- policy public.posts.posts_read_own: AS PERMISSIVE FOR SELECT TO public USING ((user_id = (current_setting('app.user_id'::text))::integer))",
    );
    expect(r.stdout).toContain('~ trigger public.users.users_lower_email');
    expect(r.stdout).toMatch(/the database: {3}CREATE TRIGGER users_lower_email .* \(DISABLED\)/);
    await noTable(db);
  });
});
