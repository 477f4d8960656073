/**
 * 32-bit and 16-bit integer keys run out (2,147,483,647 and 32,767), and widening a key column
 * later rewrites the table and every table referencing it. Off by default: many drizzle schemas
 * use `integer()` deliberately for small lookup tables.
 */
import { defineRule, type RuleContext } from '../types.js';
import { typeBaseName } from '../../sql/ast.js';
import { definedColumns } from '../../sql/columns.js';

export default defineRule({
  meta: {
    id: 'sql-prefer-bigint',
    description: 'An integer or smallint column that may run out of values (off by default).',
    defaultSeverity: 'off',
    category: 'sql',
    scope: 'project',
  },
  check,
});

const SMALL: Record<string, string> = {
  int4: 'integer',
  int2: 'smallint',
  serial: 'serial',
  serial4: 'serial',
  smallserial: 'smallserial',
  serial2: 'smallserial',
};

async function check(ctx: RuleContext): Promise<void> {
  const { reportAt, sqlAnalysis } = await import('../../sql/analysis.js');
  const analysis = await sqlAnalysis(ctx);
  for (const at of analysis.statements) {
    for (const { column } of definedColumns(at.statement.node, { typeChanges: true })) {
      const small = SMALL[typeBaseName(column.typeName)];
      if (!small) continue;
      reportAt(ctx, at, {
        line: at.statement.lineAt(column.location ?? column.typeName?.location),
        message: `"${column.colname}" is a ${small}: it runs out at ${small.startsWith('small') ? '32,767' : '2,147,483,647'}, and widening it later rewrites the table.`,
        help: "Use `bigint('" + column.colname + "', { mode: 'number' })` (or bigserial / a bigint identity).",
      });
    }
  }
}
