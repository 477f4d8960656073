/**
 * Supabase-style projects: migrations that reference what the platform provides (auth.users,
 * auth.uid(), the authenticated role, storage.objects, the supabase_realtime publication) replay
 * on stand-ins, on PGlite and on the Postgres server, and `db baseline` works on a server database
 * made as Supabase makes it. Migrations come from the real drizzle-kit, plus one written by hand.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/db/connect.js';
import { localMigrations, type LocalMigration } from '../../src/db/local.js';
import { loadDbProject } from '../../src/db/project.js';
import { detectPlatform } from '../../src/db/platform.js';
import { installStandIns } from '../../src/db/platform-sql.js';
import { replay, replayedWith } from '../../src/db/replay.js';
import { targetFrom } from '../../src/db/target.js';
import { WorktreeTree } from '../../src/git/tree.js';
import { readMigrations } from '../../src/project/migrations.js';
import { drizzleProject, generate, USERS_V1 } from '../helpers/drizzle.js';
import { createDatabase, dropAllDatabases, postgresUnavailable, type TestDatabase } from '../helpers/pg.js';
import { cleanupAll, createRepo, PROJECT_ROOT, type TempRepo } from '../helpers/repo.js';

const unavailable = await postgresUnavailable();

const OUT = 'supabase/migrations';

const CONFIG = `import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema',
  out: './${OUT}',
  migrations: { prefix: 'supabase' },
  entities: { roles: { provider: 'supabase' } },
  dbCredentials: { url: process.env.DATABASE_URL! },
});
`;

/** The usual Supabase schema: a profile per auth user, readable by its owner. */
const PROFILES = (extra = '') => `import { sql } from 'drizzle-orm';
import { pgPolicy, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { authenticatedRole, authUid, authUsers } from 'drizzle-orm/supabase';

export const profiles = pgTable(
  'profiles',
  {
    id: uuid('id').primaryKey().references(() => authUsers.id, { onDelete: 'cascade' }),
    displayName: text('display_name'),${extra}
    createdAt: timestamp('created_at', { withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [pgPolicy('profiles_select_own', { for: 'select', to: authenticatedRole, using: sql\`\${t.id} = \${authUid}\` })],
).enableRLS();
`;

/** Written by hand (generate --custom): a trigger on auth.users, a storage policy for authenticated, realtime. */
const HAND_WRITTEN = `CREATE EXTENSION IF NOT EXISTS "uuid-ossp" WITH SCHEMA extensions;
--> statement-breakpoint
CREATE FUNCTION public.handle_new_user() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
BEGIN
  INSERT INTO public.profiles (id, display_name) VALUES (NEW.id, NEW.raw_user_meta_data ->> 'full_name');
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER on_auth_user_created AFTER INSERT ON auth.users FOR EACH ROW EXECUTE FUNCTION public.handle_new_user();
--> statement-breakpoint
CREATE POLICY "avatars_insert_own" ON storage.objects FOR INSERT TO authenticated
  WITH CHECK (bucket_id = 'avatars' AND (storage.foldername(name))[1] = (select auth.uid())::text);
--> statement-breakpoint
ALTER PUBLICATION supabase_realtime ADD TABLE public.profiles;
--> statement-breakpoint
GRANT SELECT ON public.profiles TO anon, authenticated, service_role;
`;

/** What Supabase has and the stand-ins do not: the baselined database is made like the platform's. */
const MORE_PLATFORM = `
ALTER TABLE auth.users ADD COLUMN confirmation_token varchar(255), ADD COLUMN is_sso_user boolean NOT NULL DEFAULT false;
CREATE TABLE auth.identities (id uuid PRIMARY KEY, user_id uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE, provider text NOT NULL);
CREATE FUNCTION auth.is_admin() RETURNS boolean LANGUAGE sql STABLE AS 'SELECT false';
CREATE TABLE storage.migrations (id integer PRIMARY KEY, name varchar(100) NOT NULL);
`;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Three migrations: generated, hand-written, generated (the supabase prefix is to the second). */
async function supabaseProject(): Promise<TempRepo> {
  const repo = createRepo(drizzleProject(PROFILES(), { 'drizzle.config.ts': CONFIG }));
  generate(repo, 'profiles');
  await pause(1100);
  generate(repo, 'handle_new_user', ['--custom']);
  const custom = readFileSync(path.join(repo.dir, OUT, 'meta/_journal.json'), 'utf8');
  const tag = (JSON.parse(custom) as { entries: Array<{ tag: string }> }).entries[1]!.tag;
  writeFileSync(path.join(repo.dir, OUT, `${tag}.sql`), HAND_WRITTEN);
  await pause(1100);
  // A default from the extensions schema: printed qualified or not depending on the search_path.
  repo.write({
    'src/schema/users.ts': PROFILES(
      "\n    avatarUrl: text('avatar_url'),\n    token: uuid('token').default(sql`extensions.uuid_generate_v4()`),",
    ),
  });
  generate(repo, 'avatar');
  repo.commit('supabase project');
  return repo;
}

async function migrationsOf(repo: TempRepo, out = OUT): Promise<LocalMigration[]> {
  return localMigrations(await readMigrations(new WorktreeTree(repo.dir, true), out));
}

let repo: TempRepo;
beforeAll(async () => {
  repo = await supabaseProject();
});
afterAll(async () => {
  await dropAllDatabases();
  cleanupAll();
});

describe('a Supabase-style project', () => {
  it('is recognised from the config and from what its migrations reference, each said', async () => {
    const migrations = await migrationsOf(repo);
    const platform = detectPlatform({ prefix: 'supabase', out: OUT }, migrations)!;
    expect(platform.fromConfig).toEqual([
      'migrations.prefix "supabase"',
      'out supabase/migrations is under supabase/migrations',
    ]);
    const found = platform.fromMigrations.map((s) => s.replace(/ \(.*\)$/, ''));
    expect(found).toEqual([
      'auth.users',
      'auth.uid()',
      'storage.objects',
      'TO authenticated / anon / service_role',
      'supabase_realtime',
      'schema extensions',
    ]);
    expect(platform.fromMigrations[0]).toBe(`auth.users (${migrations[0]!.tag})`);
    // The migrations alone suffice (a project whose config says nothing).
    expect(detectPlatform({ prefix: 'index', out: 'drizzle' }, migrations)?.fromConfig).toEqual([]);
  });

  it('replays clean on PGlite (replay-mismatch), on the stand-ins', () => {
    const r = repo.run(['--all', '--rule', 'replay-mismatch', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).findings).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('says, in the replay result, that it ran on the stand-ins', async () => {
    const { project, root, migrations } = await loadDbProject(repo.dir, []);
    // The built module: the schema loads in a worker process from dist/ (npm run build first).
    const built = path.join(PROJECT_ROOT, 'dist/db/replay-check.js');
    const { replayCheck } = (await import(built)) as typeof import('../../src/db/replay-check.js');
    const result = await replayCheck(project, root, new WorktreeTree(root, true), migrations);
    expect(result.kind).toBe('same');
    expect(result.note).toContain('Supabase project (recognised from the drizzle config (migrations.prefix "supabase"');
    expect(result.note).toContain('the replay ran on stand-ins');
  });

  it('puts what the migrations do to the platform on the stand-ins (the publication, the trigger)', async () => {
    const migrations = await migrationsOf(repo);
    const { db, standIns } = await replayedWith(migrations, {
      platform: detectPlatform({ prefix: 'supabase', out: OUT }, migrations),
    });
    try {
      expect(standIns).not.toBeNull();
      const [row] = await db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_publication_tables WHERE pubname = 'supabase_realtime' AND tablename = 'profiles'",
      );
      expect(row!.n).toBe(1);
      await db.exec(
        `INSERT INTO auth.users (id, raw_user_meta_data) VALUES ('00000000-0000-0000-0000-000000000002', '{"full_name":"Grace"}')`,
      );
      expect(await db.query('SELECT display_name FROM public.profiles')).toEqual([{ display_name: 'Grace' }]);
    } finally {
      await db.close();
    }
  });

  it("reports a platform object the stand-ins lack as the platform's, never as the migration's fault", () => {
    const journal = JSON.parse(readFileSync(path.join(repo.dir, OUT, 'meta/_journal.json'), 'utf8')) as {
      entries: Array<{ tag: string }>;
    };
    const file = path.join(repo.dir, OUT, `${journal.entries[1]!.tag}.sql`);
    writeFileSync(
      file,
      `${HAND_WRITTEN}--> statement-breakpoint\nCREATE INDEX identities_user_idx ON auth.identities (user_id);\n`,
    );
    try {
      const r = repo.run(['--all', '--rule', 'replay-mismatch', '--format', 'json']);
      const [finding] = JSON.parse(r.stdout).findings as Array<{ message: string; file: string }>;
      expect(finding!.message).toContain(
        "needs the platform's table auth.identities, which the replay's Supabase stand-ins do not provide",
      );
      expect(finding!.file).toBe(`${OUT}/${journal.entries[1]!.tag}.sql`);
    } finally {
      writeFileSync(file, HAND_WRITTEN);
    }
  });
});

describe('a project that is not Supabase-style', () => {
  it('gets no stand-ins', async () => {
    const plain = createRepo(drizzleProject(USERS_V1));
    generate(plain, 'init');
    const migrations = await migrationsOf(plain, 'drizzle');
    const platform = detectPlatform({ prefix: 'index', out: 'drizzle' }, migrations);
    expect(platform).toBeNull();
    const { db, standIns } = await replayedWith(migrations, { platform });
    try {
      expect(standIns).toBeNull();
      const schemas = await db.query<{ nspname: string }>(
        "SELECT nspname FROM pg_namespace WHERE nspname IN ('auth', 'storage', 'extensions')",
      );
      expect(schemas).toEqual([]);
    } finally {
      await db.close();
    }
  });
});

describe.skipIf(unavailable !== null)('a Supabase-style project on the Postgres server', () => {
  async function withDb<T>(
    db: TestDatabase,
    fn: (live: Awaited<ReturnType<typeof connect>>) => Promise<T>,
  ): Promise<T> {
    const live = await connect(targetFrom(db.url, 'the test'));
    try {
      return await fn(live);
    } finally {
      await live.close();
    }
  }

  it('replays clean on the server, on the stand-ins (twice: they are created only if missing)', async () => {
    const db = await createDatabase();
    const migrations = await migrationsOf(repo);
    const platform = detectPlatform({ prefix: 'supabase', out: OUT }, migrations);
    await withDb(db, async (live) => {
      const standIns = await installStandIns(live);
      expect(standIns.withoutPublication).toBeUndefined();
      await installStandIns(live);
      await replay(live, migrations, undefined, false, platform);
    });
    // The trigger on auth.users does its work.
    await db.query(
      `INSERT INTO auth.users (id, raw_user_meta_data) VALUES ('00000000-0000-0000-0000-000000000001', '{"full_name":"Ada"}')`,
    );
    expect(await db.query('SELECT display_name FROM public.profiles')).toEqual([{ display_name: 'Ada' }]);
    const roles = await db.query<{ rolname: string; rolcanlogin: boolean }>(
      "SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname IN ('anon', 'authenticated', 'service_role', 'supabase_admin', 'authenticator') ORDER BY 1",
    );
    expect(roles.map((r) => r.rolname)).toEqual([
      'anon',
      'authenticated',
      'authenticator',
      'service_role',
      'supabase_admin',
    ]);
  });

  it('the real drizzle migrator applies the history on the stand-ins', async () => {
    const db = await createDatabase();
    await withDb(db, (live) => installStandIns(live));
    const pool = new pg.Pool({ connectionString: db.url });
    try {
      await migrate(drizzle(pool), { migrationsFolder: path.join(repo.dir, OUT) });
    } finally {
      await pool.end();
    }
    expect(await db.query('SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations')).toEqual([{ n: 3 }]);
  });

  /** A database made as the platform makes it (more of auth and storage than the stand-ins), then the migrations' SQL, unrecorded. */
  async function platformDatabase(): Promise<TestDatabase> {
    const db = await createDatabase();
    await withDb(db, (live) => installStandIns(live));
    await db.query(MORE_PLATFORM);
    for (const m of await migrationsOf(repo)) await db.query(m.statements.join('\n'));
    return db;
  }

  it('db baseline works on a server database that has the schema, and says it used the stand-ins', async () => {
    const db = await platformDatabase();
    const r = repo.run(['db', 'baseline', '--yes'], { DATABASE_URL: db.url });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Supabase project (recognised from the drizzle config (migrations.prefix "supabase"');
    expect(r.stdout).toContain('the replay ran on stand-ins');
    expect(r.stdout).toContain('The database matches the migrations up to');
    expect(r.stdout).toContain('Recorded 3 migration(s) as applied');
    expect(r.code).toBe(0);
  });

  it('db baseline still compares what the migrations add to the platform: a missing trigger on auth.users refuses', async () => {
    const db = await platformDatabase();
    await db.query('DROP TRIGGER on_auth_user_created ON auth.users');
    await db.query('DROP POLICY avatars_insert_own ON storage.objects');
    const r = repo.run(['db', 'baseline', '--yes'], { DATABASE_URL: db.url });
    expect(r.stdout).toContain('- trigger auth.users.on_auth_user_created');
    expect(r.stdout).toContain('- policy storage.objects.avatars_insert_own');
    expect(r.stdout).not.toContain('auth.identities');
    expect(r.stdout).not.toContain('confirmation_token');
    expect(r.code).toBe(1);
  });

  it('db baseline names a platform object the stand-ins lack as the platform\'s, and does not say "fix that migration"', async () => {
    const db = await platformDatabase();
    const journal = JSON.parse(readFileSync(path.join(repo.dir, OUT, 'meta/_journal.json'), 'utf8')) as {
      entries: Array<{ tag: string }>;
    };
    const file = path.join(repo.dir, OUT, `${journal.entries[1]!.tag}.sql`);
    writeFileSync(
      file,
      `${HAND_WRITTEN}--> statement-breakpoint\nGRANT SELECT ON public.profiles TO supabase_auth_admin;\n`,
    );
    try {
      const r = repo.run(['db', 'baseline', '--yes'], { DATABASE_URL: db.url });
      expect(r.stdout).toContain("needs the platform's role supabase_auth_admin");
      expect(r.stdout).toContain('not a fault of the migration');
      expect(r.stdout).not.toMatch(/fix that migration/i);
      expect(r.code).toBe(1);
    } finally {
      writeFileSync(file, HAND_WRITTEN);
    }
  });
});
