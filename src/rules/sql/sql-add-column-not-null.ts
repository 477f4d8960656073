/**
 * `ADD COLUMN ... NOT NULL` without a default fails on any table that has a row ("column
 * contains null values"), and the running app version's INSERTs do not set the column. drizzle-kit
 * writes exactly this when `.notNull()` is added to a new column without `.default()`.
 */
import { defineRule, type RuleContext } from '../types.js';
import { relationLabel, typeLabel } from '../../sql/ast.js';

export default defineRule({
  meta: {
    id: 'sql-add-column-not-null',
    description: 'ADD COLUMN ... NOT NULL without a default on an existing table: fails on the first existing row.',
    defaultSeverity: 'error',
    category: 'sql',
    scope: 'project',
  },
  check,
});

async function check(ctx: RuleContext): Promise<void> {
  const { columnsAddedToExistingTables, reportAt, sqlAnalysis } = await import('../../sql/analysis.js');
  const analysis = await sqlAnalysis(ctx);
  for (const { at, stmt, col, constraints } of columnsAddedToExistingTables(analysis)) {
    const notNull =
      col.is_not_null || constraints.some((c) => c.contype === 'CONSTR_NOTNULL' || c.contype === 'CONSTR_PRIMARY');
    const filled =
      !!col.raw_default ||
      !!col.identity ||
      /serial$/.test(typeLabel(col.typeName)) ||
      constraints.some((c) => ['CONSTR_DEFAULT', 'CONSTR_IDENTITY', 'CONSTR_GENERATED'].includes(c.contype ?? ''));
    if (!notNull || filled) continue;
    reportAt(ctx, at, {
      line: at.statement.lineAt(col.location),
      message:
        `Adding NOT NULL column "${col.colname}" to ${relationLabel(stmt.relation)} without a default fails as soon ` +
        'as the table has a row, and the running app does not set it.',
      help:
        'Give it a constant default (`.default(...)`: no rewrite since Postgres 11), or add it nullable, backfill, ' +
        'and make it NOT NULL in a later release (see sql-set-not-null).',
    });
  }
}
