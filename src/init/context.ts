/** What every init step knows: the repository, the chosen drizzle project, its package manager. */
import path from 'node:path';
import type { SerializedProject } from '../project/cache.js';
import { toRepoPath } from '../project/drizzle-config.js';
import { detectPackageManager, findInstallRoot, type PackageManager } from '../project/package-manager.js';

export interface InitOptions {
  /** Where the user ran init (absolute). */
  cwd: string;
  dryRun: boolean;
  yes: boolean;
  config?: string;
  install: boolean;
  /** undefined: add it unless the repository is hosted somewhere other than GitHub. */
  workflow?: boolean;
  releaseStep: boolean;
}

export interface InitContext {
  repoRoot: string;
  project: SerializedProject;
  /** Every drizzle config in the repository; more than one means commands need `--config`. */
  allConfigs: string[];
  /** Repository-relative folder of the package that owns the config ('' = the root). */
  packageDir: string;
  /** Repository-relative install root: the workspace root in a monorepo, where the hook runs. */
  installRoot: string;
  pm: PackageManager;
  options: InitOptions;
}

export function createContext(repoRoot: string, project: SerializedProject, allConfigs: string[], options: InitOptions): InitContext {
  const packageAbs = path.join(repoRoot, project.baseDir);
  const installAbs = findInstallRoot(repoRoot, packageAbs);
  return {
    repoRoot,
    project,
    allConfigs,
    packageDir: project.baseDir,
    installRoot: toRepoPath(repoRoot, installAbs),
    pm: detectPackageManager(installAbs),
    options,
  };
}

/** Joins repository-relative posix paths ('' is the root). */
export function join(dir: string, file: string): string {
  return dir ? `${dir}/${file}` : file;
}

/** `to` relative to the folder `from` (both repository-relative), posix, '' → '.'. */
export function relative(from: string, to: string): string {
  return path.posix.relative(from || '.', to || '.') || '.';
}
