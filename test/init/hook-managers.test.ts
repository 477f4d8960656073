// init in projects whose hooks another manager owns (lefthook, the pre-commit framework,
// simple-git-hooks): the check goes into that manager's configuration, its other commands and
// comments kept; no husky, no lint-staged, core.hooksPath untouched; a second run changes nothing.
// Where the manager runs offline, a real `git commit` through it is blocked by a schema change
// without a migration, and a README-only commit does not start nexiom-lint.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { drizzleProject, generate, generateIn, USERS_V1, USERS_V2 } from '../helpers/drizzle.js';
import { cleanupAll, createRepo, GIT_ENV, PROJECT_ROOT, type FileMap, type TempRepo } from '../helpers/repo.js';
import { hooksPath, installedModules, read, snapshot } from './helpers.js';

afterAll(cleanupAll);

const BIN = path.join(PROJECT_ROOT, 'node_modules/.bin');
/** The pre-commit framework is a Python tool: Debian's `pre-commit` package, when it is installed. */
const preCommitBin = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' }).status === 0;

/** A project with the hook packages installed (linked) and a first migration committed. */
function project(extra: FileMap, pkg: Record<string, unknown> = {}): TempRepo {
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
function initTwice(repo: TempRepo) {
  const first = repo.run(['init', '--no-install', '--no-workflow']);
  expect(first.stderr).toBe('');
  expect(first.code).toBe(0);
  expect(existsSync(path.join(repo.dir, '.husky'))).toBe(false);
  expect(existsSync(path.join(repo.dir, 'lint-staged.config.mjs'))).toBe(false);
  expect(JSON.parse(read(repo, 'package.json')).scripts?.prepare).toBeUndefined();
  expect(first.stdout).not.toContain('Install the hook');
  expect(first.stdout).not.toContain('husky');
  const after = snapshot(repo);
  const second = repo.run(['init', '--no-install', '--no-workflow']);
  expect(second.stdout).toContain('Nothing to change');
  expect(snapshot(repo)).toEqual(after);
  return first;
}

/** `git commit` with hooks, as a user runs it (the managers' binaries on PATH, as after an install). */
function commit(repo: TempRepo, message: string, env: Record<string, string> = {}): { code: number; output: string } {
  const r = spawnSync('git', ['commit', '-q', '-m', message], {
    cwd: repo.dir,
    encoding: 'utf8',
    env: { ...process.env, ...GIT_ENV, NO_COLOR: '1', ...env },
  });
  return { code: r.status ?? -1, output: r.stdout + r.stderr };
}

/** A README commit passes without nexiom-lint; a schema change without a migration is blocked. */
function expectHookWorks(repo: TempRepo, env: Record<string, string> = {}) {
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
function expectValidLefthook(repo: TempRepo) {
  const r = spawnSync(path.join(BIN, 'lefthook'), ['validate'], { cwd: repo.dir, encoding: 'utf8' });
  expect(r.status, r.stdout + r.stderr).toBe(0);
}

describe('init with lefthook', () => {
  const LEFTHOOK = `# team hooks
pre-commit:
  parallel: true
  commands:
    # formatting first
    prettier:
      glob: "*.{ts,md}"
      run: node -e 0 {staged_files}
    eslint:
      run: node -e 0
pre-push:
  commands:
    test:
      run: node -e 0
`;

  it('adds a command to lefthook.yml, keeps the others and their comments, and the real hook runs it', () => {
    const repo = project(
      { 'lefthook.yml': LEFTHOOK },
      { devDependencies: { lefthook: '2.2.1', 'nexiom-lint': '^0.1.0' } },
    );
    initTwice(repo);
    expectValidLefthook(repo);
    const text = read(repo, 'lefthook.yml');
    expect(text.startsWith(LEFTHOOK.split('pre-push:')[0]!)).toBe(true);
    expect(text).toContain('pre-push:\n  commands:\n    test:\n      run: node -e 0\n');
    const config = YAML.parse(text);
    expect(Object.keys(config['pre-commit'].commands)).toEqual(['prettier', 'eslint', 'nexiom-lint']);
    expect(config['pre-commit'].commands['nexiom-lint'].run).toContain('node_modules/.bin/nexiom-lint --staged');
    expect(hooksPath(repo)).toBe('(unset)');

    const install = spawnSync(path.join(BIN, 'lefthook'), ['install'], {
      cwd: repo.dir,
      encoding: 'utf8',
      env: { ...process.env, ...GIT_ENV },
    });
    expect(install.status, install.stderr).toBe(0);
    expectHookWorks(repo);
  });

  it('adds a job where the file has lefthook 2 jobs, and creates lefthook.yml when only the package is there', () => {
    const jobs = 'pre-commit:\n  jobs:\n    - name: lint\n      run: node -e 0\n';
    const repo = project(
      { '.lefthook.yml': jobs },
      { devDependencies: { lefthook: '2.2.1', 'nexiom-lint': '^0.1.0' } },
    );
    initTwice(repo);
    expectValidLefthook(repo);
    const config = YAML.parse(read(repo, '.lefthook.yml'));
    expect(config['pre-commit'].jobs.map((j: { name: string }) => j.name)).toEqual(['lint', 'nexiom-lint']);
    expect(read(repo, '.lefthook.yml').startsWith(jobs)).toBe(true);

    const bare = project({}, { devDependencies: { lefthook: '2.2.1', 'nexiom-lint': '^0.1.0' } });
    expect(initTwice(bare).stdout).toContain(
      "git's pre-commit hook does not run lefthook yet: run `npx lefthook install`",
    );
    expectValidLefthook(bare);
    expect(YAML.parse(read(bare, 'lefthook.yml'))['pre-commit'].commands['nexiom-lint'].run).toContain('--staged');
  });
});

describe('init with the pre-commit framework', () => {
  const CONFIG = `# shared hooks
repos:
  - repo: https://github.com/pre-commit/pre-commit-hooks
    rev: v4.6.0
    hooks:
      - id: trailing-whitespace # keep
  - repo: local
    hooks:
      - id: noop
        name: noop
        language: system
        entry: "true"
        pass_filenames: false
`;

  it('appends a local hook to .pre-commit-config.yaml and keeps the other repos and comments', () => {
    const repo = project({ '.pre-commit-config.yaml': CONFIG });
    expect(initTwice(repo).stdout).toContain('run `pre-commit install`');
    const text = read(repo, '.pre-commit-config.yaml');
    expect(text.startsWith(CONFIG)).toBe(true);
    const config = YAML.parse(text);
    expect(config.repos.map((r: { repo: string }) => r.repo)).toEqual([
      'https://github.com/pre-commit/pre-commit-hooks',
      'local',
      'local',
    ]);
    const hook = config.repos[2].hooks[0];
    expect(hook).toMatchObject({
      id: 'nexiom-lint',
      language: 'system',
      entry: 'sh -c',
      pass_filenames: false,
      always_run: true,
    });
    expect(hook.args).toHaveLength(1);
    expect(hook.args[0]).toContain("elif ! git diff --cached --quiet --no-renames -- \\\n  ':(top,glob)**/*.[jt]s'");
    expect(hook.args[0]).toContain('node_modules/.bin/nexiom-lint --staged');
    if (preCommitBin) {
      const valid = spawnSync('pre-commit', ['validate-config', '.pre-commit-config.yaml'], {
        cwd: repo.dir,
        encoding: 'utf8',
      });
      expect(valid.status, valid.stdout + valid.stderr).toBe(0);
    }
  });

  it('leaves a config that already uses the published nexiom-lint hook alone', () => {
    const published =
      'repos:\n  - repo: https://github.com/nexiom/nexiom-lint\n    rev: v0.1.0\n    hooks:\n      - id: nexiom-lint\n';
    const repo = project({ '.pre-commit-config.yaml': published });
    const r = repo.run(['init', '--no-install', '--no-workflow']);
    expect(r.code).toBe(0);
    expect(read(repo, '.pre-commit-config.yaml')).toBe(published);
    expect(existsSync(path.join(repo.dir, '.husky'))).toBe(false);
  });

  it.skipIf(!preCommitBin)('runs through the real pre-commit hook', () => {
    // Only the second repo: the first would be cloned from the network.
    const repo = project({
      '.pre-commit-config.yaml': CONFIG.replace(/ {2}- repo: https[\s\S]*?(?= {2}- repo: local)/, ''),
    });
    initTwice(repo);
    const env = { PRE_COMMIT_HOME: path.join(repo.dir, '.git', 'pre-commit-cache') };
    const install = spawnSync('pre-commit', ['install'], {
      cwd: repo.dir,
      encoding: 'utf8',
      env: { ...process.env, ...GIT_ENV, ...env },
    });
    expect(install.status, install.stdout + install.stderr).toBe(0);
    expectHookWorks(repo, env);
  });
});

describe('init with simple-git-hooks', () => {
  it('appends the check to the package.json pre-commit command, and the real hook runs it', () => {
    const repo = project({}, { 'simple-git-hooks': { 'pre-commit': 'node -e 0', 'pre-push': 'node -e 1' } });
    const r = initTwice(repo);
    expect(r.stdout).toContain('npx simple-git-hooks');
    const config = JSON.parse(read(repo, 'package.json'))['simple-git-hooks'];
    expect(config['pre-push']).toBe('node -e 1');
    expect(config['pre-commit']).toMatch(
      /^node -e 0 && if \[ "\$\(git hash-object --no-filters -- 'drizzle.config.ts'/,
    );
    expect(config['pre-commit']).toMatch(/; then node_modules\/\.bin\/nexiom-lint --staged; fi$/);

    const install = spawnSync(path.join(BIN, 'simple-git-hooks'), [], {
      cwd: repo.dir,
      encoding: 'utf8',
      env: { ...process.env, ...GIT_ENV },
    });
    expect(install.status, install.stdout + install.stderr).toBe(0);
    expectHookWorks(repo);
  });

  it('sets the pre-commit command of a .simple-git-hooks.json that has none', () => {
    const repo = project({ '.simple-git-hooks.json': '{\n  "pre-push": "npm test"\n}\n' });
    initTwice(repo);
    const config = JSON.parse(read(repo, '.simple-git-hooks.json'));
    expect(Object.keys(config)).toEqual(['pre-push', 'pre-commit']);
    expect(config['pre-commit']).toMatch(/^if \[ /);
  });
});

describe('init again after the drizzle config changed', () => {
  const cases: Array<[string, FileMap, Record<string, unknown>, string]> = [
    ['lefthook', { 'lefthook.yml': 'pre-commit:\n  commands:\n    lint:\n      run: node -e 0\n' }, {}, 'lefthook.yml'],
    ['pre-commit', { '.pre-commit-config.yaml': 'repos: []\n' }, {}, '.pre-commit-config.yaml'],
    ['simple-git-hooks', {}, { 'simple-git-hooks': { 'pre-commit': 'node -e 0' } }, 'package.json'],
  ];
  it.each(cases)('%s: the check block is replaced in place, once', (_, files, pkg, file) => {
    const repo = project(files, pkg);
    expect(repo.run(['init', '--no-install', '--no-workflow']).code).toBe(0);
    const first = read(repo, file);
    repo.write({ 'drizzle.config.ts': `// moved\n${read(repo, 'drizzle.config.ts')}` });
    const again = repo.run(['init', '--no-install', '--no-workflow']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("the hook's file list updated");
    const second = read(repo, file);
    expect(second).not.toBe(first);
    expect(second.split('nexiom-lint --staged').length).toBe(first.split('nexiom-lint --staged').length);
    expect(repo.run(['init', '--no-install', '--no-workflow']).stdout).toContain('Nothing to change');
  });
});

describe('husky beside another manager', () => {
  it('an existing .husky/pre-commit keeps husky in charge, with a note naming the other manager', () => {
    const lefthook = 'pre-commit:\n  commands:\n    lint:\n      run: node -e 0\n';
    const repo = project({ '.husky/pre-commit': 'node -e 0\n', 'lefthook.yml': lefthook });
    const r = repo.run(['init', '--no-install', '--no-workflow']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("This repository configures husky and lefthook: nexiom-lint's check went into husky's");
    expect(read(repo, 'lefthook.yml')).toBe(lefthook);
    expect(read(repo, '.husky/pre-commit')).toContain('nexiom-lint --staged');
  });
});

describe('a project below the git root', () => {
  it('lefthook at the root runs the check in the package folder, through the real hook', () => {
    const base = drizzleProject(USERS_V1);
    const pkg = {
      ...JSON.parse(base['package.json']!),
      devDependencies: { lefthook: '2.2.1', 'nexiom-lint': '^0.1.0' },
    };
    const files: FileMap = { 'lefthook.yml': 'pre-commit:\n  commands:\n    lint:\n      run: node -e 0\n' };
    for (const [name, text] of Object.entries({ ...base, 'package.json': `${JSON.stringify(pkg, null, 2)}\n` })) {
      files[`app/${name}`] = text;
    }
    files['app/package-lock.json'] = '{ "lockfileVersion": 3 }\n';
    const repo = createRepo(files, { linkModules: false });
    installedModules(path.join(repo.dir, 'app'));
    generateIn(repo, 'app', 'init');
    repo.commit('init');
    const r = repo.run(['init', '--no-install', '--no-workflow', '--cwd', 'app']);
    expect(r.stderr).toBe('');
    expect(existsSync(path.join(repo.dir, 'app/.husky'))).toBe(false);
    const run = YAML.parse(read(repo, 'lefthook.yml'))['pre-commit'].commands['nexiom-lint'].run as string;
    expect(run).toMatch(/^cd app\n# nexiom-lint: /);
    expect(run).toContain("':(top,literal)app/drizzle'");

    const install = spawnSync(path.join(BIN, 'lefthook'), ['install'], {
      cwd: repo.dir,
      encoding: 'utf8',
      env: { ...process.env, ...GIT_ENV },
    });
    expect(install.status, install.stderr).toBe(0);
    repo.commit('set up nexiom-lint');
    repo.write({ 'app/src/schema/users.ts': USERS_V2 });
    repo.git('add', '-A');
    const blocked = commit(repo, 'add phone number');
    expect(blocked.output).toContain('schema-without-migration');
    expect(blocked.code).not.toBe(0);
  });
});
