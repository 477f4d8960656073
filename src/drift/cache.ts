/**
 * The drift verdict cache, `node_modules/.cache/nexiom-lint/drift/<schema hash>.json`.
 *
 * The file name is the hash of the schema's entry files (their contents), the drizzle-kit version
 * and the casing, hashed again with nexiom-lint's own version: a verdict written by another
 * release (a fixed serializer, a new verdict kind) is never read back. Inside: a few entries, the
 * newest first, each the import graph that a load learned, each file with its content hash (a hit
 * needs every one unchanged), and one verdict per snapshot history (keyed by the hash of the
 * snapshot contents). Entries, not one: the same entry files can import different contents (a PR
 * that edits a file the schema's index re-exports: the base's and the target's schema share the
 * key), and each side must find its own. So a repeated run on unchanged inputs reads two small
 * files and starts no process. Nothing is written when the repository has no node_modules.
 */
import { readdirSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { cacheDir, readJsonCache, writeJsonCache } from '../cache/json.js';
import { LOCKFILE_NAMES } from '../project/package-manager.js';
import { toolVersion } from '../version.js';
import type { Verdict } from './protocol.js';

// 2: verdicts per drizzle-kit directory too, `refused` verdicts, every 0.x line. 3: entries.
const VERSION = 3;
const KEEP = 200;
/** Import graphs kept per key: the base's and the target's, and a few edits back. */
const ENTRIES = 4;

export interface DriftCacheEntry {
  graph: Array<{ file: string; hash: string }>;
  verdicts: Record<string, Verdict>;
}

/** The entry's name: the caller's key and this release of nexiom-lint. */
export function cacheKeyOf(key: string): string {
  return createHash('sha256').update(`${toolVersion()}\0${key}`).digest('hex');
}

function fileFor(repoRoot: string, key: string): string | null {
  const dir = cacheDir(repoRoot);
  return dir ? path.join(dir, 'drift', `${cacheKeyOf(key)}.json`) : null;
}

/** The entries under a key, the newest first; none when there is no cache. */
export function readDriftCache(repoRoot: string, key: string): DriftCacheEntry[] {
  const stored = readJsonCache<{ entries: DriftCacheEntry[] }>(fileFor(repoRoot, key), VERSION);
  if (!stored || !Array.isArray(stored.entries)) return [];
  return stored.entries.filter((e) => e && Array.isArray(e.graph) && e.verdicts && typeof e.verdicts === 'object');
}

const sameGraph = (a: DriftCacheEntry, b: DriftCacheEntry) =>
  a.graph.length === b.graph.length &&
  a.graph.every((g, i) => g.file === b.graph[i]!.file && g.hash === b.graph[i]!.hash);

/** Records `entry` as the newest under the key, in place of one with the same graph (contents included). */
export function writeDriftCache(repoRoot: string, key: string, entry: DriftCacheEntry): void {
  const file = fileFor(repoRoot, key);
  const entries = [entry, ...readDriftCache(repoRoot, key).filter((e) => !sameGraph(e, entry))].slice(0, ENTRIES);
  if (!writeJsonCache(file, VERSION, { entries })) return;
  try {
    prune(path.dirname(file!));
  } catch {
    // Another run pruned the same files: the next write prunes again.
  }
}

/** Keeps the newest entries: every schema edit makes a new one. */
function prune(dir: string): void {
  const names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  if (names.length <= KEEP) return;
  const byAge = names
    .map((n) => ({ n, t: statSync(path.join(dir, n)).mtimeMs }))
    .sort((a, b) => b.t - a.t)
    .slice(KEEP);
  for (const { n } of byAge) unlinkSync(path.join(dir, n));
}

/**
 * A base whose schema cannot load because a package it imports is not installed (a PR that
 * removes or replaces a dependency the base's schema imports: the check runs with the target's
 * node_modules). The base is a commit, so only the installed packages can change the outcome: the
 * failure is kept under the commit, the question and a stamp of the installs, and a later run
 * reports it again without starting drizzle-kit. Null when nothing says what is installed.
 */
export function failureKey(repoRoot: string, packageDir: string, parts: readonly string[]): string | null {
  const stamps: string[] = [];
  for (const dir of new Set([repoRoot, packageDir])) {
    for (const file of INSTALL_MARKERS) {
      const stat = statSync(path.join(dir, file), { throwIfNoEntry: false });
      if (stat) stamps.push(`${path.relative(repoRoot, dir)}/${file}:${stat.size}:${stat.mtimeMs}`);
    }
  }
  if (!stamps.length) return null;
  return createHash('sha256')
    .update(['failure', ...parts, ...stamps].join('\0'))
    .digest('hex');
}

/** What each package manager rewrites when it installs: its record in node_modules, and the lockfile. */
const INSTALL_MARKERS = [
  'node_modules/.package-lock.json',
  'node_modules/.modules.yaml',
  'node_modules/.yarn-state.yml',
  'node_modules/.yarn-integrity',
  ...LOCKFILE_NAMES,
];

/** A base's failure: ask()'s message, and the package that was not installed. */
export interface KeptFailure {
  message: string;
  missing: string;
}

/** The failure kept under the key; null when none is. */
export function readFailure(repoRoot: string, key: string): KeptFailure | null {
  const stored = readJsonCache<KeptFailure>(fileFor(repoRoot, key), VERSION);
  return typeof stored?.message === 'string' && typeof stored.missing === 'string' ? stored : null;
}

export function writeFailure(repoRoot: string, key: string, failure: KeptFailure): void {
  writeJsonCache(fileFor(repoRoot, key), VERSION, failure);
}
