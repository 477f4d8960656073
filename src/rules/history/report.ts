/** What the history rules' checks share: running on the judged side's migrations, and reporting only what the change set touches. */
import type { HistoryFinding } from '../../history/integrity.js';
import type { MigrationSet } from '../../project/migrations.js';
import type { ProjectContext } from '../types.js';

/** Reports history findings, keeping in the diff modes only those the change set touches. */
export async function reportAll(ctx: ProjectContext, findings: HistoryFinding[]): Promise<void> {
  if (!findings.length) return;
  const { historyScope } = await import('../../history/scope.js');
  const inScope = await historyScope(ctx);
  for (const { involves, ...report } of findings) {
    if (inScope(involves)) ctx.report(report);
  }
}

/**
 * A history rule's check: `findings` (which loads its module lazily) runs whenever the judged
 * side has migrations (or an `out` folder problem), and what it finds is reported by `reportAll`.
 */
export function whenMigrations(
  findings: (ctx: ProjectContext, target: MigrationSet) => Promise<HistoryFinding[]>,
): (ctx: ProjectContext) => Promise<void> {
  return async (ctx) => {
    const target = await ctx.migrations('target');
    if (!target || (target.layout === 'empty' && !target.outIssue)) return;
    await reportAll(ctx, await findings(ctx, target));
  };
}
