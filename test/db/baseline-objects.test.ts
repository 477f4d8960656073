/**
 * `db baseline` on the real Postgres server compares what migrations make besides tables: the
 * functions and triggers of a `--custom` migration, row-level security policies.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drizzleProject, generate, PG_CONFIG } from '../helpers/drizzle.js';
import { createDatabase, dropAllDatabases, postgresUnavailable, type TestDatabase } from '../helpers/pg.js';
import { cleanupAll, createRepo, type TempRepo } from '../helpers/repo.js';
import { applySql, CONFIG_EXTRA, migrateWithDrizzle } from './baseline-fixture.js';

const unavailable = await postgresUnavailable();

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
