/**
 * Supabase projects: migrations written for a platform that provides objects before the first
 * migration runs (the `auth` schema and `auth.users`, `auth.uid()`, the `anon` / `authenticated`
 * / `service_role` roles, `storage.objects`, the `extensions` schema, the `supabase_realtime`
 * publication). An empty Postgres has none of them, so such a history fails to replay on its
 * first reference to one. A project is recognised here, from its drizzle config and from what
 * its migrations reference; platform-sql.ts creates the stand-ins before a replay.
 *
 * A failure on a platform object the stand-ins lack (`auth.identities`, `realtime.messages`, the
 * `pg_net` extension ...) is the platform's, not the migration's: `platformNeed` names it.
 */
import type { Project } from '../project/model.js';
import type { LocalMigration } from './local.js';

export interface Platform {
  name: 'supabase';
  /** What in the drizzle config says so: `migrations.prefix "supabase"`, `out under supabase/migrations`. */
  fromConfig: string[];
  /** What the migrations reference, each with the first migration that does: `auth.users (0001_profiles)`. */
  fromMigrations: string[];
}

const Q = (name: string) => `"?${name}"?`;
/** `schema.name`, quoted or not, as a whole name (`oauth.users` is not `auth.users`). */
const dot = (schema: string, name: string) => new RegExp(`(?<![\\w$])${Q(schema)}\\s*\\.\\s*${Q(name)}(?![\\w$])`, 'i');

/** What a Supabase migration references that only the platform provides, as a person would name it. */
const SIGNALS: Array<[string, RegExp]> = [
  ['auth.users', dot('auth', 'users')],
  ['auth.uid()', /(?<![\w$])"?auth"?\s*\.\s*"?(?:uid|role|jwt|email)"?\s*\(/i],
  ['storage.objects', dot('storage', '(?:objects|buckets)')],
  [
    'TO authenticated / anon / service_role',
    /\bto\s+(?:(?:"?\w+"?|public)\s*,\s*)*"?(?:authenticated|anon|service_role)"?(?![\w$])/i,
  ],
  ['supabase_realtime', /\bsupabase_realtime\b/i],
  ['schema extensions', /\b(?:with\s+)?schema\s+"?extensions"?(?![\w$])|(?<![\w$])"?extensions"?\s*\.\s*"?\w+"?\s*\(/i],
];

/** A Supabase-style project, or null. Either the config or the migrations suffice. */
export function detectPlatform(
  project: Pick<Project, 'prefix' | 'out'>,
  migrations: readonly LocalMigration[],
): Platform | null {
  const fromConfig: string[] = [];
  if (project.prefix === 'supabase') fromConfig.push('migrations.prefix "supabase"');
  const underSupabase = /(^|\/)supabase\/migrations(\/|$)/.test(project.out);
  if (underSupabase) fromConfig.push(`out ${project.out} is under supabase/migrations`);
  const fromMigrations: string[] = [];
  for (const [what, pattern] of SIGNALS) {
    const first = migrations.find((m) => pattern.test(withoutComments(m.sql)));
    if (first) fromMigrations.push(`${what} (${first.tag})`);
  }
  return fromConfig.length || fromMigrations.length ? { name: 'supabase', fromConfig, fromMigrations } : null;
}

/** `-- ...` line comments out: a commented-out reference is not one. */
function withoutComments(sql: string): string {
  return sql.replace(/--[^\n]*/g, '');
}

/** How the platform was recognised, for notes: `the config (migrations.prefix "supabase") and the migrations (auth.users (0001_x))`. */
export function detectedFrom(platform: Platform): string {
  const parts = [
    ...(platform.fromConfig.length ? [`the drizzle config (${platform.fromConfig.join(', ')})`] : []),
    ...(platform.fromMigrations.length ? [`the migrations (${platform.fromMigrations.join(', ')})`] : []),
  ];
  return parts.join(' and ');
}

/** The note a replay or a baseline carries when it ran on the stand-ins. */
export function standInsNote(platform: Platform): string {
  return (
    `Supabase project (recognised from ${detectedFrom(platform)}): the replay ran on stand-ins for what the platform provides ` +
    '(the roles anon, authenticated, service_role, supabase_admin, authenticator; auth.users, auth.uid(), auth.role(), auth.jwt(), ' +
    'auth.email(); storage.buckets, storage.objects; the extensions schema; the supabase_realtime publication), not Supabase itself. ' +
    "In the platform's schemas only what the migrations add is compared."
  );
}

/** Schemas the platform owns: a missing object there is the platform's. */
export const PLATFORM_SCHEMAS: readonly string[] = [
  'auth',
  'storage',
  'realtime',
  'extensions',
  'graphql',
  'graphql_public',
  'vault',
  'pgsodium',
  'pgsodium_masks',
  'net',
  'supabase_functions',
  'supabase_migrations',
  'cron',
  'pgbouncer',
];

const PLATFORM_ROLES =
  /^(?:anon|authenticated|service_role|authenticator|dashboard_user|pgbouncer|supabase_\w+|pgsodium_\w+)$/;

/** What to do when the replay needs a platform object, for messages. */
export const PLATFORM_HELP =
  "The migration is written for Supabase and uses an object the platform provides, which the replay's stand-ins lack " +
  '(docs/database.md lists them): not a fault of that migration. Turn replay-mismatch off for this project, or check ' +
  'the schema yourself and baseline with --force.';

const schemaOf = (qualified: string) => (qualified.includes('.') ? qualified.slice(0, qualified.indexOf('.')) : '');

/**
 * The platform object a failed statement needed, from Postgres' message (`relation
 * "auth.identities" does not exist` → `table auth.identities`), or undefined when the failure is
 * not about one. `statement`: the failing SQL, to tell which table an unknown column was looked for in.
 */
export function platformNeed(message: string, code: string | undefined, statement: string): string | undefined {
  const named = (pattern: RegExp) => pattern.exec(message)?.[1];
  const relation = named(/relation "([^"]+)" does not exist/);
  if (relation && PLATFORM_SCHEMAS.includes(schemaOf(relation))) return `table ${relation}`;
  const schema = named(/schema "([^"]+)" does not exist/);
  if (schema && PLATFORM_SCHEMAS.includes(schema)) return `schema ${schema}`;
  const fn = named(/function ([\w$."]+)\(.*\) does not exist/);
  if (fn && PLATFORM_SCHEMAS.includes(schemaOf(fn.replace(/"/g, '')))) return `function ${fn.replace(/"/g, '')}()`;
  const type = named(/type "([^"]+)" does not exist/);
  if (type && PLATFORM_SCHEMAS.includes(schemaOf(type))) return `type ${type}`;
  const role = named(/role "([^"]+)" does not exist/);
  if (role && PLATFORM_ROLES.test(role)) return `role ${role}`;
  const publication = named(/publication "([^"]+)" does not exist/);
  if (publication === 'supabase_realtime') return 'publication supabase_realtime';
  const extension =
    named(/extension "([^"]+)" is not available/) ?? named(/extension control file "[^"]*\/([\w-]+)\.control"/);
  if (extension && (code === '0A000' || code === '58P01')) return `extension ${extension}`;
  const column = named(/column "([^"]+)" of relation "(?:users|objects|buckets)" does not exist/);
  if (column) {
    const table = ['auth.users', 'storage.objects', 'storage.buckets'].find((t) =>
      dot(...(t.split('.') as [string, string])).test(statement),
    );
    if (table) return `column ${table}.${column}`;
  }
  return undefined;
}
