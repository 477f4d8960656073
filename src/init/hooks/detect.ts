/**
 * Which hook manager the project already uses. The pre-commit hook has one owner: when lefthook,
 * the pre-commit framework or simple-git-hooks is set up, nexiom-lint's check goes into its
 * configuration and husky is not added beside it (two managers would each rewrite git's hook).
 * An existing `.husky/pre-commit` keeps husky in charge, as before.
 */
import { join, type InitContext } from '../context.js';
import { parseObject } from '../json-edit.js';
import type { Plan } from '../plan.js';

export type HookManagerName = 'lefthook' | 'pre-commit' | 'simple-git-hooks';

export interface DetectedManager {
  name: HookManagerName;
  /** Its configuration file (repository-relative), or null when only the package is installed. */
  file: string | null;
}

/** lefthook's config names, in the order it reads them (config at the repository root). */
export const LEFTHOOK_FILES = ['lefthook.yml', '.lefthook.yml', 'lefthook.yaml', '.lefthook.yaml'];
export const PRE_COMMIT_FILE = '.pre-commit-config.yaml';
/** simple-git-hooks' own files in the order it reads them (simple-git-hooks.js `_getConfig`), beside the package.json it is installed in. */
export const SIMPLE_GIT_HOOKS_FILES = [
  '.simple-git-hooks.cjs',
  '.simple-git-hooks.js',
  '.simple-git-hooks.mjs',
  'simple-git-hooks.cjs',
  'simple-git-hooks.js',
  'simple-git-hooks.mjs',
  '.simple-git-hooks.json',
  'simple-git-hooks.json',
];

function devDependency(pkg: Record<string, unknown> | null, name: string): boolean {
  return ['dependencies', 'devDependencies'].some((k) =>
    Boolean((pkg?.[k] as Record<string, unknown> | undefined)?.[name]),
  );
}

/** Every manager with a configuration (or, for lefthook, the package), in the order init prefers them. */
export function detectManagers(ctx: InitContext, plan: Plan): DetectedManager[] {
  const found: DetectedManager[] = [];
  const pkgFile = join(ctx.installRoot, 'package.json');
  const pkg = parseObject(plan.read(pkgFile) ?? '');
  const lefthook = LEFTHOOK_FILES.find((f) => plan.read(f) !== null);
  if (lefthook || devDependency(pkg, 'lefthook')) found.push({ name: 'lefthook', file: lefthook ?? null });
  if (plan.read(PRE_COMMIT_FILE) !== null) found.push({ name: 'pre-commit', file: PRE_COMMIT_FILE });
  const sgh = SIMPLE_GIT_HOOKS_FILES.map((f) => join(ctx.installRoot, f)).find((f) => plan.read(f) !== null);
  if (sgh) found.push({ name: 'simple-git-hooks', file: sgh });
  else if (pkg?.['simple-git-hooks'] !== undefined) found.push({ name: 'simple-git-hooks', file: pkgFile });
  return found;
}

/** The manager that owns the hook, or null for husky (none present, or husky's hook exists). */
export function hookManager(ctx: InitContext, plan: Plan): DetectedManager | null {
  if (plan.read(join(ctx.installRoot, '.husky/pre-commit')) !== null) return null;
  return detectManagers(ctx, plan)[0] ?? null;
}
