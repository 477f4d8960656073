/**
 * Adding a CHECK constraint scans every row under an ACCESS EXCLUSIVE lock (no reads, no writes)
 * and fails the deploy on the first row that violates it. drizzle-kit writes `check()` from the
 * schema as a plain `ADD CONSTRAINT ... CHECK`.
 */
import { defineRule, type RuleContext } from '../types.js';
import { relationKey, relationLabel } from '../../sql/ast.js';
import { NOT_VALID_THEN_VALIDATE } from '../../sql/advice.js';
import { addedConstraints, validatedInSameTransaction } from '../../sql/constraints.js';

export default defineRule({
  meta: {
    id: 'sql-add-check-constraint',
    description:
      'A CHECK constraint added to an existing table without NOT VALID: a full scan under an exclusive lock.',
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
    for (const { stmt, constraint } of addedConstraints(at, ['CONSTR_CHECK'])) {
      if (constraint.skip_validation || analysis.isNewTable(relationKey(stmt.relation), at)) continue;
      reportAt(ctx, at, {
        line: at.statement.lineAt(constraint.location),
        message:
          `CHECK constraint ${constraint.conname ? `"${constraint.conname}" ` : ''}scans every row of ` +
          `${relationLabel(stmt.relation)} while blocking reads and writes, and fails the deploy on any violating row.`,
        help: NOT_VALID_THEN_VALIDATE,
      });
    }
    for (const v of validatedInSameTransaction(analysis, at, ['CONSTR_CHECK'])) {
      reportAt(ctx, at, {
        message: `"${v.name}" is added NOT VALID and validated in the same deploy (line ${v.addedAt.statement.line} of ${v.addedAt.migration.file}): drizzle runs both in one transaction, so the lock is held through the scan anyway.`,
        help: 'Move the VALIDATE CONSTRAINT to a custom migration (`drizzle-kit generate --custom`) of a later deploy.',
      });
    }
  }
}
