/**
 * Package managers and the scripts they run, for every command: which manager a project uses,
 * where its install root is, how a user spells a command with it, and which package.json script
 * runs `drizzle-kit generate` / `migrate`.
 *
 * Which manager: the `packageManager` field wins (`"pnpm@9.12.0"`, as corepack reads it), then the
 * lockfile, then npm. A script that is running (the push guard) knows better: the manager that
 * started it says so in `npm_config_user_agent`.
 *
 * The install root is the workspace root whose `pnpm-workspace.yaml` or package.json `workspaces`
 * (npm, yarn, bun) lists the drizzle project's package; failing that, the nearest folder at or
 * above the package with a lockfile. A member's own lockfile (made for a Docker build of that app
 * alone) does not make it a root: the workspace installs it, and that is where husky, lint-staged
 * and nexiom-lint belong, because the hook runs there.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';

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

/** Every lockfile name a manager writes. */
export const LOCKFILE_NAMES: readonly string[] = LOCKFILES.map(([name]) => name);

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

/** Whether a folder (absolute) has any manager's lockfile. */
export function hasLockfile(dir: string): boolean {
  return lockfileIn(dir) !== null;
}

/**
 * The `packages:` globs of a pnpm-workspace.yaml, read line by line (the file is small and its
 * other keys do not matter here):
 *
 *   packages:
 *     - "apps/*"
 *     - '!apps/legacy'
 *   catalog: ...
 */
export function pnpmWorkspaceGlobs(text: string): string[] {
  const flow = /^packages:\s*\[(.*)\]/m.exec(text);
  if (flow) return flow[1]!.split(',').map(unquote).filter(Boolean);
  const globs: string[] = [];
  let inside = false;
  for (const line of text.split(/\r?\n/)) {
    if (/^packages:\s*(#.*)?$/.test(line)) inside = true;
    else if (inside && /^\s+-\s/.test(line)) globs.push(unquote(line.replace(/^\s+-\s*/, '').replace(/\s+#.*$/, '')));
    else if (inside && /^\S/.test(line)) break;
  }
  return globs.filter(Boolean);
}

function unquote(value: string): string {
  return value.trim().replace(/^(["'])(.*)\1$/, '$2');
}

/** The member globs a folder declares (`workspaces` as a list or as `{ packages }`), or null. */
function workspaceGlobs(dir: string): string[] | null {
  const pnpm = path.join(dir, 'pnpm-workspace.yaml');
  if (existsSync(pnpm)) return pnpmWorkspaceGlobs(readFileSync(pnpm, 'utf8'));
  const workspaces = readPackageJson(dir)?.workspaces;
  const list = Array.isArray(workspaces) ? workspaces : (workspaces as { packages?: unknown } | undefined)?.packages;
  return Array.isArray(list) ? list.filter((g): g is string => typeof g === 'string') : null;
}

/** Whether `member` (relative to the workspace root, posix) matches its globs and no `!` exclusion. */
function isMember(globs: string[], member: string): boolean {
  const normalize = (g: string) => g.replace(/^\.\//, '').replace(/\/+$/, '');
  const include = globs.filter((g) => !g.startsWith('!')).map(normalize);
  const exclude = globs.filter((g) => g.startsWith('!')).map((g) => normalize(g.slice(1)));
  return (
    picomatch.isMatch(member, include, { dot: true }) &&
    !(exclude.length && picomatch.isMatch(member, exclude, { dot: true }))
  );
}

/** The install root for a package directory (both absolute), never above the repository root. */
export function findInstallRoot(repoRoot: string, packageDir: string): string {
  let workspaceRoot: string | null = null;
  let nearestLock: string | null = null;
  let dir = packageDir;
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) {
      const globs = dir === packageDir ? null : workspaceGlobs(dir);
      // The outermost workspace that lists the package wins (a nested workspace inside a larger one).
      const member = path.relative(dir, packageDir).split(path.sep).join('/');
      const ownRoot = lockfileIn(dir) !== null || (dir === packageDir && declaresWorkspaces(dir));
      if (globs && isMember(globs, member)) workspaceRoot = dir;
      else if (nearestLock === null && ownRoot) nearestLock = dir;
    }
    const parent = path.dirname(dir);
    if (path.resolve(dir) === path.resolve(repoRoot) || parent === dir) break;
    dir = parent;
  }
  return workspaceRoot ?? nearestLock ?? packageDir;
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
