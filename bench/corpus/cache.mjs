// The harness's cache under ~/.cache/nexiom-corpus/: results per commit, and the extra packages
// each repository's schemas needed.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

export const CACHE = join(homedir(), '.cache', 'nexiom-corpus');
export const resultFile = (repo, commit) => join(CACHE, 'results', repo, `${commit}.json`);
export const load = (f) => (existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')) : null);
export const save = (f, v) => {
  mkdirSync(dirname(f), { recursive: true });
  writeFileSync(f, `${JSON.stringify(v, null, 1)}\n`);
};

/** Extra packages a repository's schemas needed so far (name list), shared by its commits. */
export const extrasFile = (repo) => join(CACHE, 'extras', `${repo}.json`);
