/**
 * `char(n)` pads every value with blanks to n characters, compares ignoring them, and is slower
 * than text or varchar in Postgres; it is almost always a mistake.
 */
import { defineRule, type RuleContext } from '../types.js';
import { typeBaseName, typeLabel } from '../../sql/ast.js';
import { definedColumns } from '../../sql/columns.js';

export default defineRule({
  meta: {
    id: 'sql-char-type',
    description: 'A char(n) column: blank-padded, and slower than text in Postgres.',
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
      if (typeBaseName(column.typeName) !== 'bpchar') continue;
      reportAt(ctx, at, {
        line: at.statement.lineAt(column.location ?? column.typeName?.location),
        message: `"${column.colname}" is a ${typeLabel(column.typeName)}: values are padded with blanks to the full length.`,
        help: "Use `text('" + column.colname + "')` (or `varchar()`), with a check constraint if the length matters.",
      });
    }
  }
}
