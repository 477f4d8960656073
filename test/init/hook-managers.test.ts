// init in projects whose hooks simple-git-hooks owns (the check appended to its pre-commit command,
// in package.json or .simple-git-hooks.json); init again after the drizzle config moved, with each
// manager; husky beside another manager. See also hook-managers-lefthook.test.ts and
// hook-managers-pre-commit.test.ts.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupAll, GIT_ENV, type FileMap } from '../helpers/repo.js';
import { BIN, expectHookWorks, initTwice, project } from './hook-managers-fixture.js';
import { read } from './helpers.js';

afterAll(cleanupAll);

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
    expect(repo.run(['init', '--no-install', '--no-workflow', '--no-baseline']).code).toBe(0);
    const first = read(repo, file);
    repo.write({ 'drizzle.config.ts': `// moved\n${read(repo, 'drizzle.config.ts')}` });
    const again = repo.run(['init', '--no-install', '--no-workflow', '--no-baseline']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("the hook's file list updated");
    const second = read(repo, file);
    expect(second).not.toBe(first);
    expect(second.split('nexiom-lint --staged').length).toBe(first.split('nexiom-lint --staged').length);
    expect(repo.run(['init', '--no-install', '--no-workflow', '--no-baseline']).stdout).toContain('Nothing to change');
  });
});

describe('husky beside another manager', () => {
  it('an existing .husky/pre-commit keeps husky in charge, with a note naming the other manager', () => {
    const lefthook = 'pre-commit:\n  commands:\n    lint:\n      run: node -e 0\n';
    const repo = project({ '.husky/pre-commit': 'node -e 0\n', 'lefthook.yml': lefthook });
    const r = repo.run(['init', '--no-install', '--no-workflow', '--no-baseline']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("This repository configures husky and lefthook: nexiom-lint's check went into husky's");
    expect(read(repo, 'lefthook.yml')).toBe(lefthook);
    expect(read(repo, '.husky/pre-commit')).toContain('nexiom-lint --staged');
  });
});
