import type { Tree } from '../git/tree.js';

/**
 * The repository-relative folder a symlink `file` points to, when its content reads as a path to
 * a folder that has files on this side (`'..'`-escaping targets come back as they are, starting
 * with `../`); undefined for a plain file.
 */
export async function symlinkTarget(tree: Tree, file: string): Promise<string | undefined> {
  const text = await tree.read(file);
  if (text === undefined || text.length > 1024 || /[\n\0]/.test(text) || text.startsWith('/')) return undefined;
  const parts: string[] = file.split('/').slice(0, -1);
  for (const part of text.replace(/\/+$/, '').split('/')) {
    if (part === '..') {
      if (!parts.length) return '../';
      parts.pop();
    } else if (part && part !== '.') parts.push(part);
  }
  const target = parts.join('/');
  return target && (await tree.list(target)).length ? target : undefined;
}
