/**
 * The commit path's git work, in a module that loads nothing else: the staged diff and the
 * repository root. `bin/` starts the diff before the CLI loads (see startStagedPrefetch).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { gitRaw } from './exec.js';
import { parseRawZ, type ChangeStatus } from './parse.js';

export interface StagedFile {
  status: ChangeStatus;
  path: string;
  oldPath?: string;
}

export function toChanged(raw: ReturnType<typeof parseRawZ>): StagedFile[] {
  return raw.map((c) => ({ status: c.status, path: c.path, ...(c.oldPath ? { oldPath: c.oldPath } : {}) }));
}

export type StagedPrefetch =
  /** `blobs`: the staged blob id of each file git has one for (what `git commit` will record). */
  { files: StagedFile[]; blobs: Map<string, string> } | { noHead: true } | { failed: true };

/**
 * The commit path's one git process: the staged diff against HEAD, started before anything else.
 * On an unborn branch (no HEAD yet) it says so, and the caller diffs against the empty tree.
 */
export function prefetchStaged(cwd: string): Promise<StagedPrefetch> {
  const early = earlyPrefetch.get(cwd);
  if (early) {
    // Each early start serves one run only: a later run must see the index as it is then.
    earlyPrefetch.delete(cwd);
    return early;
  }
  return gitRaw(['diff', '--cached', '--raw', '--no-abbrev', '-z', '-M', '--no-ext-diff', 'HEAD', '--'], cwd).then(
    (r): StagedPrefetch => {
      if (r.code === 0) {
        const raw = parseRawZ(r.stdout);
        return {
          files: toChanged(raw),
          blobs: new Map(raw.flatMap((c) => (c.blob ? [[c.path, c.blob] as const] : []))),
        };
      }
      if (/ambiguous argument 'HEAD'|bad revision 'HEAD'|unknown revision/i.test(r.stderr)) return { noHead: true };
      return { failed: true };
    },
    (): StagedPrefetch => ({ failed: true }),
  );
}

const earlyPrefetch = new Map<string, Promise<StagedPrefetch>>();

/**
 * Starts the staged diff before the CLI's modules load (bin/ calls it for `--staged`), so git
 * runs while Node reads the rest: on the commit path the two costs overlap instead of adding up.
 */
export function startStagedPrefetch(root: string): void {
  if (!earlyPrefetch.has(root)) earlyPrefetch.set(root, prefetchStaged(root));
}

/**
 * Finds the working tree root by looking for `.git` (a folder, or a file in worktrees and
 * submodules) without starting git. Returns null when git's own environment overrides apply
 * (GIT_DIR, GIT_WORK_TREE): then only git knows.
 */
export function findRootFast(cwd: string, env: NodeJS.ProcessEnv): string | null {
  if (env.GIT_DIR || env.GIT_WORK_TREE) return null;
  let dir = path.resolve(cwd);
  for (;;) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** Hands a diff already read back for the next run in this process (the shortcut declined). */
export function keepPrefetch(root: string, result: StagedPrefetch): void {
  earlyPrefetch.set(root, Promise.resolve(result));
}
