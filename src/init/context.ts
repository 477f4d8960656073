/** What every init step knows: the repository, the chosen drizzle project, its package manager. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { SerializedProject } from '../project/cache.js';
import { toRepoPath } from '../project/drizzle-config.js';
import { DEFAULT_CONFIG_NAMES } from '../project/names.js';
import { detectPackageManager, findInstallRoot, type PackageManager } from '../project/package-manager.js';
import { teamScript } from '../project/team-scripts.js';
import { isSupabaseCliFolder } from '../project/supabase-cli.js';

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
  /** Record the findings the project already has (default true; `--no-baseline`). */
  baseline?: boolean;
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
  /**
   * The scripts of the drizzle package that generate and apply migrations: the team's own when it
   * has them (`migration:generate`, `drizzle-migrate` with its `--env-file`), else the ones init
   * adds (`db:generate`, `db:migrate`). Every command and message init writes names these.
   */
  scripts: { generate: string; migrate: string; own: { generate: boolean; migrate: boolean } };
  /** `out` is the Supabase CLI's `supabase/migrations`: the CLI applies it (supabase-cli.ts), not drizzle-kit migrate. */
  supabaseCli: boolean;
  options: InitOptions;
}

function packageScripts(packageAbs: string): Record<string, string> {
  try {
    const scripts = (JSON.parse(readFileSync(path.join(packageAbs, 'package.json'), 'utf8')) as { scripts?: unknown })
      .scripts;
    return scripts && typeof scripts === 'object' && !Array.isArray(scripts) ? (scripts as Record<string, string>) : {};
  } catch {
    return {}; // Missing or not JSON: the scripts step says so with the file's name.
  }
}

function findScripts(repoRoot: string, project: SerializedProject, allConfigs: string[]): InitContext['scripts'] {
  const packageAbs = path.join(repoRoot, project.baseDir);
  const configPath = path.relative(packageAbs, path.join(repoRoot, project.configFile));
  const config = {
    path: configPath,
    isDefault:
      DEFAULT_CONFIG_NAMES.includes(configPath) &&
      DEFAULT_CONFIG_NAMES.find((n) => existsSync(path.join(packageAbs, n))) === configPath,
    only: allConfigs.filter((c) => !project.baseDir || c.startsWith(`${project.baseDir}/`)).length <= 1,
    supabaseCli: isSupabaseCliFolder(project.out),
  };
  const scripts = packageScripts(packageAbs);
  const generate = teamScript(packageAbs, scripts, 'generate', config);
  const migrate = teamScript(packageAbs, scripts, 'migrate', config);
  return {
    generate: generate ?? 'db:generate',
    migrate: migrate ?? 'db:migrate',
    own: { generate: generate !== undefined, migrate: migrate !== undefined },
  };
}

export function createContext(
  repoRoot: string,
  project: SerializedProject,
  allConfigs: string[],
  options: InitOptions,
): InitContext {
  const packageAbs = path.join(repoRoot, project.baseDir);
  const installAbs = findInstallRoot(repoRoot, packageAbs);
  return {
    repoRoot,
    project,
    allConfigs,
    packageDir: project.baseDir,
    installRoot: toRepoPath(repoRoot, installAbs),
    pm: detectPackageManager(installAbs),
    scripts: findScripts(repoRoot, project, allConfigs),
    supabaseCli: isSupabaseCliFolder(project.out),
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
