/**
 * Supabase-style projects: migrations that reference what the platform provides (auth.users,
 * auth.uid(), the authenticated role, storage.objects, the supabase_realtime publication) are
 * recognised and replay on stand-ins on PGlite; a project that is not Supabase-style gets none.
 * Migrations come from the real drizzle-kit, plus one written by hand. On the Postgres server:
 * supabase-server.test.ts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectPlatform } from '../../src/db/platform.js';
import { loadDbProject } from '../../src/db/project.js';
import { replayedWith } from '../../src/db/replay.js';
import { WorktreeTree } from '../../src/git/tree.js';
import { drizzleProject, generate, USERS_V1 } from '../helpers/drizzle.js';
import { dropAllDatabases } from '../helpers/pg.js';
import { cleanupAll, createRepo, PROJECT_ROOT, type TempRepo } from '../helpers/repo.js';
import { HAND_WRITTEN, migrationsOf, OUT, supabaseProject } from './supabase-fixture.js';

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
