/**
 * Builds the change set for a mode: which files changed between the base and the target, and
 * the two `Tree`s to read them from.
 *
 * | mode       | base                                 | target            |
 * |------------|--------------------------------------|-------------------|
 * | staged     | HEAD (empty tree on a first commit)  | the index         |
 * | base REF   | merge-base(REF, HEAD)                | HEAD              |
 * | worktree   | merge-base(default branch, HEAD)     | the working tree  |
 * | (PR in CI) | merge-base(origin/$GITHUB_BASE_REF)  | HEAD              |
 * | all        | none                                 | the working tree  |
 */
import { GitError } from '../errors.js';
import { BlobReader, git, gitRaw } from './exec.js';
import { parseRawZ, splitZ } from './parse.js';
import { CommitTree, EmptyTree, IndexTree, WorktreeTree, type Tree } from './tree.js';
import * as messages from '../messages.js';

/** git's well-known id of the empty tree: the base of a repository's first commit. */
export const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

export type { StagedFile as ChangedFile } from './staged.js';
import { toChanged, type StagedFile as ChangedFile } from './staged.js';

export interface ChangeSet {
  files: ChangedFile[];
  /** Human description of the comparison, for output: `HEAD → index`. */
  description: string;
}

export interface RepoInfo {
  /** Absolute path of the working tree root. */
  root: string;
  /** True when HEAD points at a commit (false before the first commit). */
  hasHead: boolean;
  /** HEAD's commit id; undefined when not looked up yet (the commit path avoids the git call). */
  head?: string | null;
}

export async function findRepo(cwd: string): Promise<RepoInfo> {
  const result = await gitRaw(['rev-parse', '--show-toplevel', '--verify', '-q', 'HEAD'], cwd);
  const lines = result.stdout.split('\n').filter(Boolean);
  if (!lines.length || /not a git repository/i.test(result.stderr)) {
    throw new GitError(messages.notAGitRepo(cwd));
  }
  const root = lines[0]!;
  const head = lines[1] && /^[0-9a-f]{40,64}$/.test(lines[1]) ? lines[1] : null;
  return { root, hasHead: head !== null, head };
}

export interface ResolvedMode {
  mode: 'staged' | 'base' | 'all' | 'worktree';
  changeSet: ChangeSet | null;
  base: Tree | null;
  target: Tree;
  reader: BlobReader;
}

export { findRootFast, prefetchStaged, startStagedPrefetch, type StagedPrefetch } from './staged.js';

/** HEAD's commit id, or null on an unborn branch. */
export async function headCommit(root: string): Promise<string | null> {
  const r = await gitRaw(['rev-parse', '--verify', '-q', 'HEAD'], root);
  return r.code === 0 ? r.stdout.trim() : null;
}

/** The index against HEAD; on a first commit, against the empty tree. */
export async function stagedChanges(repo: RepoInfo): Promise<ChangedFile[]> {
  const against = repo.hasHead ? 'HEAD' : EMPTY_TREE;
  const out = await git(['diff', '--cached', '--raw', '-z', '-M', '--no-ext-diff', against], repo.root);
  return toChanged(parseRawZ(out));
}

export async function resolveStaged(repo: RepoInfo, prefetched?: ChangedFile[]): Promise<ResolvedMode> {
  const reader = new BlobReader(repo.root);
  const files = prefetched ?? (await stagedChanges(repo));
  const base = repo.hasHead ? new CommitTree(repo.root, reader, 'HEAD', 'HEAD') : new EmptyTree();
  return {
    mode: 'staged',
    changeSet: { files, description: `${base.label} → the index` },
    base,
    target: new IndexTree(repo.root, reader),
    reader,
  };
}

async function isShallow(root: string): Promise<boolean> {
  const out = await git(['rev-parse', '--is-shallow-repository'], root).catch(() => 'false');
  return out.trim() === 'true';
}

async function verifyCommit(root: string, ref: string): Promise<string | null> {
  const result = await gitRaw(['rev-parse', '--verify', '-q', '--end-of-options', `${ref}^{commit}`], root);
  return result.code === 0 ? result.stdout.trim() : null;
}

export async function mergeBase(repo: RepoInfo, ref: string): Promise<string> {
  if (!repo.hasHead) throw new GitError(messages.noHeadForBase(ref));
  const [refSha, shallow] = await Promise.all([verifyCommit(repo.root, ref), isShallow(repo.root)]);
  if (!refSha) throw new GitError(messages.baseRefMissing(ref, shallow));
  const result = await gitRaw(['merge-base', refSha, 'HEAD'], repo.root);
  if (result.code === 0 && result.stdout.trim()) return result.stdout.trim();
  if (shallow) throw new GitError(messages.shallowNoMergeBase(ref));
  throw new GitError(messages.noMergeBase(ref));
}

/** `--base REF`: merge-base(REF, HEAD) against HEAD. */
export async function resolveBase(repo: RepoInfo, ref: string): Promise<ResolvedMode> {
  const base = await mergeBase(repo, ref);
  const reader = new BlobReader(repo.root);
  const out = await git(['diff', '--raw', '-z', '-M', '--no-ext-diff', base, 'HEAD'], repo.root);
  const short = base.slice(0, 7);
  const baseTree = new CommitTree(repo.root, reader, base, `${short} (merge base with ${ref})`);
  return {
    mode: 'base',
    changeSet: { files: toChanged(parseRawZ(out)), description: `${baseTree.label} → HEAD` },
    base: baseTree,
    target: new CommitTree(repo.root, reader, 'HEAD', 'HEAD'),
    reader,
  };
}

/** `--all`: the whole project as it is on disk, no diff. */
export async function resolveAll(repo: RepoInfo): Promise<ResolvedMode> {
  const reader = new BlobReader(repo.root);
  return { mode: 'all', changeSet: null, base: null, target: new WorktreeTree(repo.root, true), reader };
}

/**
 * The default branch to compare a working copy with: `origin/HEAD` if the remote says, else the
 * first of origin/main, origin/master, main, master that exists.
 */
export async function defaultBranch(root: string): Promise<string | null> {
  const symbolic = await gitRaw(['symbolic-ref', '-q', '--short', 'refs/remotes/origin/HEAD'], root);
  if (symbolic.code === 0 && symbolic.stdout.trim()) return symbolic.stdout.trim();
  for (const candidate of ['origin/main', 'origin/master', 'main', 'master']) {
    if (await verifyCommit(root, candidate)) return candidate;
  }
  return null;
}

/**
 * No flag: the merge base with the default branch against the working tree (committed and
 * uncommitted work, untracked files included).
 */
export async function resolveWorktree(repo: RepoInfo): Promise<ResolvedMode> {
  const reader = new BlobReader(repo.root);
  let baseRev: string;
  let baseLabel: string;
  if (!repo.hasHead) {
    baseRev = EMPTY_TREE;
    baseLabel = 'the empty tree (no commit yet)';
  } else {
    const branch = await defaultBranch(repo.root);
    baseRev = branch ? await mergeBase(repo, branch) : (repo.head ?? (await headCommit(repo.root)))!;
    baseLabel = branch ? `${baseRev.slice(0, 7)} (merge base with ${branch})` : 'HEAD';
  }
  const tracked = await git(['diff', '--raw', '-z', '-M', '--no-ext-diff', baseRev], repo.root);
  const untracked = splitZ(await git(['ls-files', '-z', '--others', '--exclude-standard', '--full-name'], repo.root));
  const files = toChanged(parseRawZ(tracked));
  for (const file of untracked) files.push({ status: 'A', path: file });
  const base = baseRev === EMPTY_TREE ? new EmptyTree() : new CommitTree(repo.root, reader, baseRev, baseLabel);
  return {
    mode: 'worktree',
    changeSet: { files, description: `${base.label} → the working tree` },
    base,
    target: new WorktreeTree(repo.root, true),
    reader,
  };
}

/** In a GitHub Actions pull_request run or a GitLab merge-request pipeline: the target branch, fetched as `origin/<base>`. */
export function ciPullRequestBase(env: NodeJS.ProcessEnv): string | null {
  const event = env.GITHUB_EVENT_NAME ?? '';
  if (env.GITHUB_ACTIONS === 'true' && env.GITHUB_BASE_REF && event.startsWith('pull_request')) {
    return `origin/${env.GITHUB_BASE_REF}`;
  }
  // A GitLab merge-request pipeline: the MR's target branch (fetched by the job, see docs/gitlab.md).
  if (env.GITLAB_CI === 'true' && env.CI_MERGE_REQUEST_IID && env.CI_MERGE_REQUEST_TARGET_BRANCH_NAME) {
    return `origin/${env.CI_MERGE_REQUEST_TARGET_BRANCH_NAME}`;
  }
  return null;
}
