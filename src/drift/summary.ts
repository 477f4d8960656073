/**
 * A project's drift verdict as the run reports it (`summary.projects[].drift` in the JSON): what
 * `db:generate` would do at the target, and in the diff modes whether the change introduced it.
 * Cheap to import: the engine reads the recorded summary after the rules ran.
 */
import type { RuleContext } from '../rules/types.js';

export type DriftStatus = 'same' | 'differs' | 'ambiguous' | 'refused' | 'unusable' | 'unchecked';

export interface DriftSummary {
  status: DriftStatus;
  /** Whether this change caused it; absent in --all (no change) and when there is nothing to cause. */
  introduced?: boolean;
  /** The SQL `generate` would write (for `differs`). */
  statements?: string[];
}

export const UNCHECKED: DriftSummary = { status: 'unchecked' };

/** The key under which the rules leave the summary in the run's shared cache. */
export const driftSummaryKey = (configFile: string) => `drift-summary:${configFile}`;

/**
 * Records the project's summary (the first one recorded wins: both drift rules describe the
 * same verdict, and one may stop before the other runs).
 */
export function recordDrift(ctx: RuleContext, summary: DriftSummary): void {
  void ctx.shared(driftSummaryKey(ctx.project.configFile), async () => summary);
}

/** What the change touched in the project: any of its schema, migrations or config. */
export function touchesProject(ctx: RuleContext): boolean {
  if (!ctx.changeSet) return true;
  const c = ctx.projectChanges();
  return c.schema.length + c.migrations.length + c.config.length > 0;
}
