// init in a pnpm workspace whose drizzle config lives in a sub-package: scripts go to that
// package, the hook's packages and config to the workspace root; with several drizzle projects
// and no terminal it asks for --config instead of guessing.
import { existsSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { PG_CONFIG, USERS_V1 } from '../helpers/drizzle.js';
import { cleanupAll, createRepo, tempDir, type FileMap } from '../helpers/repo.js';
import { hooksPath, read, snapshot } from './helpers.js';

afterAll(cleanupAll);

const ROOT_PACKAGE = `{
  "name": "mono",
  "private": true,
  "packageManager": "pnpm@9.12.0",
  "scripts": {
    "build": "pnpm -r build",
    "db:push": "drizzle-kit push --config packages/db/drizzle.config.ts"
  }
}
`;

function workspace(extra: FileMap = {}) {
  return createRepo({
    'package.json': ROOT_PACKAGE,
    'pnpm-workspace.yaml': 'packages:\n  - packages/*\n',
    'pnpm-lock.yaml': "lockfileVersion: '9.0'\n",
    'packages/db/package.json':
      '{\n  "name": "@mono/db",\n  "type": "module",\n  "scripts": {\n    "generate": "drizzle-kit generate"\n  }\n}\n',
    'packages/db/drizzle.config.ts': PG_CONFIG(),
    'packages/db/src/schema/users.ts': USERS_V1,
    'packages/web/package.json': '{ "name": "@mono/web" }\n',
    ...extra,
  });
}

describe('init in a pnpm workspace', () => {
  it('puts the scripts in the drizzle package and the hook and workflow at the root', async () => {
    const repo = workspace();
    const r = repo.run(['init', '--no-install']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('nexiom-lint init: packages/db/drizzle.config.ts (pnpm workspace, package packages/db)');

    expect(JSON.parse(read(repo, 'packages/db/package.json')).scripts).toEqual({
      generate: 'drizzle-kit generate',
      'db:migrate': 'drizzle-kit migrate',
      'db:check': 'nexiom-lint --all',
      'db:push': 'nexiom-lint guard push',
    });
    expect(JSON.parse(read(repo, 'package.json')).scripts).toEqual({
      build: 'pnpm -r build',
      'db:push': 'nexiom-lint guard push',
      'db:push:unsafe': 'drizzle-kit push --config packages/db/drizzle.config.ts',
      prepare: 'husky',
    });
    expect(read(repo, '.husky/pre-commit')).toContain(
      "  ':(top,literal)packages/db/drizzle.config.ts'; then\n  nexiom-lint --staged\nfi\n",
    );
    expect(hooksPath(repo)).toBe('.husky/_');
    expect(existsSync(path.join(repo.dir, 'lint-staged.config.mjs'))).toBe(false);

    const steps = YAML.parse(read(repo, '.github/workflows/nexiom-lint.yml')).jobs.check.steps;
    expect(steps[1]).toEqual({ uses: 'pnpm/action-setup@v4' });
    expect(steps[2]).toEqual({ uses: 'actions/setup-node@v4', with: { 'node-version': 20, cache: 'pnpm' } });
    expect(steps[3]).toEqual({ run: 'pnpm install --frozen-lockfile' });
    expect(steps[4]).toMatchObject({
      run: 'pnpm exec nexiom-lint --comment --format github',
      'working-directory': 'packages/db',
    });

    expect(r.stdout).toContain('`pnpm add --save-dev --workspace-root husky nexiom-lint`');
    expect(repo.run(['init', '--no-install']).stdout).toContain('Nothing to change');
  });

  it('installs with pnpm unless --no-install, and undoes everything when the install cannot run', () => {
    const repo = workspace();
    const before = snapshot(repo);
    // A PATH with git and node but no pnpm.
    const bin = tempDir();
    const git = (process.env.PATH ?? '')
      .split(path.delimiter)
      .map((d) => path.join(d, 'git'))
      .find((p) => existsSync(p));
    symlinkSync(git!, path.join(bin, 'git'));
    symlinkSync(process.execPath, path.join(bin, 'node'));
    const r = repo.run(['init'], { PATH: bin });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('pnpm was not found on PATH');
    expect(r.stderr).toContain('init undid its changes');
    expect(r.stderr).not.toContain('    at ');
    expect(snapshot(repo)).toEqual(before);
  });

  describe('with two drizzle projects', () => {
    const two = (): FileMap => ({
      'packages/analytics/package.json': '{ "name": "@mono/analytics" }\n',
      'packages/analytics/drizzle.config.ts': PG_CONFIG(),
      'packages/analytics/src/schema/events.ts': USERS_V1.replace("'users'", "'events'"),
    });

    it('without a terminal, lists them and asks for --config (exit 2), changing nothing', () => {
      const repo = workspace(two());
      const before = snapshot(repo);
      const r = repo.run(['init', '--no-install']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(
        'This repository has 2 drizzle configs:\n  packages/analytics/drizzle.config.ts\n  packages/db/drizzle.config.ts\n',
      );
      expect(r.stderr).toContain('--config <path>');
      expect(snapshot(repo)).toEqual(before);
    });

    it('with --config (or run inside the package), sets up that one and names it in every command', () => {
      const repo = workspace(two());
      const r = repo.run([
        'init',
        '--no-install',
        '--no-workflow',
        '--cwd',
        'packages',
        '--config',
        'db/drizzle.config.ts',
      ]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(JSON.parse(read(repo, 'packages/db/package.json')).scripts['db:check']).toBe(
        'nexiom-lint --all --config drizzle.config.ts',
      );
      expect(read(repo, '.husky/pre-commit')).toContain(
        '\n  nexiom-lint --staged --config packages/db/drizzle.config.ts\nfi\n',
      );
      const inside = repo.run(['init', '--no-install', '--no-workflow', '--dry-run', '--cwd', 'packages/db']);
      expect(inside.code).toBe(0);
      expect(inside.stdout).toContain('Nothing to change');
    });
  });
});
