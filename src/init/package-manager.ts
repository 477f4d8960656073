/**
 * Which package manager a project uses and where its install root is (the workspace root in a
 * monorepo): the `packageManager` field wins (`"pnpm@9.12.0"`, as corepack reads it), then the
 * lockfile, then npm.
 *
 * The install root is the nearest folder at or above the drizzle project's package that has a
 * lockfile or declares workspaces (`pnpm-workspace.yaml`, package.json `workspaces`): that is
 * where husky, lint-staged and nexiom-lint belong, because the hook runs there.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseObject } from './json-edit.js';

export type PackageManagerName = 'npm' | 'pnpm' | 'yarn' | 'bun';

export interface PackageManager {
  name: PackageManagerName;
  /** Yarn 2+ (berry): different flags for frozen installs and for the workspace root. */
  yarnBerry: boolean;
  /** Lockfile name at the install root, if any. */
  lockfile: string | null;
  /** The install root declares workspaces (a monorepo). */
  workspaces: boolean;
}

const LOCKFILES: Array<[string, PackageManagerName]> = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
];

function readPackageJson(dir: string): Record<string, unknown> | null {
  const file = path.join(dir, 'package.json');
  return existsSync(file) ? parseObject(readFileSync(file, 'utf8')) : null;
}

function declaresWorkspaces(dir: string): boolean {
  return existsSync(path.join(dir, 'pnpm-workspace.yaml')) || readPackageJson(dir)?.workspaces !== undefined;
}

function lockfileIn(dir: string): [string, PackageManagerName] | null {
  return LOCKFILES.find(([name]) => existsSync(path.join(dir, name))) ?? null;
}

/** The install root for a package directory (both absolute), never above the repository root. */
export function findInstallRoot(repoRoot: string, packageDir: string): string {
  let dir = packageDir;
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && (lockfileIn(dir) || declaresWorkspaces(dir))) return dir;
    if (path.resolve(dir) === path.resolve(repoRoot)) return packageDir;
    const parent = path.dirname(dir);
    if (parent === dir) return packageDir;
    dir = parent;
  }
}

export function detectPackageManager(installRoot: string): PackageManager {
  const pkg = readPackageJson(installRoot);
  const lock = lockfileIn(installRoot);
  const field = typeof pkg?.packageManager === 'string' ? pkg.packageManager : '';
  const fromField = /^(npm|pnpm|yarn|bun)@/.exec(field)?.[1] as PackageManagerName | undefined;
  const name = fromField ?? lock?.[1] ?? 'npm';
  const yarnBerry =
    name === 'yarn' &&
    (/^yarn@([2-9]|\d{2,})/.test(field) ||
      existsSync(path.join(installRoot, '.yarnrc.yml')) ||
      (lock?.[0] === 'yarn.lock' && readFileSync(path.join(installRoot, 'yarn.lock'), 'utf8').includes('__metadata:')));
  // Only the chosen manager's own lockfile counts (a stale package-lock.json beside `packageManager: pnpm@…`).
  const own = LOCKFILES.find(([file, manager]) => manager === name && existsSync(path.join(installRoot, file)));
  return { name, yarnBerry, lockfile: own?.[0] ?? null, workspaces: declaresWorkspaces(installRoot) };
}

/** argv that adds dev dependencies at the install root (the workspace root in a monorepo). */
export function addDevArgv(pm: PackageManager, packages: string[]): string[] {
  switch (pm.name) {
    case 'pnpm':
      return ['pnpm', 'add', '--save-dev', ...(pm.workspaces ? ['--workspace-root'] : []), ...packages];
    case 'yarn':
      return ['yarn', 'add', '--dev', ...(pm.workspaces && !pm.yarnBerry ? ['--ignore-workspace-root-check'] : []), ...packages];
    case 'bun':
      return ['bun', 'add', '--dev', ...packages];
    default:
      return ['npm', 'install', '--save-dev', ...packages];
  }
}

/** How a user runs a package's binary: `npx husky`, `pnpm exec husky` ... */
export function execCommand(pm: PackageManager, bin: string): string {
  return { npm: `npx ${bin}`, pnpm: `pnpm exec ${bin}`, yarn: `yarn ${bin}`, bun: `bunx ${bin}` }[pm.name];
}

export function runScriptCommand(pm: PackageManager, script: string): string {
  return { npm: `npm run ${script}`, pnpm: `pnpm run ${script}`, yarn: `yarn run ${script}`, bun: `bun run ${script}` }[pm.name];
}

/** The clean, lockfile-respecting install a CI job runs. */
export function ciInstallCommand(pm: PackageManager): string {
  switch (pm.name) {
    case 'pnpm':
      return pm.lockfile ? 'pnpm install --frozen-lockfile' : 'pnpm install';
    case 'yarn':
      return pm.lockfile ? (pm.yarnBerry ? 'yarn install --immutable' : 'yarn install --frozen-lockfile') : 'yarn install';
    case 'bun':
      return pm.lockfile ? 'bun install --frozen-lockfile' : 'bun install';
    default:
      return pm.lockfile ? 'npm ci' : 'npm install';
  }
}

export function describe(pm: PackageManager): string {
  const name = pm.name === 'yarn' && pm.yarnBerry ? 'yarn (berry)' : pm.name;
  return pm.workspaces ? `${name} workspace` : name;
}
