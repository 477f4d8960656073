/**
 * Catalog introspection of functions, triggers and policies: the same DDL run on the real server
 * and on PGlite (another major version) reads back as the same catalog, object for object.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { introspect, SNAPSHOT_KINDS, type Catalog } from '../../src/db/catalog.js';
import type { Db } from '../../src/db/connect.js';
import { connect } from '../../src/db/connect.js';
import { parseDatabaseUrl } from '../../src/db/url.js';
import { extensionsFor, freshPglite } from '../../src/db/pglite.js';
import { cacheDir } from '../../src/project/cache.js';
import { PROJECT_ROOT } from '../helpers/repo.js';
import { adminQuery, createDatabase, dropAllDatabases, postgresUnavailable, type TestDatabase } from '../helpers/pg.js';

const unavailable = await postgresUnavailable();

const ddl = (role: string) => `
CREATE EXTENSION IF NOT EXISTS pgcrypto;
CREATE SCHEMA app;
CREATE TABLE public.owners (id serial PRIMARY KEY);
CREATE TABLE public.items (
  id serial PRIMARY KEY, name text NOT NULL, price numeric, updated_at timestamptz,
  owner_id integer REFERENCES public.owners (id)
);
CREATE TABLE app.audit (id bigserial PRIMARY KEY, item_id integer, op text, at timestamptz DEFAULT now());
CREATE TABLE public.legacy (id integer);
CREATE VIEW public.cheap AS SELECT id, name FROM public.items WHERE price < 10;

CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END;
$$;
CREATE FUNCTION public.add(a integer, b integer DEFAULT 1) RETURNS integer LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS 'select a + b';
CREATE FUNCTION public.add(a numeric, b numeric) RETURNS numeric LANGUAGE sql AS $$ select a + b $$;
CREATE FUNCTION public.add_atomic(a integer, b integer) RETURNS integer LANGUAGE sql RETURN a + b;
CREATE FUNCTION public.count_items(min_price numeric) RETURNS bigint LANGUAGE sql STABLE
  BEGIN ATOMIC SELECT count(*) FROM public.items i WHERE i.price >= min_price; END;
CREATE FUNCTION app.rows(p text) RETURNS TABLE (a int, b text) LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = app, pg_temp AS $$ BEGIN RETURN QUERY SELECT 1, p; END $$;
CREATE FUNCTION app.total(VARIADIC xs int[]) RETURNS int LANGUAGE sql AS $$ select array_length(xs, 1) $$;
CREATE PROCEDURE app.bump(INOUT n int) LANGUAGE plpgsql AS $$ BEGIN n := n + 1; END $$;
CREATE FUNCTION app.log_op() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN INSERT INTO app.audit (item_id, op) VALUES (NEW.id, TG_OP); RETURN NULL; END $$;
CREATE FUNCTION app.nothing() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
CREATE FUNCTION public.legacy_stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE FUNCTION public.cheap_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN INSERT INTO public.items (name, price) VALUES (NEW.name, 1); RETURN NEW; END $$;

CREATE TRIGGER items_touch BEFORE UPDATE ON public.items FOR EACH ROW EXECUTE FUNCTION public.touch();
CREATE TRIGGER items_log AFTER UPDATE OF name, price ON public.items FOR EACH ROW
  WHEN (NEW.price IS DISTINCT FROM OLD.price OR NEW.name <> 'x') EXECUTE FUNCTION app.log_op();
CREATE TRIGGER items_gone AFTER DELETE ON public.items REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION app.nothing();
CREATE CONSTRAINT TRIGGER items_check AFTER INSERT ON public.items DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION app.nothing();
CREATE TRIGGER items_truncate AFTER TRUNCATE ON public.items FOR EACH STATEMENT EXECUTE FUNCTION app.nothing();
ALTER TABLE public.items DISABLE TRIGGER items_truncate;
CREATE TRIGGER cheap_insert INSTEAD OF INSERT ON public.cheap FOR EACH ROW EXECUTE FUNCTION public.cheap_insert();
CREATE TRIGGER legacy_stamp BEFORE INSERT ON public.legacy FOR EACH ROW EXECUTE FUNCTION public.legacy_stamp();

CREATE ROLE ${role};
ALTER TABLE public.items ENABLE ROW LEVEL SECURITY;
CREATE POLICY items_all ON public.items USING (owner_id = current_setting('app.user_id')::int);
CREATE POLICY items_read ON public.items AS RESTRICTIVE FOR SELECT TO postgres, ${role} USING (price > 0 AND name LIKE 'a%');
CREATE POLICY items_insert ON public.items FOR INSERT TO public
  WITH CHECK (owner_id IN (SELECT o.id FROM public.owners o WHERE o.id = items.owner_id));
CREATE POLICY items_update ON public.items FOR UPDATE USING (true) WITH CHECK (price IS NOT NULL);
`;

const entries = (catalog: Catalog) => [...catalog.objects.values()];

describe.skipIf(unavailable !== null)('functions, triggers and policies in the catalog', () => {
  let live: Db;
  let lite: Db;
  let db: TestDatabase;
  let role: string;
  beforeAll(async () => {
    db = await createDatabase();
    role = `${db.name}_reader`;
    const sql = ddl(role);
    await db.query(sql);
    live = await connect({ ...parseDatabaseUrl(db.url), source: 'test' });
    lite = await freshPglite({ extensions: await extensionsFor([sql]), cacheDir: cacheDir(PROJECT_ROOT) });
    await lite.exec(sql);
  });
  afterAll(async () => {
    await live?.close();
    await lite?.close();
    await dropAllDatabases();
    if (role) await adminQuery(`DROP ROLE IF EXISTS ${role}`);
  });

  it('reads the same catalog from the server and from PGlite', async () => {
    const server = await introspect(live, { schemas: ['app', 'public'] });
    const embedded = await introspect(lite, { schemas: ['app', 'public'] });
    expect(entries(embedded)).toEqual(entries(server));
    const kinds = entries(server).map((o) => o.kind);
    for (const kind of ['function', 'trigger', 'policy'] as const) expect(kinds).toContain(kind);
  });

  it('keys functions by argument types, leaves out extension members and internal triggers', async () => {
    const { objects } = await introspect(live, { schemas: ['app', 'public'] });
    expect(objects.get('function public.add(integer, integer)')?.definition).toBe(
      'CREATE OR REPLACE FUNCTION public.add(a integer, b integer DEFAULT 1) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $function$select a + b$function$',
    );
    expect(objects.get('function public.add(numeric, numeric)')?.definition).toContain('RETURNS numeric');
    expect(objects.get('function app.bump(integer)')?.definition).toContain(
      'CREATE OR REPLACE PROCEDURE app.bump(INOUT n integer)',
    );
    const functions = [...objects.values()].filter((o) => o.kind === 'function').map((o) => o.name);
    expect(functions.some((name) => name.startsWith('public.gen_random_bytes'))).toBe(false); // pgcrypto's
    const triggers = [...objects.values()].filter((o) => o.kind === 'trigger');
    expect(triggers.map((t) => t.name).sort()).toEqual([
      'public.cheap.cheap_insert',
      'public.items.items_check',
      'public.items.items_gone',
      'public.items.items_log',
      'public.items.items_touch',
      'public.items.items_truncate',
      'public.legacy.legacy_stamp',
    ]);
    expect(objects.get('trigger public.items.items_touch')).toEqual({
      kind: 'trigger',
      name: 'public.items.items_touch',
      parent: 'public.items',
      definition: 'CREATE TRIGGER items_touch BEFORE UPDATE ON public.items FOR EACH ROW EXECUTE FUNCTION touch()',
    });
    expect(objects.get('trigger public.items.items_truncate')?.definition).toMatch(/\(DISABLED\)$/);
  });

  it('prints a policy with its command, kind, sorted roles and expressions', async () => {
    const { objects } = await introspect(lite, { schemas: ['public'] });
    expect(objects.get('table public.items')?.definition).toBe('row level security');
    expect(objects.get('policy public.items.items_read')).toEqual({
      kind: 'policy',
      name: 'public.items.items_read',
      parent: 'public.items',
      definition: `AS RESTRICTIVE FOR SELECT TO ${role}, postgres USING (((price > (0)::numeric) AND (name ~~ 'a%'::text)))`,
    });
    expect(objects.get('policy public.items.items_update')?.definition).toBe(
      'AS PERMISSIVE FOR UPDATE TO public USING (true) WITH CHECK ((price IS NOT NULL))',
    );
  });

  it('reads only the kinds asked for; a filtered-out table takes its triggers, policies and trigger-only functions', async () => {
    const snapshot = await introspect(lite, { schemas: ['app', 'public'], kinds: SNAPSHOT_KINDS });
    const kinds = new Set(entries(snapshot).map((o) => o.kind));
    expect(kinds.has('policy')).toBe(true);
    expect(kinds.has('function') || kinds.has('trigger')).toBe(false);

    const filtered = await introspect(live, {
      schemas: ['app', 'public'],
      tableFilter: (name) => name !== 'legacy' && name !== 'items',
    });
    const names = [...filtered.objects.keys()];
    expect(names).not.toContain('trigger public.legacy.legacy_stamp');
    expect(names).not.toContain('function public.legacy_stamp()');
    expect(names).not.toContain('function public.touch()');
    expect(names.filter((k) => k.startsWith('policy '))).toEqual([]);
    // Still there: what is not only a filtered table's, and the view's trigger (tablesFilter is about tables).
    expect(names).toContain('function public.add(integer, integer)');
    expect(names).toContain('trigger public.cheap.cheap_insert');
    expect(names).toContain('function public.cheap_insert()');
  });
});
