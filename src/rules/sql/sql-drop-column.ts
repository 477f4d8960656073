/**
 * `DROP COLUMN` deletes the column's data, and the app version being replaced still names the
 * column: drizzle lists every column of its schema in its SELECT, INSERT and RETURNING clauses,
 * so the old version fails on every query of the table until it is gone.
 */
import { defineRule, type RuleContext } from '../types.js';
import { alterTableCommands, relationKey, relationLabel } from '../../sql/ast.js';
import { OLD_VERSION_STILL_RUNS } from '../../sql/advice.js';

export default defineRule({
  meta: {
    id: 'sql-drop-column',
    description: 'DROP COLUMN on an existing table: data loss, and the running app version still selects it.',
    defaultSeverity: 'error',
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
      if (cmd.subtype !== 'AT_DropColumn' || analysis.isNewTable(relationKey(stmt.relation), at)) continue;
      reportAt(ctx, at, {
        message: `Dropping column "${cmd.name}" of ${relationLabel(stmt.relation)} deletes its data and breaks the app version still running.`,
        help:
          `${OLD_VERSION_STILL_RUNS} Drop in two releases: first ship code that no longer reads or writes the column ` +
          '(make it nullable if it is NOT NULL), then remove it from the schema and generate the DROP in the next ' +
          'release, once no instance of the old code is left. Then suppress with a reason.',
      });
    }
  }
}
