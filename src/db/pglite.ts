/**
 * Fresh, empty PGlite databases for replays, fast.
 *
 * `PGlite.create()` runs initdb every time: about 5 s and most of its memory here. An initialised
 * data directory copied from a template opens in well under a second, so the template is made
 * once per PGlite version in node_modules/.cache/nexiom-lint/ and each replay gets its own copy in
 * a private temp folder (deleted on close, and when the run is stopped). Measured on 2 cores: create 5.8 s; copy 0.2 s + open 0.6 s.
 *
 * The template keeps only the `postgres` database PGlite connects to: template0 and template1
 * (7 MB and 300 files each, which every replay would copy and delete) are dropped. A migration
 * cannot CREATE DATABASE inside the migrator's transaction anyway. 25 MB and 400 files are left,
 * 16 MB of them the one WAL segment.
 */
import { mkdir, mkdtemp, rename } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { remove, release, tempDir, track } from '../temp.js';
import { openPglite, type Db } from './connect.js';
import { copyDataDir, removeDataDir } from './data-dir.js';

/** PGlite's version names the template: a data directory from another version may not open. */
export function pgliteVersion(): string {
  // The package's exports do not include package.json: find it above the resolved entry point.
  let dir = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === '@electric-sql/pglite' && pkg.version) return pkg.version;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}

const templates = new Map<string, Promise<string>>();

/**
 * The initialised template data directory, made on first use. With a cache folder
 * (node_modules/.cache/nexiom-lint) it is kept there between runs, built aside and renamed into
 * place (several processes may race); without one, or when the cache cannot be written, it is
 * private to this run and removed with its other temp folders.
 */
function template(cacheDir: string | null): Promise<string> {
  const key = cacheDir ?? '';
  let ready = templates.get(key);
  if (!ready) {
    ready = cacheDir
      ? cachedTemplate(path.join(cacheDir, `pglite-${pgliteVersion()}`)).catch(() => runTemplate())
      : runTemplate();
    templates.set(key, ready);
    // A failed attempt (disk full, killed) must not poison every later replay of this process.
    ready.catch(() => templates.delete(key));
  }
  return ready;
}

async function cachedTemplate(root: string): Promise<string> {
  // `template` was the one with template0 and template1 (before they were dropped).
  const dir = path.join(root, 'template-postgres');
  if (existsSync(path.join(dir, 'PG_VERSION'))) return dir;
  await mkdir(root, { recursive: true });
  const building = track(await mkdtemp(path.join(root, 'building-')));
  try {
    await initdb(building);
    await rename(building, dir);
    release(building);
  } catch (error) {
    await remove(building);
    // Another process finished first: its template is as good as ours.
    if (existsSync(path.join(dir, 'PG_VERSION'))) return dir;
    throw error;
  }
  return dir;
}

async function runTemplate(): Promise<string> {
  const dir = await tempDir('pglite-template');
  await initdb(dir);
  return dir;
}

async function initdb(dir: string): Promise<void> {
  const db = await openPglite(dir);
  try {
    await db.exec(
      "UPDATE pg_catalog.pg_database SET datistemplate = false WHERE datname IN ('template0', 'template1')",
    );
    await db.exec('DROP DATABASE template0');
    await db.exec('DROP DATABASE template1');
  } finally {
    await db.close();
  }
}

const CREATE_EXTENSION = /create\s+extension\s+(?:if\s+not\s+exists\s+)?"?([\w-]+)"?/gi;

/**
 * PGlite ships Postgres' contrib extensions (pgcrypto, uuid-ossp, citext, pg_trgm, hstore ...) as
 * modules that must be handed to it when it starts: the ones the SQL creates are loaded. Others
 * (PostGIS ...) do not exist there; replaying their CREATE EXTENSION fails and says so.
 */
export async function extensionsFor(sql: readonly string[]): Promise<Record<string, unknown>> {
  const names = new Set<string>();
  for (const text of sql) for (const match of text.matchAll(CREATE_EXTENSION)) names.add(match[1]!.toLowerCase());
  const extensions: Record<string, unknown> = {};
  for (const name of names) {
    const key = name.replace(/-/g, '_');
    if (!/^[a-z0-9_]+$/.test(key)) continue;
    try {
      const mod = (await import(`@electric-sql/pglite/contrib/${key}`)) as Record<string, unknown>;
      if (mod[key]) extensions[key] = mod[key];
    } catch {
      // Not shipped with PGlite: CREATE EXTENSION will fail on replay with Postgres' own message.
    }
  }
  return extensions;
}

export interface FreshOptions {
  extensions?: Record<string, unknown>;
  /** Where the template is kept between runs (node_modules/.cache/nexiom-lint); null: this run only. */
  cacheDir?: string | null;
  /** A data directory to start from instead of the empty template (a saved replay: replay-state.ts). */
  from?: string;
}

/** A database in a private temp folder (empty, or a copy of `from`); closing it removes the folder (so does a stopped run). */
export async function freshPglite(options: FreshOptions = {}): Promise<Db> {
  const source = options.from ?? (await template(options.cacheDir ?? null));
  const dir = await tempDir('replay');
  try {
    await copyDataDir(source, dir);
    return await openPglite(dir, {
      label: 'PGlite (replay)',
      onClose: async () => {
        await removeDataDir(dir);
        release(dir);
      },
      ...(options.extensions ? { extensions: options.extensions } : {}),
    });
  } catch (error) {
    await remove(dir);
    throw error;
  }
}
