/**
 * `--staged` judges the index and `--base` judges HEAD, but Node loads modules from disk. When a
 * file the schema needs differs on disk from the side being judged (a partially staged schema
 * file, an unstaged edit to an imported constant ...), the package's source files are written
 * from that side into a temporary copy, with `node_modules` linked back, and the schema is
 * loaded from there. Untracked files are not part of the copy: what is not staged does not count.
 */
import { mkdirSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { git } from '../git/exec.js';
import { splitZ } from '../git/parse.js';
import { CommitTree, type Tree } from '../git/tree.js';
import { removeSync, tempDirSync } from '../temp.js';

const SOURCE = /\.(?:[cm]?[jt]s|[jt]sx|json)$/;

/** Tracked files whose content on disk differs from the tree (repository-relative). */
export async function differingOnDisk(repoRoot: string, tree: Tree): Promise<Set<string>> {
  if (tree.kind === 'worktree' || tree.kind === 'empty') return new Set();
  // index: the working tree against the index; commit: the working tree against that commit.
  const args = ['diff', '--name-only', '-z', '--no-renames', '--no-ext-diff'];
  if (tree instanceof CommitTree) args.push(tree.rev);
  return new Set(splitZ(await git(args, repoRoot)));
}

/** The directories from the repository root down to `baseDir` ('' is the root). */
function chain(baseDir: string): string[] {
  const dirs = [''];
  let acc = '';
  for (const part of baseDir.split('/').filter(Boolean)) {
    acc = acc ? `${acc}/${part}` : part;
    dirs.push(acc);
  }
  return dirs;
}

export interface Copy {
  root: string;
  remove(): void;
}

export async function materialize(repoRoot: string, tree: Tree, baseDir: string): Promise<Copy> {
  const root = tempDirSync('drift-tree');
  const remove = () => removeSync(root);
  try {
    const dirs = chain(baseDir);
    const own = (await tree.list(baseDir)).filter((f) => SOURCE.test(f) && !f.split('/').includes('node_modules'));
    // tsconfig files above the package (a monorepo's tsconfig.base.json) are `extends` targets.
    const above = (await tree.list('')).filter((f) => {
      const dir = f.includes('/') ? f.slice(0, f.lastIndexOf('/')) : '';
      return dirs.includes(dir) && /(^|\/)tsconfig[^/]*\.json$/.test(f);
    });
    for (const file of new Set([...own, ...above])) {
      const content = await tree.readBuffer(file);
      if (!content) continue;
      const target = path.join(root, file);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, content);
    }
    for (const dir of dirs) {
      const modules = path.join(repoRoot, dir, 'node_modules');
      if (!existsSync(modules)) continue;
      mkdirSync(path.join(root, dir), { recursive: true });
      symlinkSync(modules, path.join(root, dir, 'node_modules'), 'dir');
    }
    return { root, remove };
  } catch (error) {
    remove();
    throw error;
  }
}
