/**
 * The drift verdict cache, `node_modules/.cache/nexiom-lint/drift/<schema hash>.json`.
 *
 * The file name is the hash of the schema's entry files (their contents), the drizzle-kit version
 * and the casing, hashed again with nexiom-lint's own version: a verdict written by another
 * release (a fixed serializer, a new verdict kind) is never read back. Inside: the import graph that load learned, each file with its content hash (a
 * hit needs every one unchanged), and one verdict per snapshot history (keyed by the hash of the
 * snapshot contents). So a repeated run on unchanged inputs reads two small files and starts no
 * process. Nothing is written when the repository has no node_modules.
 */
import { readdirSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { cacheDir, readJsonCache, writeJsonCache } from '../cache/json.js';
import { toolVersion } from '../version.js';
import type { Verdict } from './protocol.js';

// 2: verdicts per drizzle-kit directory too, `refused` verdicts, every 0.x line.
const VERSION = 2;
const KEEP = 200;

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

export function readDriftCache(repoRoot: string, key: string): DriftCacheEntry | null {
  const entry = readJsonCache<DriftCacheEntry>(fileFor(repoRoot, key), VERSION);
  return entry && Array.isArray(entry.graph) && entry.verdicts ? entry : null;
}

export function writeDriftCache(repoRoot: string, key: string, entry: DriftCacheEntry): void {
  const file = fileFor(repoRoot, key);
  if (!writeJsonCache(file, VERSION, entry)) return;
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
