/**
 * Wording shared by the two rules that use the drift verdict, and the marker that keeps them from
 * reporting one missing migration twice. Cheap to import (rules import it at the top).
 */
import type { RuleContext } from '../rules/types.js';

const MAX_LINES = 40;

/** The statements `db:generate` would write, as SQL text for a finding's details. */
export function sqlDetails(statements: readonly string[]): string {
  const lines = statements.flatMap((s) => {
    const text = s.replace(/--> statement-breakpoint\s*$/, '').trim();
    return (text.endsWith(';') ? text : `${text};`).split('\n');
  });
  const shown = lines.slice(0, MAX_LINES);
  if (lines.length > MAX_LINES) shown.push(`-- … ${lines.length - MAX_LINES} more lines`);
  return shown.join('\n');
}

export function questionsText(questions: readonly string[]): string {
  return questions.join('; ');
}

const gateKey = (ctx: RuleContext) => `drift-gate-reported:${ctx.project.configFile}`;

/**
 * schema-without-migration runs before schema-drift (registry order). When it has reported the
 * missing migration with its SQL, schema-drift would only repeat it.
 */
export function markGateReported(ctx: RuleContext): void {
  void ctx.shared(gateKey(ctx), async () => true);
}

export function gateReported(ctx: RuleContext): Promise<boolean> {
  return ctx.shared(gateKey(ctx), async () => false);
}
