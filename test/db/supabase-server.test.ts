/**
 * A Supabase-style project on the Postgres server: its migrations replay on the stand-ins there, the
 * real drizzle migrator applies them, and `db baseline` works on a database made as Supabase makes it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/db/connect.js';
import { detectPlatform } from '../../src/db/platform.js';
import { installStandIns } from '../../src/db/platform-sql.js';
import { replay } from '../../src/db/replay.js';
import { targetFrom } from '../../src/db/target.js';
import { createDatabase, dropAllDatabases, postgresUnavailable, type TestDatabase } from '../helpers/pg.js';
import { cleanupAll, type TempRepo } from '../helpers/repo.js';
import { HAND_WRITTEN, migrationsOf, MORE_PLATFORM, OUT, supabaseProject } from './supabase-fixture.js';

const unavailable = await postgresUnavailable();

let repo: TempRepo;
beforeAll(async () => {
  repo = await supabaseProject();
});
afterAll(async () => {
  await dropAllDatabases();
  cleanupAll();
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
