/**
 * Real git repositories in temporary folders, built from a file map (never the project's own
 * checkout). `node_modules` is linked to the project's, so drizzle-kit and drizzle-orm resolve in
 * the temp project exactly as in a user's.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  realpathSync,
  unlinkSync,
  existsSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(PROJECT_ROOT, 'bin/nexiom-lint.js');

export const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

export type FileMap = Record<string, string | null>;

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface TempRepo {
  dir: string;
  git(...args: string[]): string;
  write(files: FileMap): void;
  commit(message: string, files?: FileMap): string;
  /** Runs the built CLI in the repo (a real process, as a user would). */
  run(args: string[], env?: Record<string, string | undefined>, cwd?: string): RunResult;
  /** Runs a command from the linked node_modules/.bin (drizzle-kit ...). */
  exec(bin: string, args: string[], env?: Record<string, string>): RunResult;
  cleanup(): void;
}

const created: string[] = [];

export function tempDir(prefix = 'nexiom-lint-'): string {
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), prefix)));
  if (dir.startsWith(PROJECT_ROOT)) throw new Error('refusing to create a test repository inside the project checkout');
  created.push(dir);
  return dir;
}

export function cleanupAll(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function writeFiles(dir: string, files: FileMap): void {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    if (content === null) {
      if (existsSync(abs)) unlinkSync(abs);
      continue;
    }
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
}

export interface RepoOptions {
  /** Link the project's node_modules into the repo (default true). */
  linkModules?: boolean;
  /**
   * A node_modules folder of its own, whose packages link to the project's: the repo then has its
   * own node_modules/.cache, as a user's project does, instead of sharing the project's.
   */
  ownModules?: boolean;
  /** `git init` (default true). */
  init?: boolean;
  branch?: string;
}

export function createRepo(files: FileMap = {}, options: RepoOptions = {}): TempRepo {
  const dir = tempDir();
  if (options.init !== false) {
    execFileSync('git', ['init', '-q', '-b', options.branch ?? 'main', dir], { env: { ...process.env, ...GIT_ENV } });
  }
  if (options.ownModules) {
    const modules = path.join(dir, 'node_modules');
    mkdirSync(modules);
    for (const entry of readdirSync(path.join(PROJECT_ROOT, 'node_modules'))) {
      if (entry !== '.cache') {
        symlinkSync(path.join(PROJECT_ROOT, 'node_modules', entry), path.join(modules, entry), 'dir');
      }
    }
  } else if (options.linkModules !== false) {
    symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  }
  writeFiles(dir, { '.gitignore': 'node_modules\n', ...files });
  return repoAt(dir);
}

export function repoAt(dir: string): TempRepo {
  const env = { ...process.env, ...GIT_ENV };
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: dir, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return {
    dir,
    git,
    write: (files) => writeFiles(dir, files),
    commit(message, files) {
      if (files) writeFiles(dir, files);
      git('add', '-A');
      git('commit', '-q', '--no-verify', '--allow-empty', '-m', message);
      return git('rev-parse', 'HEAD').trim();
    },
    run(args, extraEnv = {}, cwd = '.') {
      const runEnv: Record<string, string | undefined> = { ...process.env, ...GIT_ENV, NO_COLOR: '1', ...extraEnv };
      // A test must not inherit the CI run's own GitHub Actions context.
      for (const key of [
        'GITHUB_ACTIONS',
        'GITHUB_BASE_REF',
        'GITHUB_EVENT_NAME',
        'GITHUB_EVENT_PATH',
        'FORCE_COLOR',
      ]) {
        if (!(key in extraEnv)) delete runEnv[key];
      }
      const r = spawnSync(process.execPath, [BIN, ...args], {
        cwd: path.join(dir, cwd),
        env: runEnv,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
    },
    exec(bin, args, extraEnv = {}) {
      const r = spawnSync(path.join(PROJECT_ROOT, 'node_modules/.bin', bin), args, {
        cwd: dir,
        env: { ...env, ...extraEnv },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
