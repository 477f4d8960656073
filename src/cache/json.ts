/**
 * The JSON files nexiom-lint keeps between runs under `node_modules/.cache/nexiom-lint/` (the
 * project model, snapshot ids, SQL parse trees, drift verdicts), read and written one way:
 *
 *   { "key": "<format>@<nexiom-lint version>", ...the cache's own fields }
 *
 * A file whose key differs (another format, another release: an upgrade never reads an old shape),
 * that does not parse, or that cannot be read is a cache miss. A write goes to a temporary file
 * renamed into place, so a reader (a second run, a hook) sees the old file or the new one, never
 * half of one. Nothing is written when the repository has no node_modules folder (check modes
 * never write to the repository), and a cache that cannot be written only costs speed.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { toolVersion } from '../version.js';

/** The cache folder of a repository, or null when it has no node_modules. */
export function cacheDir(repoRoot: string): string | null {
  const modules = path.join(repoRoot, 'node_modules');
  if (!existsSync(modules)) return null;
  return path.join(modules, '.cache', 'nexiom-lint');
}

function keyOf(format: string | number): string {
  return `${format}@${toolVersion()}`;
}

/** The data of a cache file written with the same format by this release, else null. */
export function readJsonCache<T extends object>(file: string | null, format: string | number): T | null {
  if (!file) return null;
  let stored: unknown;
  try {
    stored = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null; // Absent, unreadable or cut short: a miss.
  }
  if (!stored || typeof stored !== 'object' || Array.isArray(stored)) return null;
  const { key, ...data } = stored as { key?: unknown };
  return key === keyOf(format) ? (data as T) : null;
}

/** Writes the data atomically; false when it could not be written. */
export function writeJsonCache<T extends object>(
  file: string | null,
  format: string | number,
  data: T & { key?: never },
): boolean {
  if (!file) return false;
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(tmp, JSON.stringify({ key: keyOf(format), ...data }));
    renameSync(tmp, file);
    return true;
  } catch {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // Left for the next write to replace.
    }
    return false;
  }
}
