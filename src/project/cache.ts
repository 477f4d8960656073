/**
 * A small cache of resolved projects under `node_modules/.cache/nexiom-lint/`, so that the
 * pre-commit path does not load a TypeScript config loader on every commit. An entry is valid
 * while the config file and its package.json have the same size, and the same mtime or else the
 * same content (a new checkout with the cache restored, as CI does, gives every file a new mtime).
 * Nothing is written when the repository has no node_modules folder (check modes never write to
 * the repository).
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { cacheDir, readJsonCache, writeJsonCache } from '../cache/json.js';
import type { Project } from './model.js';

export { cacheDir } from '../cache/json.js';

// 6: skipped (non-Postgres) configs; 7: configs are evaluated in their package's directory
// (entries written before may have been computed under the directory the tool ran in).
const VERSION = 7;

export interface SerializedProject extends Omit<Project, 'isSchemaFile' | 'isMigrationFile'> {
  /** picomatch regexes of the schema entries (source, flags). */
  schemaRegexes: Array<[string, string, boolean]>;
}

interface FileStamp {
  file: string;
  size: number;
  mtimeMs: number;
  /** The content's hash: a new checkout (CI with the cache restored) gives the same files new mtimes. */
  hash?: string;
}

interface CacheFile {
  /** The repository the entry describes (node_modules may be shared through a symlink). */
  root: string;
  /**
   * Every config the last discovery found (null until one ran: runs with --config only add
   * projects). Not filtered by the folder the tool ran in.
   */
  configs: string[] | null;
  stamps: FileStamp[];
  /** Every project loaded so far, by discovery or by --config. */
  projects: SerializedProject[];
  /** Files outside the schema globs that the schema imports, per config (import-graph.ts; folder entries: graph.ts). */
  graph: Record<string, string[]>;
  /** The commit the graph was computed on; the commit path trusts it only while HEAD is the same. */
  graphHead: string | null;
  /** Files the schema really loaded (tsconfig aliases included), learned by the drift check, per config. */
  learned?: Record<string, string[]>;
  /** Configs discovery found but does not check (another dialect, no schema): see dialect.ts. */
  skipped?: SkippedConfig[];
}

export interface SkippedConfig {
  configFile: string;
  reason: string;
}

function cacheFile(repoRoot: string): string | null {
  const dir = cacheDir(repoRoot);
  return dir && path.join(dir, 'projects.json');
}

/**
 * Whether a project model that still holds is cached here; else every config runs (a fresh
 * checkout, CI, a cache restored onto a new checkout: its files' stamps differ).
 */
export function hasProjectCache(repoRoot: string): boolean {
  return readCache(repoRoot) !== null;
}

function stamp(repoRoot: string, file: string): FileStamp | null {
  try {
    const s = statSync(path.join(repoRoot, file));
    return { file, size: s.size, mtimeMs: s.mtimeMs, hash: contentHash(path.join(repoRoot, file)) };
  } catch {
    return null;
  }
}

const contentHash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** The file is as stamped: the same size, and the same mtime or else the same content. */
function holds(repoRoot: string, s: FileStamp): boolean {
  try {
    const now = statSync(path.join(repoRoot, s.file));
    if (now.size !== s.size) return false;
    return now.mtimeMs === s.mtimeMs || (s.hash !== undefined && contentHash(path.join(repoRoot, s.file)) === s.hash);
  } catch {
    return false;
  }
}

export function hydrate(serialized: SerializedProject): Project {
  const positive = serialized.schemaRegexes.filter(([, , neg]) => !neg).map(([s, f]) => new RegExp(s, f));
  const negative = serialized.schemaRegexes.filter(([, , neg]) => neg).map(([s, f]) => new RegExp(s, f));
  const outPrefix = serialized.out === '' ? '' : `${serialized.out}/`;
  const { schemaRegexes: _r, ...rest } = serialized;
  return {
    ...rest,
    isSchemaFile: (file) =>
      !file.startsWith(outPrefix) && positive.some((r) => r.test(file)) && !negative.some((r) => r.test(file)),
    isMigrationFile: (file) => file.startsWith(outPrefix),
  };
}

export function readCache(repoRoot: string): CacheFile | null {
  const data = readJsonCache<CacheFile>(cacheFile(repoRoot), VERSION);
  if (!data || data.root !== repoRoot || !Array.isArray(data.stamps)) return null;
  for (const s of data.stamps) if (!holds(repoRoot, s)) return null;
  return data;
}

export function writeCache(
  repoRoot: string,
  configs: string[] | null,
  dependsOn: string[],
  projects: SerializedProject[],
  graph: Record<string, string[]>,
  graphHead: string | null = null,
  learned: Record<string, string[]> = {},
  skipped: SkippedConfig[] = [],
): void {
  const file = cacheFile(repoRoot);
  if (!file) return;
  const stamps = [
    ...new Set([
      ...(configs ?? []),
      ...projects.map((p) => p.configFile),
      ...skipped.map((s) => s.configFile),
      ...dependsOn,
    ]),
  ]
    .map((f) => stamp(repoRoot, f))
    .filter((s): s is FileStamp => s !== null);
  // Credentials stay out of files: the db commands load the config afresh.
  const safe = projects.map(({ databaseUrl: _url, ...rest }) => rest);
  const data: CacheFile = { root: repoRoot, configs, stamps, projects: safe, graph, graphHead, learned, skipped };
  writeJsonCache(file, VERSION, data);
}
