/**
 * The CI layer may be there already: a workflow init wrote on an earlier run, or the team's own
 * that runs nexiom-lint. Then init says so instead of "no workflow added" (the origin is not on
 * GitHub) or adding a second one.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { InitContext } from './context.js';
import * as messages from './messages.js';
import type { Plan } from './plan.js';
import { planWorkflow, WORKFLOW_FILE } from './workflow.js';

const WORKFLOWS = '.github/workflows';
/** nexiom-lint on a line that is not a YAML comment. */
const RUNS_NEXIOM = /^[^#\n]*\bnexiom-lint\b/m;

/** The repository's GitHub workflows that run nexiom-lint (repository-relative), sorted. */
export function workflowsRunningNexiom(plan: Plan): string[] {
  const dir = plan.abs(WORKFLOWS);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => path.posix.join(WORKFLOWS, name))
    .filter((file) => RUNS_NEXIOM.test(plan.read(file) ?? ''))
    .sort();
}

/**
 * The workflow step: the team's own workflow running nexiom-lint is left alone (and named); init's
 * own file, once there, is kept up to date wherever origin points (its being there says the
 * project wants it); otherwise the workflow step decides.
 */
export async function planWorkflowUnlessPresent(ctx: InitContext, plan: Plan): Promise<void> {
  if (ctx.options.workflow === false) return;
  const present = workflowsRunningNexiom(plan);
  const others = present.filter((file) => file !== WORKFLOW_FILE);
  if (others.length) {
    plan.notices.push(messages.workflowPresent(others));
    return;
  }
  const own = present.length > 0 || plan.read(WORKFLOW_FILE) !== null;
  await planWorkflow(own ? { ...ctx, options: { ...ctx.options, workflow: true } } : ctx, plan);
}
