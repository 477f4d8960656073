/**
 * Finds the drizzle projects of a repository: the configs the user named with --config, or every
 * `drizzle.config.*` git knows of (tracked or untracked, not ignored) and every config a package
 * script hands to drizzle-kit with `--config`. Several configs (a
 * monorepo) are several projects. Resolved projects are cached (see cache.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import { git } from '../git/exec.js';
import { splitZ } from '../git/parse.js';
import * as messages from '../messages.js';
import { hydrate, readCache, writeCache, type SerializedProject, type SkippedConfig } from './cache.js';
import { NotCheckedError } from './dialect.js';
import type { OnPackage } from './drizzle-config.js';
import { isDrizzleConfigName } from './names.js';
import type { Project } from './model.js';
import { drizzleKitConfigs } from './package-manager.js';

export interface Discovered {
  projects: Project[];
  /** Configs found but not checked (another dialect, no schema), with why: a note each. */
  skipped: SkippedConfig[];
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
    [
      'ls-files',
      '-z',
      '--cached',
      '--others',
      '--exclude-standard',
      '--full-name',
      '--',
      ':(glob)**/drizzle.config.*',
      ':(glob)**/package.json',
    ],
    repoRoot,
  );
  const files = splitZ(out);
  const named = files.filter(isDrizzleConfigName);
  const manifests = files.filter((f) => f === 'package.json' || f.endsWith('/package.json'));
  return [...new Set([...named, ...configsNamedInScripts(repoRoot, manifests)])].sort();
}

/**
 * Configs that package scripts hand to drizzle-kit with `--config`: drizzle-kit runs them whatever
 * their name (`configs/postgresql.config.ts`), so they are projects too. The path is relative to
 * the package, where the script runs; only files that exist in the repository count.
 */
function configsNamedInScripts(repoRoot: string, manifests: string[]): string[] {
  const found: string[] = [];
  for (const manifest of manifests) {
    let scripts: unknown;
    try {
      scripts = (JSON.parse(readFileSync(path.join(repoRoot, manifest), 'utf8')) as { scripts?: unknown }).scripts;
    } catch {
      continue; // A package.json that does not parse is reported where it is read for the project.
    }
    if (!scripts || typeof scripts !== 'object') continue;
    const dir = path.posix.dirname(manifest);
    for (const command of Object.values(scripts as Record<string, unknown>)) {
      if (typeof command !== 'string') continue;
      for (const config of drizzleKitConfigs(command)) {
        const rel = path.posix.normalize(path.posix.join(dir === '.' ? '' : dir, config));
        if (rel.startsWith('..') || path.posix.isAbsolute(rel)) continue;
        if (existsSync(path.join(repoRoot, rel))) found.push(rel);
      }
    }
  }
  return found;
}

function dependsOn(serialized: SerializedProject[]): string[] {
  const files = ['package.json', 'nexiom-lint.config.json'];
  for (const p of serialized) files.push(p.baseDir ? `${p.baseDir}/package.json` : 'package.json');
  return files;
}

type Loaded = { project: SerializedProject } | { skipped: SkippedConfig };

/**
 * Loads a config. A discovered config that is not a Postgres project is skipped; one the user
 * named is checked or refused, never skipped.
 */
async function load(repoRoot: string, config: string, named: boolean, onPackage?: OnPackage): Promise<Loaded> {
  const { loadProject } = await import('./drizzle-config.js');
  try {
    return {
      project: await loadProject({
        repoRoot,
        configPath: path.join(repoRoot, config),
        ...(onPackage ? { onPackage } : {}),
      }),
    };
  } catch (error) {
    if (named || !(error instanceof NotCheckedError)) throw error;
    return { skipped: { configFile: error.configFile, reason: error.reason } };
  }
}

/**
 * @param explicit configs named on the command line (absolute or relative to cwd)
 * @param cwd where the user ran the tool; in a monorepo, configs under it are preferred
 */
export async function discoverProjects(
  repoRoot: string,
  cwd: string,
  explicit: string[] = [],
  options: { fresh?: boolean; allowNone?: boolean; onPackage?: OnPackage } = {},
): Promise<Discovered> {
  // `fresh`: load the configs even when cached (the db commands need dbCredentials, never cached).
  // `allowNone`: every config found may be skipped (a lint run then only notes why); other
  // commands need a project and stop with an error.
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
    if (here && configs.some((c) => c.startsWith(`${here}/`))) {
      configs = configs.filter((c) => c.startsWith(`${here}/`));
    }
  }
  if (!configs.length) throw new ConfigError(messages.noDrizzleConfig(repoRoot));

  const known = new Map<string, Loaded>();
  if (!options.fresh) {
    for (const p of cache?.projects ?? []) known.set(p.configFile, { project: p });
    // A skipped config is only known as skipped while it is not named: named, it must load.
    if (!explicit.length) for (const s of cache?.skipped ?? []) known.set(s.configFile, { skipped: s });
  }
  const missing = configs.filter((c) => !known.has(c));
  // Each config loads in its own child process: side by side, and the first failure in order wins.
  const results = await Promise.allSettled(
    missing.map((config) => load(repoRoot, config, explicit.length > 0, options.onPackage)),
  );
  for (const [i, result] of results.entries()) {
    if (result.status === 'rejected') throw result.reason;
    known.set(missing[i]!, result.value);
  }
  const loaded = configs.map((c) => known.get(c)!);
  const projects = loaded.flatMap((l) => ('project' in l ? [l.project] : []));
  const skipped = loaded.flatMap((l) => ('skipped' in l ? [l.skipped] : []));
  if (!projects.length && !options.allowNone) throw new ConfigError(messages.noPostgresConfig(skipped));
  const learned = cache?.learned ?? {};
  const graph = cache?.graph ?? {};
  const graphHead = cache?.graphHead ?? null;
  if (cache && !missing.length && JSON.stringify(found) === JSON.stringify(cache.configs)) {
    return { projects: projects.map(hydrate), skipped, graph, graphHead, learned, fromCache: true };
  }
  // Every config loaded so far stays cached, except those whose config is gone.
  const all = new Map<string, Loaded>();
  for (const p of cache?.projects ?? []) all.set(p.configFile, { project: p });
  for (const s of cache?.skipped ?? []) all.set(s.configFile, { skipped: s });
  for (const [config, l] of known) all.set(config, l);
  const stillThere = (config: string) => found === null || found.includes(config) || configs.includes(config);
  const keep = [...all.values()].flatMap((l) =>
    'project' in l && stillThere(l.project.configFile) ? [l.project] : [],
  );
  const keepSkipped = [...all.values()].flatMap((l) =>
    'skipped' in l && stillThere(l.skipped.configFile) ? [l.skipped] : [],
  );
  writeCache(repoRoot, found, dependsOn(keep), keep, graph, graphHead, learned, keepSkipped);
  return { projects: projects.map(hydrate), skipped, graph, graphHead, learned, fromCache: false };
}

/**
 * Remembers the schema's import graph (per config) for the next run's fast path.
 * @param head the commit the graph describes; the commit path only trusts it while HEAD is that commit
 */
export function rememberGraph(repoRoot: string, graph: Record<string, string[]>, head: string | null = null): void {
  const cache = readCache(repoRoot);
  if (!cache) return;
  // Graphs of other configs describe an older commit: they must not pass for this one's.
  const merged = cache.graphHead === head ? { ...cache.graph, ...graph } : { ...graph };
  if (JSON.stringify(cache.graph) === JSON.stringify(merged) && cache.graphHead === head) return;
  writeCache(
    repoRoot,
    cache.configs,
    cache.stamps.map((s) => s.file),
    cache.projects,
    merged,
    head,
    cache.learned ?? {},
    cache.skipped ?? [],
  );
}

/** Remembers the files the schema really loaded (from the drift check) for one config. */
export function rememberLearnedGraph(repoRoot: string, configFile: string, files: string[]): void {
  const cache = readCache(repoRoot);
  if (!cache) return;
  const learned = { ...(cache.learned ?? {}), [configFile]: [...files].sort() };
  if (JSON.stringify(cache.learned ?? {}) === JSON.stringify(learned)) return;
  writeCache(
    repoRoot,
    cache.configs,
    cache.stamps.map((s) => s.file),
    cache.projects,
    cache.graph,
    cache.graphHead,
    learned,
    cache.skipped ?? [],
  );
}
