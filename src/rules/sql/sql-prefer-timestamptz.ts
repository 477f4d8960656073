/**
 * `timestamp` (without time zone) drops the UTC offset it is given: `21:11+02` and `21:11-06` are
 * stored as the same instant, and the app's and the database's time zones decide what it means.
 */
import { defineRule, type RuleContext } from '../types.js';
import { typeBaseName } from '../../sql/ast.js';
import { definedColumns } from '../../sql/columns.js';

export default defineRule({
  meta: {
    id: 'sql-prefer-timestamptz',
    description: 'A timestamp column without time zone.',
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
    for (const { column } of definedColumns(at.statement.node, { typeChanges: true })) {
      if (typeBaseName(column.typeName) !== 'timestamp') continue;
      reportAt(ctx, at, {
        line: at.statement.lineAt(column.location ?? column.typeName?.location),
        message: `"${column.colname}" is a timestamp without time zone: the offset of every value written is lost.`,
        help: "Use `timestamp('" + column.colname + "', { withTimezone: true })` (timestamptz).",
      });
    }
  }
}
