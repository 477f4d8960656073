/**
 * Finds the drizzle projects of a repository: the configs the user named with --config, or every
 * `drizzle.config.*` git knows of (tracked or untracked, not ignored). Several configs (a
 * monorepo) are several projects. Resolved projects are cached (see cache.ts).
 */
import path from 'node:path';
import { ConfigError } from '../errors.js';
import { git } from '../git/exec.js';
import { splitZ } from '../git/parse.js';
import * as messages from '../messages.js';
import { hydrate, readCache, writeCache, type SerializedProject } from './cache.js';
import { isDrizzleConfigName } from './names.js';
import type { Project } from './model.js';

export interface Discovered {
  projects: Project[];
  /** Learned import-graph files per config (see import-graph.ts), from the cache. */
  graph: Record<string, string[]>;
  /** The commit the cached graph belongs to. */
  graphHead: string | null;
  /** Files the drift check saw the schema load, per config (added to the static graph). */
  learned: Record<string, string[]>;
  fromCache: boolean;
}

/** Repository-relative posix path (the same as drizzle-config's, without loading that module). */
function toRepoPath(repoRoot: string, absolute: string): string {
  return path.relative(repoRoot, absolute).split(path.sep).join('/');
}

export async function listConfigFiles(repoRoot: string): Promise<string[]> {
  const out = await git(
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--full-name', '--', ':(glob)**/drizzle.config.*'],
    repoRoot,
  );
  return [...new Set(splitZ(out).filter(isDrizzleConfigName))].sort();
}

function dependsOn(serialized: SerializedProject[]): string[] {
  const files = ['package.json', 'nexiom-lint.config.json'];
  for (const p of serialized) files.push(p.baseDir ? `${p.baseDir}/package.json` : 'package.json');
  return files;
}

/**
 * @param explicit configs named on the command line (absolute or relative to cwd)
 * @param cwd where the user ran the tool; in a monorepo, configs under it are preferred
 */
export async function discoverProjects(
  repoRoot: string,
  cwd: string,
  explicit: string[] = [],
  options: { fresh?: boolean } = {},
): Promise<Discovered> {
  // `fresh`: load the configs even when cached (the db commands need dbCredentials, never cached).
  const cache = readCache(repoRoot);
  // The list of configs is never taken from the cache: one `git ls-files` sees a config added
  // since, and the folder the tool runs in decides which of them apply to this run.
  let found: string[] | null = cache?.configs ?? null;
  let configs: string[];
  if (explicit.length) {
    configs = explicit.map((p) => toRepoPath(repoRoot, path.resolve(cwd, p)));
    for (const c of configs) {
      if (c.startsWith('..')) throw new ConfigError(`--config ${c} is outside the git repository ${repoRoot}.`);
    }
  } else {
    found = await listConfigFiles(repoRoot);
    configs = found;
    const here = toRepoPath(repoRoot, cwd);
    if (here && configs.some((c) => c.startsWith(`${here}/`))) configs = configs.filter((c) => c.startsWith(`${here}/`));
  }
  if (!configs.length) throw new ConfigError(messages.noDrizzleConfig(repoRoot));

  const known = new Map(options.fresh ? [] : (cache?.projects ?? []).map((p) => [p.configFile, p]));
  const missing = configs.filter((c) => !known.has(c));
  if (cache && !missing.length && JSON.stringify(found) === JSON.stringify(cache.configs)) {
    return {
      projects: configs.map((c) => hydrate(known.get(c)!)),
      graph: cache.graph,
      graphHead: cache.graphHead,
      learned: cache.learned ?? {},
      fromCache: true,
    };
  }
  if (missing.length) {
    const { loadProject } = await import('./drizzle-config.js');
    // Each config loads in its own child process: side by side, and the first failure in order wins.
    const results = await Promise.allSettled(missing.map((config) => loadProject({ repoRoot, configPath: path.join(repoRoot, config) })));
    for (const [i, result] of results.entries()) {
      if (result.status === 'rejected') throw result.reason;
      known.set(missing[i]!, result.value);
    }
  }
  const loaded = configs.map((c) => known.get(c)!);
  // Every project loaded so far stays cached, except those whose config is gone.
  const all = new Map((cache?.projects ?? []).map((p) => [p.configFile, p]));
  for (const [config, p] of known) all.set(config, p);
  const keep = [...all.values()].filter((p) => found === null || found.includes(p.configFile) || configs.includes(p.configFile));
  const learned = cache?.learned ?? {};
  const graph = cache?.graph ?? {};
  const graphHead = cache?.graphHead ?? null;
  writeCache(repoRoot, found, dependsOn(keep), keep, graph, graphHead, learned);
  return { projects: loaded.map(hydrate), graph, graphHead, learned, fromCache: false };
}

/**
 * Remembers the schema's import graph (per config) for the next run's fast path.
 * @param head the commit the graph describes; the commit path only trusts it while HEAD is that commit
 */
export function rememberGraph(repoRoot: string, graph: Record<string, string[]>, head: string | null = null): void {
  const cache = readCache(repoRoot);
  if (!cache) return;
  const merged = { ...cache.graph, ...graph };
  if (JSON.stringify(cache.graph) === JSON.stringify(merged) && cache.graphHead === head) return;
  writeCache(repoRoot, cache.configs, cache.stamps.map((s) => s.file), cache.projects, merged, head, cache.learned ?? {});
}

/** Remembers the files the schema really loaded (from the drift check) for one config. */
export function rememberLearnedGraph(repoRoot: string, configFile: string, files: string[]): void {
  const cache = readCache(repoRoot);
  if (!cache) return;
  const learned = { ...(cache.learned ?? {}), [configFile]: [...files].sort() };
  if (JSON.stringify(cache.learned ?? {}) === JSON.stringify(learned)) return;
  writeCache(repoRoot, cache.configs, cache.stamps.map((s) => s.file), cache.projects, cache.graph, cache.graphHead, learned);
}
