/**
 * `DROP TABLE` deletes the data for good, and the app version being replaced still queries the
 * table while the deploy rolls out. A table created in the same deploy is exempt.
 */
import { defineRule, type RuleContext } from '../types.js';
import { names } from '../../sql/ast.js';
import { body } from '../../sql/parse.js';

export default defineRule({
  meta: {
    id: 'sql-drop-table',
    description: 'DROP TABLE on an existing table: data loss, and the running app still queries it.',
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
    const drop = body(at.statement.node, 'DropStmt');
    if (drop?.removeType !== 'OBJECT_TABLE') continue;
    for (const object of drop.objects ?? []) {
      const parts = names(body(object, 'List')?.items);
      const key = parts.length > 1 ? parts.slice(-2).join('.') : `public.${parts[0]}`;
      if (analysis.isNewTable(key, at)) continue;
      reportAt(ctx, at, {
        message: `DROP TABLE ${parts.map((p) => `"${p}"`).join('.')} deletes the table and its data${drop.behavior === 'DROP_CASCADE' ? ', and CASCADE drops whatever depends on it' : ''}.`,
        help:
          'Stop using the table first: deploy code that no longer queries it, then drop it in a later release ' +
          '(take a backup if the data may be needed). When that is already done, suppress with a reason.',
      });
    }
  }
}
