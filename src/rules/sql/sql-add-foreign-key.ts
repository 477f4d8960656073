/**
 * Adding a foreign key validates every existing row while holding SHARE ROW EXCLUSIVE locks on
 * both tables: no writes to either until the scan ends. drizzle-kit writes every foreign key as a
 * separate `ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY`, which is harmless on a table created
 * in the same deploy (exempt) and blocking on an existing one.
 */
import { defineRule, type RuleContext } from '../types.js';
import { relationKey, relationLabel } from '../../sql/ast.js';
import { NOT_VALID_THEN_VALIDATE } from '../../sql/advice.js';
import { addedConstraints, validatedInSameTransaction } from '../../sql/constraints.js';

export default defineRule({
  meta: {
    id: 'sql-add-foreign-key',
    description:
      'A foreign key added to an existing table without NOT VALID: blocks writes to both tables during a full scan.',
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
    for (const { stmt, constraint, column } of addedConstraints(at, ['CONSTR_FOREIGN'])) {
      if (constraint.skip_validation || analysis.isNewTable(relationKey(stmt.relation), at)) continue;
      const name = constraint.conname ? `"${constraint.conname}" ` : column ? `on "${column.colname}" ` : '';
      reportAt(ctx, at, {
        line: at.statement.lineAt(constraint.location),
        message:
          `Foreign key ${name}checks every row of ${relationLabel(stmt.relation)} while blocking writes to it and to ` +
          `${relationLabel(constraint.pktable)}.`,
        help: NOT_VALID_THEN_VALIDATE,
      });
    }
    for (const v of validatedInSameTransaction(analysis, at, ['CONSTR_FOREIGN'])) {
      reportAt(ctx, at, {
        message: `"${v.name}" is added NOT VALID and validated in the same deploy (line ${v.addedAt.statement.line} of ${v.addedAt.migration.file}): drizzle runs both in one transaction, so the locks are held through the scan anyway.`,
        help: 'Move the VALIDATE CONSTRAINT to a custom migration (`drizzle-kit generate --custom`) of a later deploy.',
      });
    }
  }
}
