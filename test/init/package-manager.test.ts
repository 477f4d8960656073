// Package manager and install root detection, on real folders.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  addDevArgv,
  ciInstallCommand,
  detectPackageManager,
  drizzleKitConfigs,
  drizzleKitScript,
  execCommand,
  findInstallRoot,
  managerFromAgent,
  managerOfScriptCommand,
  pnpmWorkspaceGlobs,
  runsDrizzleKit,
  scriptCommand,
} from '../../src/project/package-manager.js';
import { cleanupAll, tempDir, writeFiles, type FileMap } from '../helpers/repo.js';

afterAll(cleanupAll);

function folder(files: FileMap): string {
  const dir = tempDir();
  writeFiles(dir, files);
  return dir;
}

describe('detectPackageManager', () => {
  it.each([
    [{ 'package.json': '{}' }, 'npm', 'npm install', ['npm', 'install', '--save-dev', 'husky']],
    [{ 'package.json': '{}', 'package-lock.json': '{}' }, 'npm', 'npm ci', ['npm', 'install', '--save-dev', 'husky']],
    [
      { 'package.json': '{}', 'bun.lock': '' },
      'bun',
      'bun install --frozen-lockfile',
      ['bun', 'add', '--dev', 'husky'],
    ],
    [
      { 'package.json': '{"workspaces":["packages/*"]}', 'yarn.lock': '# yarn lockfile v1\n' },
      'yarn',
      'yarn install --frozen-lockfile',
      ['yarn', 'add', '--dev', '--ignore-workspace-root-check', 'husky'],
    ],
    [
      { 'package.json': '{"workspaces":["packages/*"]}', 'yarn.lock': '__metadata:\n  version: 8\n' },
      'yarn',
      'yarn install --immutable',
      ['yarn', 'add', '--dev', 'husky'],
    ],
    [
      { 'package.json': '{}', 'pnpm-workspace.yaml': 'packages: []\n', 'pnpm-lock.yaml': '' },
      'pnpm',
      'pnpm install --frozen-lockfile',
      ['pnpm', 'add', '--save-dev', '--workspace-root', 'husky'],
    ],
    // The packageManager field wins over a stale lockfile.
    [
      { 'package.json': '{"packageManager":"pnpm@9.1.0"}', 'package-lock.json': '{}' },
      'pnpm',
      'pnpm install',
      ['pnpm', 'add', '--save-dev', 'husky'],
    ],
  ])('%j → %s', (files, name, ci, add) => {
    const pm = detectPackageManager(folder(files as FileMap));
    expect(pm.name).toBe(name);
    expect(ciInstallCommand(pm)).toBe(ci);
    expect(addDevArgv(pm, ['husky'])).toEqual(add);
  });

  it('runs binaries the way each manager does', () => {
    const pnpm = detectPackageManager(folder({ 'package.json': '{}', 'pnpm-lock.yaml': '' }));
    expect(execCommand(pnpm, 'husky')).toBe('pnpm exec husky');
    expect(execCommand(detectPackageManager(folder({ 'package.json': '{}' })), 'husky')).toBe('npx husky');
  });
});

describe('findInstallRoot', () => {
  it('is the workspace root above a sub-package, and the package itself in a plain project', () => {
    const root = folder({
      'package.json': '{}',
      'pnpm-workspace.yaml': 'packages: ["packages/*"]\n',
      'packages/db/package.json': '{}',
      'apps/api/package.json': '{}',
      'apps/api/package-lock.json': '{}',
    });
    expect(findInstallRoot(root, path.join(root, 'packages/db'))).toBe(root);
    expect(findInstallRoot(root, path.join(root, 'apps/api'))).toBe(path.join(root, 'apps/api'));
    const plain = folder({ 'app/package.json': '{}' });
    mkdirSync(path.join(plain, 'app/src'), { recursive: true });
    writeFileSync(path.join(plain, 'app/src/x.ts'), '');
    expect(findInstallRoot(plain, path.join(plain, 'app'))).toBe(path.join(plain, 'app'));
  });

  it("is the workspace root even for a member with its own lockfile (a Docker build's), unless the globs leave it out", () => {
    const root = folder({
      'package.json': '{}',
      'pnpm-lock.yaml': '',
      'pnpm-workspace.yaml': "packages:\n  - apps/*   # the apps\n  - '!apps/legacy'\ncatalog:\n  zod: ^4\n",
      'apps/web/package.json': '{}',
      'apps/web/pnpm-lock.yaml': '',
      'apps/legacy/package.json': '{}',
      'apps/legacy/package-lock.json': '{}',
    });
    expect(findInstallRoot(root, path.join(root, 'apps/web'))).toBe(root);
    expect(findInstallRoot(root, path.join(root, 'apps/legacy'))).toBe(path.join(root, 'apps/legacy'));
    const yarn = folder({
      'package.json': '{"workspaces":{"packages":["./packages/**"]}}',
      'packages/db/core/package.json': '{}',
      'packages/db/core/yarn.lock': '',
    });
    expect(findInstallRoot(yarn, path.join(yarn, 'packages/db/core'))).toBe(yarn);
    expect(pnpmWorkspaceGlobs('packages: ["a/*", \'b\']\n')).toEqual(['a/*', 'b']);
  });
});

describe('the scripts that run drizzle-kit', () => {
  it.each([
    ['drizzle-kit generate', true],
    ['drizzle-kit generate --config ./drizzle.config.ts', true],
    ['drizzle-kit@0.31.4 generate', true],
    ['drizzle-kit generate:pg', true],
    ['dotenv -e ../../.env -- drizzle-kit generate', true],
    ['pnpm build && drizzle-kit generate', true],
    ['./node_modules/.bin/drizzle-kit generate', true],
    ['drizzle-kit generate --custom --name seed', false],
    ['drizzle-kit generated', false],
    ['my-drizzle-kit generate', false],
    ['drizzle-kit migrate', false],
  ])('%s: generate %s', (command, expected) => {
    expect(runsDrizzleKit(command, 'generate')).toBe(expected);
  });

  it('finds the generate and migrate scripts, and spells their runs per manager', () => {
    const scripts = {
      'db:seed': 'drizzle-kit generate --custom',
      'db:gen': 'drizzle-kit generate',
      'db:up': 'drizzle-kit migrate',
    };
    expect(drizzleKitScript(scripts, 'generate')).toBe('db:gen');
    expect(drizzleKitScript(scripts, 'migrate')).toBe('db:up');
    expect(drizzleKitScript({}, 'migrate')).toBeUndefined();
    expect(['npm', 'pnpm', 'yarn', 'bun'].map((m) => scriptCommand(m as 'npm', 'db:gen'))).toEqual([
      'npm run db:gen',
      'pnpm db:gen',
      'yarn db:gen',
      'bun run db:gen',
    ]);
    expect(managerOfScriptCommand('pnpm db:gen')).toBe('pnpm');
    expect(managerOfScriptCommand('npx drizzle-kit generate')).toBeNull();
    expect(managerFromAgent({ npm_config_user_agent: 'yarn/1.22.22 npm/? node/v20.20.2' })).toBe('yarn');
    expect(managerFromAgent({})).toBeNull();
  });

  it('reads the configs a script hands to drizzle-kit', () => {
    expect(
      drizzleKitConfigs(
        'drizzle-kit generate --config ./configs/pg.config.ts && drizzle-kit migrate --config=other.ts',
      ),
    ).toEqual(['./configs/pg.config.ts', 'other.ts']);
    expect(drizzleKitConfigs('tsc --config x.json')).toEqual([]);
  });
});
