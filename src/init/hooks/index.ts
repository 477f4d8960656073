/**
 * The pre-commit layer when the project already has a hook manager other than husky (detect.ts):
 * nexiom-lint's check goes into that manager's configuration, and husky, lint-staged and
 * core.hooksPath are left alone.
 */
import type { InitContext } from '../context.js';
import * as messages from '../messages.js';
import type { Plan } from '../plan.js';
import { detectManagers, hookManager, type DetectedManager } from './detect.js';
import { planLefthook } from './lefthook.js';
import { planPreCommit } from './pre-commit.js';
import { planSimpleGitHooks } from './simple-git-hooks.js';

/** Plans the check in the manager that owns the hook; null when that is husky (or none yet). */
export async function planHookManager(ctx: InitContext, plan: Plan): Promise<DetectedManager | null> {
  const manager = hookManager(ctx, plan);
  if (!manager) return null;
  const all = detectManagers(ctx, plan).map((m) => m.name);
  if (all.length > 1) plan.notices.push(messages.severalHookManagers(all, manager.name));
  if (manager.name === 'lefthook') await planLefthook(ctx, plan, manager.file);
  else if (manager.name === 'pre-commit') await planPreCommit(ctx, plan);
  else planSimpleGitHooks(ctx, plan, manager.file!);
  return manager;
}
