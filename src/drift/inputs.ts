/**
 * The schema's entry files, chosen the way drizzle-kit's `prepareFilenames` chooses them, but read
 * from a `Tree` so that `--staged` judges the index: each `schema` entry is a glob (its matches),
 * a file (itself) or a folder (the files directly in it, not its subfolders: drizzle-kit does not
 * recurse; a barrel file there reaches the rest).
 */
import { createHash } from 'node:crypto';
import picomatch from 'picomatch';
import type { Tree } from '../git/tree.js';

const CODE = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const GLOB_CHARS = /[*?[\]{}()!]/;

export async function entryFiles(tree: Tree, schema: readonly string[]): Promise<string[]> {
  const all = (await tree.list('')).sort();
  const picked = new Set<string>();
  for (const entry of schema) {
    if (entry.startsWith('!')) continue;
    let matches: string[];
    if (GLOB_CHARS.test(entry)) {
      const isMatch = picomatch(entry);
      matches = all.filter((f) => isMatch(f));
    } else if (all.includes(entry)) {
      matches = [entry];
    } else {
      const prefix = entry ? `${entry}/` : '';
      matches = all.filter((f) => f.startsWith(prefix) && !f.slice(prefix.length).includes('/'));
    }
    for (const file of matches) if (CODE.test(file) && !file.includes('node_modules/')) picked.add(file);
  }
  return [...picked];
}

export function sha256(...parts: Array<string | Buffer>): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    hash.update(part);
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** Content hash of each file on the tree's side (`-` when it does not exist there). */
export async function contentHashes(
  tree: Tree,
  files: readonly string[],
): Promise<Array<{ file: string; hash: string }>> {
  return Promise.all(
    files.map(async (file) => {
      const buffer = await tree.readBuffer(file);
      return { file, hash: buffer ? sha256(buffer) : '-' };
    }),
  );
}
