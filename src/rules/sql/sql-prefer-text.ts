/**
 * `varchar(n)` puts a business rule (the length) into the column type. Raising it is cheap since
 * Postgres 9.2, but lowering it, or changing it together with anything else, rewrites the table;
 * `text` with a CHECK constraint keeps the rule changeable with NOT VALID. Off by default: drizzle
 * projects use `varchar({ length })` widely and widening it is safe.
 */
import { defineRule, type RuleContext } from '../types.js';
import { typeBaseName, typeLabel, typeModifiers } from '../../sql/ast.js';
import { definedColumns } from '../../sql/columns.js';

export default defineRule({
  meta: {
    id: 'sql-prefer-text',
    description: 'A varchar(n) column where text with a CHECK constraint is easier to change (off by default).',
    defaultSeverity: 'off',
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
      if (typeBaseName(column.typeName) !== 'varchar' || !typeModifiers(column.typeName).length) continue;
      reportAt(ctx, at, {
        line: at.statement.lineAt(column.location ?? column.typeName?.location),
        message: `"${column.colname}" is a ${typeLabel(column.typeName)}: shrinking the limit later rewrites the table.`,
        help:
          "Use `text('" + column.colname + "')` and a `check()` on its length, which can be changed with NOT VALID.",
      });
    }
  }
}
