/** Reports history findings, keeping in the diff modes only those the change set touches. */
import type { HistoryFinding } from '../../history/integrity.js';
import type { RuleContext } from '../types.js';

export async function reportAll(ctx: RuleContext, findings: HistoryFinding[]): Promise<void> {
  if (!findings.length) return;
  const { historyScope } = await import('../../history/scope.js');
  const inScope = await historyScope(ctx);
  for (const { involves, ...report } of findings) {
    if (inScope(involves)) ctx.report(report);
  }
}
