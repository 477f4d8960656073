/**
 * What to tell a user whose drizzle-kit (or another package) is not installed, in the words of
 * the project's own package manager: when the package declares it, the dependencies are just not
 * installed (`pnpm install` at the workspace root); when it does not, add it to that package.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ciInstallCommand, detectPackageManager, findInstallRoot, type PackageManager } from './package-manager.js';

function declares(packageDir: string, name: string): boolean {
  for (let dir = path.resolve(packageDir); ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      try {
        const pkg = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, '')) as Record<string, unknown>;
        const fields = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'];
        return fields.some((f) => {
          const deps = pkg[f];
          return !!deps && typeof deps === 'object' && Object.hasOwn(deps, name);
        });
      } catch {
        return false;
      }
    }
    if (path.dirname(dir) === dir) return false;
  }
}

function addDevCommand(pm: PackageManager, name: string): string {
  return {
    npm: `npm install --save-dev ${name}`,
    pnpm: `pnpm add --save-dev ${name}`,
    yarn: `yarn add --dev ${name}`,
    bun: `bun add --dev ${name}`,
  }[pm.name];
}

/**
 * "install the project's dependencies (`pnpm install --frozen-lockfile` in the repository root)"
 * or "add it (`pnpm add --save-dev drizzle-kit` in apps/web)". `packageDir` and `repoRoot` are absolute.
 */
export function installHint(packageDir: string, repoRoot: string, name: string): string {
  const root = findInstallRoot(repoRoot, packageDir);
  const pm = detectPackageManager(root);
  const where = (dir: string) => {
    const rel = path.relative(repoRoot, dir).split(path.sep).join('/');
    return rel ? `in ${rel}` : 'in the repository root';
  };
  if (declares(packageDir, name)) {
    return `install the project's dependencies (\`${ciInstallCommand(pm)}\` ${where(root)})`;
  }
  return `add it (\`${addDevCommand(pm, name)}\` ${where(packageDir)})`;
}

/** `installHint` when only the package's folder is known: the repository is the nearest folder with `.git`. */
export function installHintFrom(packageDir: string, name: string): string {
  let root = path.resolve(packageDir);
  for (let dir = root; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.git'))) {
      root = dir;
      break;
    }
    if (path.dirname(dir) === dir) break;
  }
  return installHint(packageDir, root, name);
}
