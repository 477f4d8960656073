/**
 * The commit path's shortcut. A `git commit` that stages nothing nexiom-lint looks at (a README,
 * a stylesheet) must cost little more than starting Node: this module loads only the staged
 * diff, the cached project model and the path tests, and answers "nothing to check" itself.
 * Whenever it cannot be sure (no cache yet, a first commit, a relevant or a source file
 * staged, colour wanted) it returns null and the full CLI runs as usual.
 */
import { readCache, hydrate } from '../project/cache.js';
import { clearlyIrrelevant } from '../engine/relevance.js';
import { findRootFast, keepPrefetch, prefetchStaged } from '../git/staged.js';
import { nothingRelevant } from '../messages.js';

/** The text the full CLI prints for the same verdict (pretty format, no colour). */
export const NOTHING_TO_CHECK = `${nothingRelevant}\n✔ nexiom-lint: no problems (HEAD → the index)\n`;

export async function stagedShortcut(cwd: string, env: NodeJS.ProcessEnv): Promise<string | null> {
  const root = findRootFast(cwd, env);
  if (!root) return null;
  const diff = await prefetchStaged(root);
  const cache = readCache(root);
  const sure =
    'files' in diff &&
    diff.files.length > 0 &&
    cache !== null &&
    cache.configs !== null &&
    cache.configs.length > 0 &&
    cache.configs.every((c) => cache.projects.some((p) => p.configFile === c)) &&
    diff.files.every((f) => clearlyIrrelevant(f, cache.projects.map(hydrate)));
  if (sure) return NOTHING_TO_CHECK;
  keepPrefetch(root, diff);
  return null;
}
