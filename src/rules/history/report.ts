/** What the history rules share: their metadata, and reporting only what the change set touches. */
import type { HistoryFinding } from '../../history/integrity.js';
import type { MigrationSet } from '../../project/migrations.js';
import { defineRule, type Rule, type RuleContext } from '../types.js';

/** Reports history findings, keeping in the diff modes only those the change set touches. */
export async function reportAll(ctx: RuleContext, findings: HistoryFinding[]): Promise<void> {
  if (!findings.length) return;
  const { historyScope } = await import('../../history/scope.js');
  const inScope = await historyScope(ctx);
  for (const { involves, ...report } of findings) {
    if (inScope(involves)) ctx.report(report);
  }
}

/**
 * A history rule: an error about the project's migrations, computed by `findings` (which loads
 * its module lazily) whenever the judged side has any.
 */
export function historyRule(
  id: string,
  description: string,
  findings: (ctx: RuleContext, target: MigrationSet) => Promise<HistoryFinding[]>,
): Rule {
  return defineRule({
    meta: { id, description, defaultSeverity: 'error', category: 'history', scope: 'project' },
    async check(ctx) {
      const target = await ctx.migrations('target');
      if (!target || (target.layout === 'empty' && !target.outIssue)) return;
      await reportAll(ctx, await findings(ctx, target));
    },
  });
}
