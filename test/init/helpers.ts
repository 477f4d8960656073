/**
 * Helpers for the init tests: a file-tree snapshot to prove "nothing changed", and a
 * node_modules that looks installed (the project's own packages plus a `nexiom-lint` binary
 * pointing at this checkout), so a real `git commit` can run the hook init installed.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { BIN, GIT_ENV, PROJECT_ROOT, type TempRepo } from '../helpers/repo.js';

/** Every file of the repository outside .git and node_modules, with its content. */
export function snapshot(repo: TempRepo): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(path.join(repo.dir, dir))) {
      if (name === '.git' || name === 'node_modules') continue;
      const rel = dir ? `${dir}/${name}` : name;
      if (statSync(path.join(repo.dir, rel)).isDirectory()) walk(rel);
      else files[rel] = readFileSync(path.join(repo.dir, rel), 'utf8');
    }
  };
  walk('');
  files['git config core.hooksPath'] = hooksPath(repo);
  return files;
}

export function hooksPath(repo: TempRepo): string {
  try {
    return repo.git('config', '--get', 'core.hooksPath').trim();
  } catch {
    return '(unset)';
  }
}

export function read(repo: TempRepo, file: string): string {
  return readFileSync(path.join(repo.dir, file), 'utf8');
}

/**
 * A real node_modules folder whose entries link to the project's, with its own `.bin` that also
 * holds `nexiom-lint` (this checkout's bin): the state after installing husky, lint-staged and
 * nexiom-lint. Create the repository with `linkModules: false`.
 */
export function installedModules(dir: string): void {
  const modules = path.join(dir, 'node_modules');
  const source = path.join(PROJECT_ROOT, 'node_modules');
  mkdirSync(path.join(modules, '.bin'), { recursive: true });
  for (const name of readdirSync(source)) {
    if (name === '.bin' || name === '.cache') continue;
    symlinkSync(path.join(source, name), path.join(modules, name));
  }
  for (const name of readdirSync(path.join(source, '.bin'))) {
    symlinkSync(path.join(source, '.bin', name), path.join(modules, '.bin', name));
  }
  symlinkSync(BIN, path.join(modules, '.bin', 'nexiom-lint'));
}

/** package.json text as `npm init` + the install would leave it: the hook's packages listed. */
export const INSTALLED_DEV_DEPENDENCIES = { husky: '^9.1.7', 'lint-staged': '^16.4.0', 'nexiom-lint': '^0.1.0' };

/** `git commit` with hooks, as a user runs it. */
export function gitCommit(repo: TempRepo, message: string): { code: number; output: string } {
  const r = spawnSync('git', ['commit', '-q', '-m', message], {
    cwd: repo.dir,
    encoding: 'utf8',
    env: { ...process.env, ...GIT_ENV, NO_COLOR: '1' },
  });
  return { code: r.status ?? -1, output: r.stdout + r.stderr };
}
