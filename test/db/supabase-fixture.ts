/**
 * The Supabase-style project of the Supabase tests: its drizzle config, schema and hand-written
 * migration, what the platform has beyond the stand-ins, and the project made with the real drizzle-kit.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { localMigrations, type LocalMigration } from '../../src/db/local.js';
import { WorktreeTree } from '../../src/git/tree.js';
import { readMigrations } from '../../src/project/migrations.js';
import { drizzleProject, generate } from '../helpers/drizzle.js';
import { createRepo, type TempRepo } from '../helpers/repo.js';

export const OUT = 'supabase/migrations';

export const SUPABASE_CONFIG = `import { defineConfig } from 'drizzle-kit';

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
export const PROFILES = (extra = '') => `import { sql } from 'drizzle-orm';
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
export const HAND_WRITTEN = `CREATE EXTENSION IF NOT EXISTS "uuid-ossp" WITH SCHEMA extensions;
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
export const MORE_PLATFORM = `
ALTER TABLE auth.users ADD COLUMN confirmation_token varchar(255), ADD COLUMN is_sso_user boolean NOT NULL DEFAULT false;
CREATE TABLE auth.identities (id uuid PRIMARY KEY, user_id uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE, provider text NOT NULL);
CREATE FUNCTION auth.is_admin() RETURNS boolean LANGUAGE sql STABLE AS 'SELECT false';
CREATE TABLE storage.migrations (id integer PRIMARY KEY, name varchar(100) NOT NULL);
`;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Three migrations: generated, hand-written, generated (the supabase prefix is to the second). */
export async function supabaseProject(): Promise<TempRepo> {
  const repo = createRepo(drizzleProject(PROFILES(), { 'drizzle.config.ts': SUPABASE_CONFIG }));
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

export async function migrationsOf(repo: TempRepo, out = OUT): Promise<LocalMigration[]> {
  return localMigrations(await readMigrations(new WorktreeTree(repo.dir, true), out));
}
