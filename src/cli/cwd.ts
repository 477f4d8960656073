/** `--cwd <dir>`: checked before anything runs in it, so a typo is named as such (not as "git is not on PATH"). */
import { statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';

export function resolveCwd(base: string, value: string | undefined): string {
  if (value === undefined) return base;
  if (value.trim() === '') throw new UsageError('--cwd is empty: name the folder to run in.');
  const dir = path.resolve(base, value);
  const stat = statSync(dir, { throwIfNoEntry: false });
  if (!stat) throw new UsageError(`--cwd ${value}: the folder ${dir} does not exist.`);
  if (!stat.isDirectory()) {
    throw new UsageError(`--cwd ${value}: ${dir} is a file, not a folder. Name the project's folder.`);
  }
  return dir;
}
