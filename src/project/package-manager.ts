/**
 * Package managers and the scripts they run, for every command: which manager a project uses,
 * where its install root is, how a user spells a command with it, and which package.json script
 * runs `drizzle-kit generate` / `migrate`.
 *
 * Which manager: the `packageManager` field wins (`"pnpm@9.12.0"`, as corepack reads it), then the
 * lockfile, then npm. A script that is running (the push guard) knows better: the manager that
 * started it says so in `npm_config_user_agent`.
 *
 * The install root is the nearest folder at or above the drizzle project's package that has a
 * lockfile or declares workspaces (`pnpm-workspace.yaml`, package.json `workspaces`): that is
 * where husky, lint-staged and nexiom-lint belong, because the hook runs there.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

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
  if (!existsSync(file)) return null;
  try {
    const value = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, '')) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null; // Not JSON: no field to read; the lockfile decides.
  }
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

const NAMES: readonly PackageManagerName[] = ['npm', 'pnpm', 'yarn', 'bun'];

/** The manager running this process's script (`npm_config_user_agent`, set by each of them), or null. */
export function managerFromAgent(env: NodeJS.ProcessEnv): PackageManagerName | null {
  const agent = env.npm_config_user_agent?.split('/')[0] as PackageManagerName | undefined;
  return agent && NAMES.includes(agent) ? agent : null;
}

/** argv that adds dev dependencies at the install root (the workspace root in a monorepo). */
export function addDevArgv(pm: PackageManager, packages: string[]): string[] {
  switch (pm.name) {
    case 'pnpm':
      return ['pnpm', 'add', '--save-dev', ...(pm.workspaces ? ['--workspace-root'] : []), ...packages];
    case 'yarn':
      return [
        'yarn',
        'add',
        '--dev',
        ...(pm.workspaces && !pm.yarnBerry ? ['--ignore-workspace-root-check'] : []),
        ...packages,
      ];
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

/** A script run spelled out in full, for files nexiom-lint writes (a workflow, a compose service). */
export function runScriptCommand(pm: PackageManager, script: string): string {
  return { npm: `npm run ${script}`, pnpm: `pnpm run ${script}`, yarn: `yarn run ${script}`, bun: `bun run ${script}` }[
    pm.name
  ];
}

/** A script run the way people type it, for messages: `pnpm db:generate`, `npm run db:generate`. */
export function scriptCommand(name: PackageManagerName, script: string): string {
  return `${name === 'npm' || name === 'bun' ? `${name} run` : name} ${script}`;
}

/** The manager `scriptCommand` spelled at the start of a command, or null (`npx ...`). */
export function managerOfScriptCommand(command: string): PackageManagerName | null {
  const head = /^(npm run|pnpm|yarn|bun run) /.exec(command)?.[1];
  return head ? (head.split(' ')[0] as PackageManagerName) : null;
}

/**
 * `drizzle-kit generate` (or `migrate`) as a command in a script line: `drizzle-kit generate`,
 * `drizzle-kit@0.31 generate --config x`, the pre-0.21 `drizzle-kit generate:pg`, after an env
 * loader (`dotenv -- drizzle-kit generate`) or another command (`... && drizzle-kit generate`).
 */
export function runsDrizzleKit(command: string, subcommand: 'generate' | 'migrate'): boolean {
  const re = subcommand === 'generate' ? GENERATE : MIGRATE;
  return re.test(command) && !(subcommand === 'generate' && /--custom/.test(command));
}

const kitCommand = (sub: string) =>
  new RegExp(`(?:^|[\\s;&|(/])drizzle-kit(?:@\\S+)?\\s+${sub}(?::[a-z]+)?(?=$|[\\s;&|)'"])`);
const GENERATE = kitCommand('generate');
const MIGRATE = kitCommand('migrate');

/** The first package.json script that runs `drizzle-kit <subcommand>` (generate: not `--custom`). */
export function drizzleKitScript(
  scripts: Record<string, string>,
  subcommand: 'generate' | 'migrate',
): string | undefined {
  return Object.entries(scripts).find(
    ([, command]) => typeof command === 'string' && runsDrizzleKit(command, subcommand),
  )?.[0];
}

/** The clean, lockfile-respecting install a CI job runs. */
export function ciInstallCommand(pm: PackageManager): string {
  switch (pm.name) {
    case 'pnpm':
      return pm.lockfile ? 'pnpm install --frozen-lockfile' : 'pnpm install';
    case 'yarn':
      return pm.lockfile
        ? pm.yarnBerry
          ? 'yarn install --immutable'
          : 'yarn install --frozen-lockfile'
        : 'yarn install';
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

/** `drizzle-kit generate --config ./configs/postgresql.config.ts` (also `--config=...`). */
const SCRIPT_CONFIG = /drizzle-kit\b[^&|;\n]*?\s--config(?:=|\s+)(["']?)([^\s"'&|;]+)\1/g;

/** The configs a script line hands to drizzle-kit with `--config`, as written (relative to the package). */
export function drizzleKitConfigs(command: string): string[] {
  if (!command.includes('drizzle-kit')) return [];
  return [...command.matchAll(SCRIPT_CONFIG)].map((match) => match[2]!);
}
