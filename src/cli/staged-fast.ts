/**
 * The commit path's shortcut. A `git commit` that stages nothing nexiom-lint looks at (a README,
 * a stylesheet) must cost little more than starting Node: this module loads only the staged
 * diff, the cached project model and the path tests, and answers "nothing to check" itself.
 * Staged source files are judged by staged-source.ts. Whenever it cannot be sure (no cache
 * yet, a first commit, a relevant file staged, colour wanted) it returns null and the full CLI
 * runs as usual.
 */
import path from 'node:path';
import { readCache, hydrate } from '../project/cache.js';
import { clearlyIrrelevant } from '../engine/relevance.js';
import { findRootFast, keepPrefetch, prefetchStaged } from '../git/staged.js';
import { nothingRelevant, skippedConfig } from '../messages.js';
import { isTsconfigName } from '../project/graph.js';
import { isSourceFile } from '../project/names.js';
import type { SourceVerdict } from './staged-source.js';

/** The text the full CLI prints for the same verdict (pretty format, no colour). */
export const NOTHING_TO_CHECK = `${nothingRelevant}\n✔ nexiom-lint: no problems (HEAD → the index)\n`;

/** The configs a run from `cwd` looks at: those under it, when there are any (as discovery does). */
function configsHere(configs: string[], root: string, cwd: string): string[] {
  const here = path.relative(root, cwd).split(path.sep).join('/');
  const under = here ? configs.filter((c) => c.startsWith(`${here}/`)) : [];
  return under.length ? under : configs;
}

/** What the full run prints when no-db-push read the staged code and found nothing (pretty, no colour). */
const NO_PROBLEMS = '✔ nexiom-lint: no problems (HEAD → the index)\n';

/**
 * @param configs the configs named with --config (the hook of a monorepo names its project): each
 *   must be a cached project. The path tests use every cached project, which can only make the
 *   shortcut decline where the full run would answer; staged code is judged against the import
 *   graphs of the projects the full run would check.
 */
export async function stagedShortcut(cwd: string, env: NodeJS.ProcessEnv, configs: readonly string[] = []): Promise<string | null> {
  const root = findRootFast(cwd, env);
  if (!root) return null;
  const diff = await prefetchStaged(root);
  const cache = readCache(root);
  const skipped = cache?.skipped ?? [];
  const known = (c: string) => cache!.projects.some((p) => p.configFile === c);
  const named = configs.map((c) => path.relative(root, path.resolve(cwd, c)).split(path.sep).join('/'));
  const usable =
    'files' in diff &&
    diff.files.length > 0 &&
    cache !== null &&
    (named.length
      ? named.every(known)
      : cache.configs !== null &&
        cache.configs.length > 0 &&
        cache.configs.every((c) => known(c) || skipped.some((s) => s.configFile === c)));
  if (usable) {
    const projects = cache.projects.map(hydrate);
    const rest = diff.files.filter((f) => !clearlyIrrelevant(f, projects));
    let verdict: SourceVerdict | null = rest.length ? null : 'nothing-relevant';
    // Staged code: loaded only then, so a README commit pays nothing for it.
    if (rest.length && rest.every((f) => isSourceFile(f.path) || isTsconfigName(f.path))) {
      // Judged against the projects the full run would check: those named, else those here.
      const runConfigs = named.length ? named : configsHere(cache.configs!, root, cwd);
      const runProjects = projects.filter((p) => runConfigs.includes(p.configFile));
      const { judgeSources } = await import('./staged-source.js');
      verdict = await judgeSources(root, rest, diff.blobs, runProjects, cache);
    }
    if (verdict) {
      // The full run notes each config it skips (another dialect, no schema): so does this one.
      const here = new Set(named.length ? [] : configsHere(cache.configs!, root, cwd));
      const notes = skipped.filter((s) => here.has(s.configFile)).map((s) => `${skippedConfig(s.configFile, s.reason)}\n`);
      return `${notes.join('')}${verdict === 'nothing-relevant' ? NOTHING_TO_CHECK : NO_PROBLEMS}`;
    }
  }
  keepPrefetch(root, diff);
  return null;
}
