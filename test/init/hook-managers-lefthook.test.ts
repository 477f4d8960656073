// init in projects whose hooks lefthook owns: the check goes into lefthook's configuration (commands
// or lefthook 2 jobs), its other commands and comments kept, also from the git root for a project in
// a subfolder; no husky, no lint-staged, core.hooksPath untouched; a second run changes nothing. A
// real `git commit` through lefthook is blocked by a schema change without a migration, and a
// README-only commit does not start nexiom-lint.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { drizzleProject, generateIn, USERS_V1, USERS_V2 } from '../helpers/drizzle.js';
import { cleanupAll, createRepo, GIT_ENV, type FileMap } from '../helpers/repo.js';
import { BIN, commit, expectHookWorks, expectValidLefthook, initTwice, project } from './hook-managers-fixture.js';
import { hooksPath, installedModules, read } from './helpers.js';

afterAll(cleanupAll);

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
    const r = repo.run(['init', '--no-install', '--no-workflow', '--no-baseline', '--cwd', 'app']);
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
