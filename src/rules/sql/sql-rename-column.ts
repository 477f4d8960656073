/**
 * Renaming a column breaks the app version still running: drizzle names every column of its
 * schema in each query, so the old version fails on every query of the table.
 */
import { defineRule, type RuleContext } from '../types.js';
import { relationKey, relationLabel } from '../../sql/ast.js';
import { EXPAND_CONTRACT, OLD_VERSION_STILL_RUNS } from '../../sql/advice.js';
import { body } from '../../sql/parse.js';

export default defineRule({
  meta: {
    id: 'sql-rename-column',
    description: 'Renaming a column of an existing table breaks the running app version.',
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
    const rename = body(at.statement.node, 'RenameStmt');
    if (rename?.renameType !== 'OBJECT_COLUMN' || analysis.isNewTable(relationKey(rename.relation), at)) continue;
    reportAt(ctx, at, {
      message: `Renaming column "${rename.subname}" of ${relationLabel(rename.relation)} to "${rename.newname}" breaks the app version still running.`,
      help:
        `${OLD_VERSION_STILL_RUNS} Rename only the TypeScript key and keep the column: ` +
        `\`${camel(rename.newname ?? '')}: <type>('${rename.subname}')\`. ${EXPAND_CONTRACT}`,
    });
  }
}

function camel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
