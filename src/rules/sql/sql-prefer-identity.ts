/**
 * `serial` creates a separately owned sequence whose permissions, ownership and dumps need care;
 * identity columns are standard SQL, tied to the column, and what drizzle now recommends.
 */
import type { ColumnDef } from 'libpg-query';
import { defineRule, type RuleContext } from '../types.js';
import { typeBaseName } from '../../sql/ast.js';
import { definedColumns } from '../../sql/columns.js';

export default defineRule({
  meta: {
    id: 'sql-prefer-identity',
    description: 'A serial column where an identity column is preferred.',
    defaultSeverity: 'warning',
    category: 'sql',
    scope: 'project',
  },
  check,
});

const SERIAL = /^(small|big)?serial[248]?$/;

async function check(ctx: RuleContext): Promise<void> {
  const { reportAt, sqlAnalysis } = await import('../../sql/analysis.js');
  const analysis = await sqlAnalysis(ctx);
  for (const at of analysis.statements) {
    for (const { column } of definedColumns(at.statement.node)) {
      const type = typeBaseName(column.typeName);
      if (!SERIAL.test(type)) continue;
      reportAt(ctx, at, {
        line: at.statement.lineAt(column.location),
        message: `"${column.colname}" is a ${type}: serial columns own a separate sequence with its own permissions.`,
        help: `Use an identity column: \`${identity(column)}\` (drizzle writes \`GENERATED ALWAYS AS IDENTITY\`).`,
      });
    }
  }
}

function identity(column: ColumnDef): string {
  const type = typeBaseName(column.typeName);
  const builder =
    type.startsWith('big') || type === 'serial8'
      ? "bigint('%s', { mode: 'number' })"
      : type.startsWith('small') || type === 'serial2'
        ? "smallint('%s')"
        : "integer('%s')";
  return `${builder.replace('%s', column.colname ?? '')}.generatedAlwaysAsIdentity()`;
}
