/**
 * `ALTER COLUMN ... DROP NOT NULL` lets NULLs into a column every running reader assumes is never
 * NULL; the types drizzle infers for the app version still running say `string`, not
 * `string | null`. It also tends to paper over a data problem (an INSERT that "needs" a NULL).
 */
import { defineRule, type RuleContext } from '../types.js';
import { alterTableCommands, relationKey, relationLabel } from '../../sql/ast.js';

export default defineRule({
  meta: {
    id: 'sql-drop-not-null',
    description: 'DROP NOT NULL on an existing column: readers that assume a value break on the first NULL.',
    defaultSeverity: 'warning',
    category: 'sql',
    scope: 'project',
  },
  check,
});

async function check(ctx: RuleContext): Promise<void> {
  const { reportAt, sqlAnalysis } = await import('../../sql/analysis.js');
  const analysis = await sqlAnalysis(ctx);
  for (const at of analysis.statements) {
    for (const { stmt, cmd } of alterTableCommands(at.statement.node)) {
      if (cmd.subtype !== 'AT_DropNotNull' || analysis.isNewTable(relationKey(stmt.relation), at)) continue;
      reportAt(ctx, at, {
        message:
          `DROP NOT NULL on "${cmd.name}" of ${relationLabel(stmt.relation)}: code that assumes a value (the app version ` +
          'still running, reports, other services) breaks on the first NULL.',
        help:
          "Make sure every reader handles NULL first (drizzle's inferred type becomes `T | null`: fix what the compiler " +
          'shows), or keep the column NOT NULL and store an explicit marker value. Then suppress with a reason.',
      });
    }
  }
}
