/** `DROP SCHEMA` removes every table, type and function in it; with CASCADE, without asking. */
import { defineRule, type RuleContext } from '../types.js';
import { body } from '../../sql/parse.js';

export default defineRule({
  meta: {
    id: 'sql-drop-schema',
    description: 'DROP SCHEMA: removes every object in the schema.',
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
    if (drop?.removeType !== 'OBJECT_SCHEMA') continue;
    const schemas = (drop.objects ?? []).map((o) => `"${body(o, 'String')?.sval ?? '?'}"`).join(', ');
    reportAt(ctx, at, {
      message: `DROP SCHEMA ${schemas} removes everything in it${drop.behavior === 'DROP_CASCADE' ? ' (CASCADE: tables and their data included)' : ''}.`,
      help:
        'drizzle-kit writes this when a pgSchema() disappears from the schema files. If that was not meant, restore ' +
        'the schema and delete this migration; if it was, drop the tables in an earlier release and suppress with a reason.',
    });
  }
}
