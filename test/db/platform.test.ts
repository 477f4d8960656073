/** Pure parts of the Supabase stand-ins: recognising a project, naming what the platform would provide. */
import { describe, expect, it } from 'vitest';
import type { Catalog, CatalogObject } from '../../src/db/catalog.js';
import type { LocalMigration } from '../../src/db/local.js';
import { detectPlatform, platformNeed } from '../../src/db/platform.js';
import { withoutPlatform } from '../../src/db/platform-sql.js';

const migration = (tag: string, sql: string): LocalMigration => ({
  tag,
  sqlFile: `drizzle/${tag}.sql`,
  hash: tag,
  createdAt: 0,
  sql,
  statements: sql.split('--> statement-breakpoint'),
});
const plain = { prefix: 'index' as const, out: 'drizzle' };

describe('detectPlatform', () => {
  it('reads the config: the supabase prefix, an out folder under supabase/migrations', () => {
    expect(detectPlatform({ prefix: 'supabase', out: 'drizzle' }, [])?.fromConfig).toEqual([
      'migrations.prefix "supabase"',
    ]);
    expect(detectPlatform({ prefix: 'timestamp', out: 'apps/web/supabase/migrations' }, [])?.fromConfig).toEqual([
      'out apps/web/supabase/migrations is under supabase/migrations',
    ]);
  });

  it('reads what the migrations reference, naming the first migration that does', () => {
    const p = detectPlatform(plain, [
      migration('0000_init', 'CREATE TABLE "posts" ("id" serial);'),
      migration(
        '0001_rls',
        'CREATE POLICY "p" ON "posts" AS PERMISSIVE FOR SELECT TO "anon", "authenticated" USING (true);',
      ),
      migration(
        '0002_fk',
        'ALTER TABLE "posts" ADD CONSTRAINT "f" FOREIGN KEY ("id") REFERENCES "auth"."users"("id");',
      ),
    ]);
    expect(p?.fromMigrations).toEqual(['auth.users (0002_fk)', 'TO authenticated / anon / service_role (0001_rls)']);
  });

  it('gives nothing for a plain project, nor for a reference in a comment or a lookalike name', () => {
    expect(
      detectPlatform(plain, [
        migration(
          '0000_init',
          'CREATE TABLE "users" ("id" serial, "anon_count" integer);\n-- later: REFERENCES auth.users',
        ),
        migration('0001_rename', 'ALTER TABLE "oauth"."users_map" RENAME TO "authentications";'),
        migration(
          '0002_oauth',
          'CREATE TABLE oauth.users (id int); SELECT pg_extensions.version(); SELECT oauth.uid();',
        ),
      ]),
    ).toBeNull();
  });
});

describe('platformNeed', () => {
  it('names the platform object a statement needed', () => {
    expect(platformNeed('relation "auth.identities" does not exist', '42P01', '')).toBe('table auth.identities');
    expect(platformNeed('schema "realtime" does not exist', '3F000', '')).toBe('schema realtime');
    expect(platformNeed('function net.http_post(url => unknown) does not exist', '42883', '')).toBe(
      'function net.http_post()',
    );
    expect(platformNeed('role "supabase_auth_admin" does not exist', '42704', '')).toBe('role supabase_auth_admin');
    expect(platformNeed('extension "pg_net" is not available', '0A000', '')).toBe('extension pg_net');
    expect(
      platformNeed(
        'column "is_sso_user" of relation "users" does not exist',
        '42703',
        'ALTER TABLE auth.users ALTER COLUMN is_sso_user SET DEFAULT true',
      ),
    ).toBe('column auth.users.is_sso_user');
  });

  it("leaves the migration's own mistakes to it", () => {
    expect(platformNeed('relation "posts" does not exist', '42P01', '')).toBeUndefined();
    expect(platformNeed('role "app_reader" does not exist', '42704', '')).toBeUndefined();
    expect(
      platformNeed('column "titel" of relation "posts" does not exist', '42703', 'ALTER TABLE posts ...'),
    ).toBeUndefined();
    expect(platformNeed('syntax error at or near "TABEL"', '42601', '')).toBeUndefined();
  });
});

describe('withoutPlatform', () => {
  const o = (kind: CatalogObject['kind'], name: string, parent?: string, definition = ''): CatalogObject => ({
    kind,
    name,
    ...(parent ? { parent } : {}),
    definition,
  });
  const catalog = (...objects: CatalogObject[]): Catalog => ({
    schemas: [],
    objects: new Map(objects.map((x) => [`${x.kind} ${x.name}`, x])),
  });

  it('leaves out the stand-ins and the rest of the platform, keeps what the migrations add to it', () => {
    const standIns = catalog(o('table', 'auth.users'), o('column', 'auth.users.id', 'auth.users', 'uuid NOT NULL'));
    const reference = catalog(
      ...standIns.objects.values(),
      o('trigger', 'auth.users.on_signup', 'auth.users', 'CREATE TRIGGER ...'),
      o('table', 'public.profiles'),
    );
    const live = catalog(
      o('table', 'auth.users'),
      o('column', 'auth.users.id', 'auth.users', 'uuid NOT NULL'),
      o('column', 'auth.users.is_sso_user', 'auth.users', 'boolean NOT NULL'),
      o('table', 'auth.identities'),
      o('table', 'public.profiles'),
      o('table', 'public.extra'),
    );
    const [expected, actual] = withoutPlatform(reference, live, standIns);
    expect([...expected.objects.keys()]).toEqual(['trigger auth.users.on_signup', 'table public.profiles']);
    expect([...actual.objects.keys()]).toEqual(['table public.profiles', 'table public.extra']);
  });
});
