/** Phase 1: which repository, and what is compared with what (`--staged`, `--base`, `--all`, the default). */
import type { ResolvedMode, RepoInfo } from '../git/changeset.js';
import {
  ciPullRequestBase,
  findRepo,
  findRootFast,
  prefetchStaged,
  resolveAll,
  resolveBase,
  resolveStaged,
  resolveWorktree,
} from '../git/changeset.js';

export interface ModeOptions {
  cwd: string;
  /** undefined: the default (PR base in GitHub Actions, else merge base with the default branch). */
  mode?: 'staged' | 'base' | 'all';
  baseRef?: string;
  env?: NodeJS.ProcessEnv;
}

/** `onRepo`: told the repository as soon as it is known, before the comparison is resolved (not on the commit path). */
export async function resolveRun(
  options: ModeOptions,
  onRepo?: (repo: RepoInfo) => void,
): Promise<{ repo: RepoInfo; resolved: ResolvedMode }> {
  const env = options.env ?? process.env;
  const fastRoot = options.mode === 'staged' ? findRootFast(options.cwd, env) : null;
  const prefetched = fastRoot ? await prefetchStaged(fastRoot) : null;
  if (fastRoot && prefetched && !('failed' in prefetched)) {
    // The commit path: one git process so far.
    const repo = { root: fastRoot, hasHead: 'files' in prefetched };
    return { repo, resolved: await resolveStaged(repo, 'files' in prefetched ? prefetched.files : undefined) };
  }
  const repo = await findRepo(options.cwd);
  onRepo?.(repo);
  return { repo, resolved: await resolveMode(repo, options, env) };
}

function resolveMode(repo: RepoInfo, options: ModeOptions, env: NodeJS.ProcessEnv): Promise<ResolvedMode> {
  if (options.mode === 'staged') return resolveStaged(repo);
  if (options.mode === 'all') return resolveAll(repo);
  if (options.mode === 'base') return resolveBase(repo, options.baseRef!);
  const prBase = ciPullRequestBase(env);
  if (prBase) return resolveBase(repo, prBase);
  return resolveWorktree(repo);
}
