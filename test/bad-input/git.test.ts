/**
 * Bad input from git itself: repositories in odd states (shallow, detached, no commits, a merge
 * in progress, a submodule, bare, none at all) and file names git allows but tools trip on
 * (newlines, unicode, spaces), plus a symlinked migrations folder. Each case runs the real CLI and
 * must end cleanly (harness.ts) with the exit code and message a user needs.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupAll, createRepo, GIT_ENV, tempDir, type TempRepo } from '../helpers/repo.js';
import { drizzleProject, generate, USERS_V1, USERS_V2 } from '../helpers/drizzle.js';
import { copyRepo } from '../history/helpers.js';
import { expectClean, runCli } from './harness.js';

afterAll(cleanupAll);

let base: TempRepo;

beforeAll(() => {
  base = createRepo(drizzleProject(USERS_V1));
  generate(base, 'init');
  base.commit('init');
  base.write({ 'src/schema/users.ts': USERS_V2 });
  generate(base, 'add_phone');
  base.commit('add phone');
}, 240_000);

const work = () => copyRepo(base);
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, {
    cwd,
    env: { ...process.env, ...GIT_ENV },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });

describe('repositories in odd states', () => {
  it('not a repository: exit 2 that says to run it in the project', () => {
    const dir = tempDir();
    expectClean(runCli(['--staged'], { cwd: dir }), { exit: [2], message: /not inside a git repository.*git init/ });
  });

  it('a bare repository: exit 2 with a message', () => {
    const dir = path.join(tempDir(), 'bare.git');
    git(path.dirname(dir), 'clone', '-q', '--bare', base.dir, dir);
    expectClean(runCli(['--all'], { cwd: dir }), { exit: [2], message: /git repository/ });
  });

  it('no commit yet: --staged judges the index against the empty tree', () => {
    const repo = createRepo(drizzleProject(USERS_V1));
    generate(repo, 'init');
    repo.git('add', '-A');
    expectClean(runCli(['--staged', '--rule', 'migration-integrity'], { cwd: repo.dir }), {
      exit: [0],
      message: /first commit/,
    });
  });

  it('a detached HEAD: --all and --base work', () => {
    const repo = work();
    repo.git('checkout', '-q', '--detach', 'HEAD~1');
    expectClean(runCli(['--all', '--rule', 'migration-integrity'], { cwd: repo.dir }), { exit: [0] });
    expectClean(runCli(['--base', 'main', '--rule', 'migration-integrity'], { cwd: repo.dir }), { exit: [0] });
  });

  it('a shallow clone whose history lacks the merge base: exit 2 that says how to fetch more', () => {
    const origin = work();
    origin.git('checkout', '-q', '-b', 'feature', 'HEAD~1');
    origin.commit('one', { 'README.md': 'a\n' });
    origin.commit('two', { 'README.md': 'b\n' });
    const dir = path.join(tempDir(), 'clone');
    git(
      path.dirname(dir),
      'clone',
      '-q',
      '--depth',
      '1',
      '--no-single-branch',
      '--branch',
      'feature',
      `file://${origin.dir}`,
      dir,
    );
    symlinkSync(path.join(base.dir, 'node_modules'), path.join(dir, 'node_modules'));
    expectClean(runCli(['--base', 'origin/main'], { cwd: dir }), { exit: [2], message: /fetch|shallow/i });
  });

  it('a base ref that does not exist: exit 2 naming it', () => {
    expectClean(runCli(['--base', 'no-such-branch'], { cwd: work().dir }), { exit: [2], message: /no-such-branch/ });
  });

  it('a merge in progress with a conflicted journal: an error about the file, not a crash', () => {
    const repo = work();
    repo.git('checkout', '-q', '-b', 'a', 'HEAD~1');
    repo.write({ 'src/schema/users.ts': USERS_V2.replace("phoneNumber: text('phone_number')", "fax: text('fax')") });
    generate(repo, 'add_fax');
    repo.commit('fax');
    try {
      repo.git('merge', '-q', 'main');
    } catch {
      // The conflict is the point.
    }
    const all = runCli(['--all', '--rule', 'migration-integrity', '--rule', 'migration-conflict'], { cwd: repo.dir });
    expectClean(all, { exit: [1], message: /_journal\.json is not valid JSON|claim the same prefix/ });
    expectClean(runCli(['--staged'], { cwd: repo.dir }), { exit: [0, 1, 2] });
  });

  it('a submodule is left alone', () => {
    const repo = work();
    const sub = createRepo({ 'x.txt': 'x\n' }, { linkModules: false });
    sub.commit('x');
    repo.git('-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', sub.dir, 'vendor/sub');
    expectClean(runCli(['--staged'], { cwd: repo.dir }), { exit: [0] });
    repo.commit('submodule');
    expectClean(runCli(['--all', '--rule', 'migration-integrity'], { cwd: repo.dir }), { exit: [0] });
  });

  it('run from a linked worktree', () => {
    const repo = work();
    const dir = path.join(tempDir(), 'wt');
    repo.git('worktree', 'add', '-q', dir, 'HEAD');
    symlinkSync(path.join(base.dir, 'node_modules'), path.join(dir, 'node_modules'));
    expectClean(runCli(['--all', '--rule', 'migration-integrity'], { cwd: dir }), { exit: [0] });
  });
});

describe('file names', () => {
  it('a migration-named file with a newline: read through git, reported as never run (not exit 2)', () => {
    const repo = work();
    writeFileSync(path.join(repo.dir, 'drizzle', '0002_a\nb.sql'), 'SELECT 1;\n');
    repo.git('add', '-A');
    const o = runCli(['--staged', '--rule', 'migration-integrity'], { cwd: repo.dir });
    expectClean(o, { exit: [1], message: /0002_a\nb\.sql is named like a drizzle migration but is not in/ });
    repo.commit('newline');
    expectClean(runCli(['--base', 'HEAD~1', '--rule', 'migration-integrity'], { cwd: repo.dir }), {
      exit: [1],
      message: /never runs/,
    });
  });

  it('a file with a newline in the schema folder and elsewhere', () => {
    const repo = work();
    writeFileSync(path.join(repo.dir, 'src/schema', 'odd\nname.ts'), 'export const x = 1;\n');
    writeFileSync(path.join(repo.dir, 'notes\nfile.md'), 'x\n');
    repo.git('add', '-A');
    expectClean(runCli(['--staged'], { cwd: repo.dir }), { exit: [0, 1] });
  });

  it('unicode and spaces in migration names and folders', () => {
    const repo = work();
    mkdirSync(path.join(repo.dir, 'drizzle/données spéciales'), { recursive: true });
    writeFileSync(path.join(repo.dir, 'drizzle/données spéciales/readme é.md'), 'x\n');
    writeFileSync(path.join(repo.dir, 'drizzle/0002_ünïcode name.sql'), 'SELECT 1;\n');
    repo.git('add', '-A');
    const o = runCli(['--staged', '--rule', 'migration-integrity'], { cwd: repo.dir });
    expectClean(o, { exit: [1], message: /0002_ünïcode name\.sql is named like a drizzle migration/ });
  });

  it('a symlinked migrations folder: git stores the link, not the files', () => {
    const repo = work();
    renameSync(path.join(repo.dir, 'drizzle'), path.join(repo.dir, 'db-migrations'));
    symlinkSync('db-migrations', path.join(repo.dir, 'drizzle'));
    repo.git('add', '-A');
    const staged = runCli(['--staged', '--rule', 'migration-integrity', '--rule', 'migration-edited'], {
      cwd: repo.dir,
    });
    expectClean(staged, { exit: [0, 1] });
    expect(`${staged.stdout}${staged.stderr}`).not.toMatch(/ENOTDIR|EISDIR/);
    expectClean(runCli(['--all', '--rule', 'migration-integrity'], { cwd: repo.dir }), { exit: [0, 1] });
  });
});
