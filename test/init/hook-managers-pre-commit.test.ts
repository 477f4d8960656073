// init in projects whose hooks the pre-commit framework owns: a local hook appended to
// .pre-commit-config.yaml, the other repos and comments kept; a config that already uses the
// published hook left alone. Where Debian's `pre-commit` is installed, the config is validated by it
// and a real `git commit` through it is blocked by a schema change without a migration.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupAll, GIT_ENV } from '../helpers/repo.js';
import { expectHookWorks, initTwice, project } from './hook-managers-fixture.js';
import { read } from './helpers.js';

afterAll(cleanupAll);

/** The pre-commit framework is a Python tool: Debian's `pre-commit` package, when it is installed. */
const preCommitBin = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' }).status === 0;

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
