// The project and checks of the tests of init beside other hook managers: a project with the hook
// packages installed, init run twice, `git commit` through the installed hook, lefthook's own validation.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { drizzleProject, generate, USERS_V1, USERS_V2 } from '../helpers/drizzle.js';
import { createRepo, GIT_ENV, PROJECT_ROOT, type FileMap, type TempRepo } from '../helpers/repo.js';
import { installedModules, read, snapshot } from './helpers.js';

export const BIN = path.join(PROJECT_ROOT, 'node_modules/.bin');

/** A project with the hook packages installed (linked) and a first migration committed. */
export function project(extra: FileMap, pkg: Record<string, unknown> = {}): TempRepo {
  const base = drizzleProject(USERS_V1);
  const packageJson = { ...JSON.parse(base['package.json']!), devDependencies: { 'nexiom-lint': '^0.1.0' }, ...pkg };
  const repo = createRepo(
    { ...base, 'package.json': `${JSON.stringify(packageJson, null, 2)}\n`, ...extra },
    { linkModules: false },
  );
  installedModules(repo.dir);
  generate(repo, 'init');
  repo.commit('init');
  return repo;
}

/** Runs init twice: the second run changes nothing and says so. */
export function initTwice(repo: TempRepo) {
  const first = repo.run(['init', '--no-install', '--no-workflow', '--no-baseline']);
  expect(first.stderr).toBe('');
  expect(first.code).toBe(0);
  expect(existsSync(path.join(repo.dir, '.husky'))).toBe(false);
  expect(existsSync(path.join(repo.dir, 'lint-staged.config.mjs'))).toBe(false);
  expect(JSON.parse(read(repo, 'package.json')).scripts?.prepare).toBeUndefined();
  expect(first.stdout).not.toContain('Install the hook');
  expect(first.stdout).not.toContain('husky');
  const after = snapshot(repo);
  const second = repo.run(['init', '--no-install', '--no-workflow', '--no-baseline']);
  expect(second.stdout).toContain('Nothing to change');
  expect(snapshot(repo)).toEqual(after);
  return first;
}

/** `git commit` with hooks, as a user runs it (the managers' binaries on PATH, as after an install). */
export function commit(
  repo: TempRepo,
  message: string,
  env: Record<string, string> = {},
): { code: number; output: string } {
  const r = spawnSync('git', ['commit', '-q', '-m', message], {
    cwd: repo.dir,
    encoding: 'utf8',
    env: { ...process.env, ...GIT_ENV, NO_COLOR: '1', ...env },
  });
  return { code: r.status ?? -1, output: r.stdout + r.stderr };
}

/** A README commit passes without nexiom-lint; a schema change without a migration is blocked. */
export function expectHookWorks(repo: TempRepo, env: Record<string, string> = {}) {
  repo.commit('set up nexiom-lint');
  repo.write({ 'README.md': '# app\n' });
  repo.git('add', '-A');
  const readme = commit(repo, 'readme', env);
  expect(readme.output).not.toContain('nexiom-lint:');
  expect(readme.code).toBe(0);

  const head = repo.git('rev-parse', 'HEAD');
  repo.write({ 'src/schema/users.ts': USERS_V2 });
  repo.git('add', '-A');
  const blocked = commit(repo, 'add phone number', env);
  expect(blocked.output).toContain('schema-without-migration');
  expect(blocked.code).not.toBe(0);
  expect(repo.git('rev-parse', 'HEAD')).toBe(head);

  generate(repo, 'add_phone');
  repo.git('add', '-A');
  const allowed = commit(repo, 'with its migration', env);
  expect(allowed.output).not.toContain('schema-without-migration');
  expect(allowed.code).toBe(0);
}

/** lefthook's own check of its config against its schema. */
export function expectValidLefthook(repo: TempRepo) {
  const r = spawnSync(path.join(BIN, 'lefthook'), ['validate'], { cwd: repo.dir, encoding: 'utf8' });
  expect(r.status, r.stdout + r.stderr).toBe(0);
}
