/**
 * Renaming a table (or moving it to another schema) breaks the app version still running: its
 * queries name the old table until the last instance is replaced.
 */
import { defineRule, type RuleContext } from '../types.js';
import { relationKey, relationLabel } from '../../sql/ast.js';
import { OLD_VERSION_STILL_RUNS } from '../../sql/advice.js';
import { body } from '../../sql/parse.js';

export default defineRule({
  meta: {
    id: 'sql-rename-table',
    description: 'Renaming an existing table (or moving it to another schema) breaks the running app version.',
    defaultSeverity: 'error',
    category: 'sql',
    scope: 'project',
  },
  check,
});

const HELP =
  `${OLD_VERSION_STILL_RUNS} Keep the database name and rename only the TypeScript side: ` +
  "`export const newName = pgTable('old_name', {...})`. To really rename, create a view under the new name " +
  'first, move the code to it, then rename in a later release.';

async function check(ctx: RuleContext): Promise<void> {
  const { reportAt, sqlAnalysis } = await import('../../sql/analysis.js');
  const analysis = await sqlAnalysis(ctx);
  for (const at of analysis.statements) {
    const rename = body(at.statement.node, 'RenameStmt');
    if (rename?.renameType === 'OBJECT_TABLE' && !analysis.isNewTable(relationKey(rename.relation), at)) {
      reportAt(ctx, at, {
        message: `Renaming table ${relationLabel(rename.relation)} to "${rename.newname}" breaks the app version still running.`,
        help: HELP,
      });
    }
    const move = body(at.statement.node, 'AlterObjectSchemaStmt');
    if (move?.objectType === 'OBJECT_TABLE' && !analysis.isNewTable(relationKey(move.relation), at)) {
      reportAt(ctx, at, {
        message: `Moving table ${relationLabel(move.relation)} to schema "${move.newschema}" breaks the app version still running.`,
        help: HELP,
      });
    }
  }
}
