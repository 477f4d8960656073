/**
 * The stand-ins a Supabase-style history replays on (see platform.ts): the few platform objects
 * migrations reference, created before the first migration, on PGlite as on a Postgres server.
 * A stand-in, not Supabase: tables have the columns migrations commonly read (auth.users'
 * `id`, `email`, `raw_user_meta_data` ...), functions answer from the same settings PostgREST
 * sets (`request.jwt.claims`), and nothing else of the platform (no auth.identities, no
 * realtime schema, no pg_net) exists. Every statement is idempotent and creates only what is
 * missing, so it is harmless on a database that has the real objects.
 */
import type { Catalog, CatalogObject } from './catalog.js';
import type { Db } from './connect.js';
import { PLATFORM_SCHEMAS } from './platform.js';

export const STANDIN_ROLES = ['anon', 'authenticated', 'service_role', 'supabase_admin', 'authenticator'] as const;

/** Roles are the cluster's: created only if missing, never able to log in. A concurrent creation is not an error. */
const ROLES = `DO $roles$
DECLARE r text;
BEGIN
  FOREACH r IN ARRAY ARRAY[${STANDIN_ROLES.map((r) => `'${r}'`).join(', ')}] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = r) THEN
      BEGIN
        EXECUTE format('CREATE ROLE %I NOLOGIN', r);
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END;
    END IF;
  END LOOP;
END $roles$`;

/** `CREATE FUNCTION` only when `signature` does not exist (a real auth.uid() is left alone). */
function functionIfMissing(signature: string, definition: string): string {
  return `DO $fn$ BEGIN
  IF pg_catalog.to_regprocedure('${signature}') IS NULL THEN
    EXECUTE $def$${definition}$def$;
  END IF;
END $fn$`;
}

// The claims as Supabase's own auth functions read them (request.jwt.claim.* first, then the JSON).
const claim = (name: string) =>
  `coalesce(nullif(current_setting('request.jwt.claim.${name}', true), ''), ` +
  `(nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> '${name}'))`;

const AUTH = [
  'CREATE SCHEMA IF NOT EXISTS auth',
  `CREATE TABLE IF NOT EXISTS auth.users (
    instance_id uuid,
    id uuid NOT NULL PRIMARY KEY,
    aud varchar(255),
    role varchar(255),
    email varchar(255),
    encrypted_password varchar(255),
    email_confirmed_at timestamptz,
    last_sign_in_at timestamptz,
    raw_app_meta_data jsonb,
    raw_user_meta_data jsonb,
    created_at timestamptz DEFAULT now(),
    updated_at timestamptz DEFAULT now(),
    phone text UNIQUE DEFAULT NULL,
    phone_confirmed_at timestamptz,
    banned_until timestamptz,
    deleted_at timestamptz,
    is_anonymous boolean NOT NULL DEFAULT false
  )`,
  functionIfMissing(
    'auth.uid()',
    `CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS 'SELECT (${claim('sub').replace(/'/g, "''")})::uuid'`,
  ),
  functionIfMissing(
    'auth.role()',
    `CREATE FUNCTION auth.role() RETURNS text LANGUAGE sql STABLE AS 'SELECT ${claim('role').replace(/'/g, "''")}'`,
  ),
  functionIfMissing(
    'auth.email()',
    `CREATE FUNCTION auth.email() RETURNS text LANGUAGE sql STABLE AS 'SELECT ${claim('email').replace(/'/g, "''")}'`,
  ),
  functionIfMissing(
    'auth.jwt()',
    `CREATE FUNCTION auth.jwt() RETURNS jsonb LANGUAGE sql STABLE AS 'SELECT coalesce(nullif(current_setting(''request.jwt.claim'', true), ''''), nullif(current_setting(''request.jwt.claims'', true), ''''))::jsonb'`,
  ),
];

const STORAGE = [
  'CREATE SCHEMA IF NOT EXISTS storage',
  `CREATE TABLE IF NOT EXISTS storage.buckets (
    id text NOT NULL PRIMARY KEY,
    name text NOT NULL UNIQUE,
    owner uuid,
    public boolean DEFAULT false,
    file_size_limit bigint,
    allowed_mime_types text[],
    created_at timestamptz DEFAULT now(),
    updated_at timestamptz DEFAULT now()
  )`,
  `CREATE TABLE IF NOT EXISTS storage.objects (
    id uuid NOT NULL PRIMARY KEY DEFAULT gen_random_uuid(),
    bucket_id text REFERENCES storage.buckets (id),
    name text,
    owner uuid,
    metadata jsonb,
    path_tokens text[] GENERATED ALWAYS AS (string_to_array(name, '/')) STORED,
    created_at timestamptz DEFAULT now(),
    updated_at timestamptz DEFAULT now(),
    last_accessed_at timestamptz DEFAULT now()
  )`,
  // As on the platform: storage's tables have row-level security on, so policies decide access.
  'ALTER TABLE storage.buckets ENABLE ROW LEVEL SECURITY',
  'ALTER TABLE storage.objects ENABLE ROW LEVEL SECURITY',
  functionIfMissing(
    'storage.foldername(text)',
    `CREATE FUNCTION storage.foldername(name text) RETURNS text[] LANGUAGE sql IMMUTABLE AS 'SELECT (string_to_array(name, ''/''))[1:array_length(string_to_array(name, ''/''), 1) - 1]'`,
  ),
  functionIfMissing(
    'storage.filename(text)',
    `CREATE FUNCTION storage.filename(name text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT (string_to_array(name, ''/''))[array_length(string_to_array(name, ''/''), 1)]'`,
  ),
];

/** The stand-ins' SQL, in order (the publication apart: see installStandIns). */
export const STANDIN_SQL: readonly string[] = [ROLES, ...AUTH, ...STORAGE, 'CREATE SCHEMA IF NOT EXISTS extensions'];

/** The search_path a Supabase database gives its roles: `uuid_generate_v4()` finds the extensions schema. */
export const PLATFORM_SEARCH_PATH = '"$user", public, extensions';

export interface StandIns {
  /** What exists once the stand-ins are in: left out of comparisons (the real platform's differ). */
  objects: Catalog;
  /** Why the publication is missing, when the server refused it. */
  withoutPublication?: string;
}

/**
 * Creates the stand-ins (one transaction), then the `supabase_realtime` publication where the
 * server allows it (creating one needs the CREATE privilege on the database), and puts the
 * extensions schema on this session's search_path as the platform does.
 */
export async function installStandIns(db: Db): Promise<StandIns> {
  await db.transaction(async (tx) => {
    for (const statement of STANDIN_SQL) await tx.exec(statement);
  });
  let withoutPublication: string | undefined;
  try {
    await db.exec(
      "DO $pub$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_publication WHERE pubname = 'supabase_realtime') THEN CREATE PUBLICATION supabase_realtime; END IF; END $pub$",
    );
  } catch (error) {
    withoutPublication = (error as Error)?.message ?? String(error);
  }
  await db.exec(`SET search_path TO ${PLATFORM_SEARCH_PATH}`);
  const { introspect } = await import('./catalog.js');
  const objects = await introspect(db, { schemas: [...PLATFORM_SCHEMAS] });
  return { objects, ...(withoutPublication ? { withoutPublication } : {}) };
}

const inPlatformSchema = (o: CatalogObject) =>
  PLATFORM_SCHEMAS.includes(o.kind === 'schema' ? o.name : o.name.slice(0, o.name.indexOf('.')));

/**
 * Two catalogs with the platform left out: the stand-ins themselves (the real platform's tables
 * have more columns, more functions), and in the platform's schemas whatever `reference` does
 * not have (the rest of the real auth schema). What the reference adds there (a trigger on
 * auth.users, a policy on storage.objects) is still compared.
 */
export function withoutPlatform(reference: Catalog, other: Catalog, standIns: Catalog): [Catalog, Catalog] {
  const keep = (catalog: Catalog, also: (key: string, o: CatalogObject) => boolean): Catalog => ({
    schemas: catalog.schemas,
    objects: new Map([...catalog.objects].filter(([key, o]) => !standIns.objects.has(key) && also(key, o))),
  });
  const ref = keep(reference, () => true);
  return [ref, keep(other, (key, o) => !inPlatformSchema(o) || ref.objects.has(key))];
}
