/**
 * The dev dependencies the hook needs at the install root: husky (runs the hook) and nexiom-lint
 * itself, so the hook and the scripts find `nexiom-lint` in node_modules/.bin instead of
 * downloading it with npx; lint-staged only where the project's lint-staged config runs the check
 * (the hook init writes decides in sh, with no lint-staged).
 */
import path from 'node:path';
import { EnvironmentError } from '../errors.js';
import { ChildStartError, failed, howItEnded, runChild, type ChildEnded } from '../process/child.js';
import { join, type InitContext } from './context.js';
import * as messages from './messages.js';
import { addDevArgv, detectPackageManager, type PackageManagerName } from '../project/package-manager.js';
import type { Plan } from './plan.js';
import { findLintStagedConfig } from './lint-staged.js';
import { readPackageJson } from './scripts.js';

export const HOOK_PACKAGES = ['husky', 'nexiom-lint'];

/** The hook packages the install root's package.json does not list yet. */
export function missingPackages(ctx: InitContext, plan: Plan): string[] {
  const needed = findLintStagedConfig(ctx, plan) ? ['husky', 'lint-staged', 'nexiom-lint'] : HOOK_PACKAGES;
  const { pkg } = readPackageJson(plan, join(ctx.installRoot, 'package.json'));
  const listed = new Set(
    ['dependencies', 'devDependencies', 'optionalDependencies'].flatMap((k) =>
      Object.keys((pkg[k] as object | undefined) ?? {}),
    ),
  );
  return needed.filter((p) => !listed.has(p));
}

export function installCommand(ctx: InitContext, packages: string[]): string[] {
  return addDevArgv(ctx.pm, packages);
}

/** Runs the package manager; its output is shown only when it fails. */
export async function install(ctx: InitContext, argv: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const command = argv[0]!;
  const cwd = path.join(ctx.repoRoot, ctx.installRoot);
  const display = argv.join(' ');
  let ended: ChildEnded;
  try {
    ended = await runChild(argv, { cwd, env, outputLimit: 64 * 1024, windowsShell: true });
  } catch (error) {
    if (error instanceof ChildStartError && error.code === 'ENOENT') {
      throw new EnvironmentError(messages.managerMissing(command, display));
    }
    throw new EnvironmentError(messages.installFailed(display, (error as Error).message), { cause: error });
  }
  if (failed(ended)) {
    const tail = ended.output.trim().split('\n').slice(-15).join('\n');
    throw new EnvironmentError(messages.installFailed(display, tail || howItEnded(ended)));
  }
}

/** The lockfile each manager writes when a project has none yet (bun 1.2+ writes the text `bun.lock`). */
const NEW_LOCKFILE: Record<PackageManagerName, string> = {
  npm: 'package-lock.json',
  pnpm: 'pnpm-lock.yaml',
  yarn: 'yarn.lock',
  bun: 'bun.lock',
};

/** What installing the hook's packages changes, to commit with init's edits: the root package.json and the lockfile. */
export function installedFiles(ctx: InitContext): string[] {
  const lockfile = detectPackageManager(path.join(ctx.repoRoot, ctx.installRoot)).lockfile ?? NEW_LOCKFILE[ctx.pm.name];
  return [join(ctx.installRoot, 'package.json'), join(ctx.installRoot, lockfile)];
}
