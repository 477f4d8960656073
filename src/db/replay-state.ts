/**
 * Replays kept between runs: the PGlite data directory a list of migrations left, so that the next
 * replay of the same list (a PR check's base, on every push of the branch; `--trace` and
 * replay-mismatch's base replay in the same run) copies it and opens it instead of replaying.
 * On 2 loaded cores a 99-migration base replays in 0.5 to 2.5 s; a copy takes 0.2 to 0.6 s.
 *
 * A state is found by its key, the sha256 of what determines it: nexiom-lint's and PGlite's
 * versions, the platform's stand-ins (platform-sql.ts) when the project has a platform, and the
 * hash of every migration's SQL in order (so the extensions the migrations create, too; the ones
 * the later SQL needs are loaded when the copy opens). Each lives in
 * `node_modules/.cache/nexiom-lint/replay-states/<key>/` (`data/` and `meta.json`), built aside
 * and renamed into place, so a reader sees a whole state or none; the most recently used
 * MAX_STATES are kept. Without a cache folder the states live in a temporary folder for this run
 * only (the trace then reuses the replay replay-mismatch made of the same base).
 *
 * What a state does not keep: session settings. The platform's search_path is set again when a
 * state opens; a `SET` that a migration ran outside a transaction-local scope is not.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rename, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import { readJsonCache, writeJsonCache } from '../cache/json.js';
import { release, remove, tempDir, track } from '../temp.js';
import { toolVersion } from '../version.js';
import type { CatalogObject } from './catalog.js';
import type { Db } from './connect.js';
import { copyDataDir } from './data-dir.js';
import type { LocalMigration } from './local.js';
import { pgliteVersion } from './pglite.js';
import type { Platform } from './platform.js';
import type { StandIns } from './platform-sql.js';

const FORMAT = 'replay-state-1';
/** Each state is the size of a data directory (40 MB and up): a few are enough for a branch and its base. */
export const MAX_STATES = 3;
/** A `building-` folder older than this was left by a process that was killed. */
const STALE_MS = 60 * 60 * 1000;

interface Meta {
  /** The replay counted its locks against a default server's lock table (replay.ts lockLimit). */
  lockChecked: boolean;
  standIns: null | { schemas: string[]; objects: Array<[string, CatalogObject]>; withoutPublication?: string };
}

export interface SavedState {
  /** The data directory to copy. */
  dir: string;
  standIns: StandIns | null;
}

/** The key of the state `migrations` leave, replayed on `platform`'s stand-ins when there is one. */
export async function stateKey(migrations: readonly LocalMigration[], platform: Platform | null): Promise<string> {
  const standIns = platform ? (await import('./platform-sql.js')).STANDIN_SQL.join('\n') : null;
  const parts = {
    format: FORMAT,
    tool: toolVersion(),
    pglite: pgliteVersion(),
    platform: platform?.name ?? null,
    standIns: standIns === null ? null : createHash('sha256').update(standIns).digest('hex'),
    migrations: migrations.map((m) => m.hash),
  };
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 40);
}

let runRoot: Promise<string> | null = null;

/** Where states are kept: in the cache folder, else in a temporary folder of this run. */
export function statesRoot(cacheDir: string | null): Promise<string> {
  if (cacheDir) return Promise.resolve(path.join(cacheDir, 'replay-states'));
  runRoot ??= tempDir('replay-states');
  return runRoot;
}

/** The saved state under `key`, or null; `lockChecked` asks for one whose replay counted its locks. */
export async function findState(root: string, key: string, lockChecked: boolean): Promise<SavedState | null> {
  const metaFile = path.join(root, key, 'meta.json');
  const meta = readJsonCache<Meta>(metaFile, FORMAT);
  if (!meta || (lockChecked && !meta.lockChecked)) return null;
  const now = new Date();
  await utimes(metaFile, now, now).catch(() => undefined); // Recently used: evicted last.
  const standIns = meta.standIns
    ? {
        objects: { schemas: meta.standIns.schemas, objects: new Map(meta.standIns.objects) },
        ...(meta.standIns.withoutPublication ? { withoutPublication: meta.standIns.withoutPublication } : {}),
      }
    : null;
  return { dir: path.join(root, key, 'data'), standIns };
}

/**
 * Saves what `db` (a PGlite on disk, idle) holds now under `key`. A CHECKPOINT first writes every
 * change to the data files, so the copy opens without replaying WAL. False when it could not be
 * saved: that only costs the next run a replay.
 */
export async function saveState(
  db: Db,
  root: string,
  key: string,
  state: { lockChecked: boolean; standIns: StandIns | null },
): Promise<boolean> {
  if (!db.dataDir) return false;
  let building: string | null = null;
  try {
    await mkdir(root, { recursive: true });
    building = track(await mkdtemp(path.join(root, 'building-')));
    await db.exec('CHECKPOINT');
    await copyDataDir(db.dataDir, path.join(building, 'data'));
    const { standIns } = state;
    const meta: Meta = {
      lockChecked: state.lockChecked,
      standIns: standIns
        ? {
            schemas: standIns.objects.schemas,
            objects: [...standIns.objects.objects],
            ...(standIns.withoutPublication ? { withoutPublication: standIns.withoutPublication } : {}),
          }
        : null,
    };
    if (!writeJsonCache(path.join(building, 'meta.json'), FORMAT, meta)) throw new Error('meta.json not written');
    const target = path.join(root, key);
    // Last writer wins (a lock-checked replay replaces one that was not): a reader copying the old
    // one then fails its copy and replays.
    if (existsSync(target)) await remove(target);
    await rename(building, target);
    release(building);
    await evict(root);
    return true;
  } catch {
    if (building) await remove(building).catch(() => undefined);
    return false;
  }
}

/** Keeps the MAX_STATES most recently used states, and removes what killed builds left. */
async function evict(root: string): Promise<void> {
  const names = await readdir(root);
  const states: Array<{ name: string; used: number }> = [];
  for (const name of names) {
    const building = name.startsWith('building-');
    const file = building ? path.join(root, name) : path.join(root, name, 'meta.json');
    const used = (await stat(file).catch(() => null))?.mtimeMs ?? 0;
    if (building) {
      if (Date.now() - used > STALE_MS) await remove(path.join(root, name)).catch(() => undefined);
    } else states.push({ name, used });
  }
  states.sort((a, b) => b.used - a.used);
  for (const { name } of states.slice(MAX_STATES)) await remove(path.join(root, name)).catch(() => undefined);
}
