/**
 * Constraints an `ALTER TABLE` adds, however written:
 *   ALTER TABLE t ADD CONSTRAINT c FOREIGN KEY (x) REFERENCES u (id) [NOT VALID];   (AT_AddConstraint)
 *   ALTER TABLE t ADD COLUMN x int REFERENCES u (id) UNIQUE CHECK (x > 0);        (AT_AddColumn)
 * `NOT VALID` parses as `skip_validation: true`; `UNIQUE USING INDEX i` as `indexname: 'i'`.
 */
import type { AlterTableStmt, ColumnDef, Constraint, ConstrType } from 'libpg-query';
import { alterTableCommands, constraintsOf } from './ast.js';
import type { SqlAnalysis, StatementRef } from './analysis.js';
import { body } from './parse.js';

export interface AddedConstraint {
  stmt: AlterTableStmt;
  constraint: Constraint;
  /** Set when the constraint comes with a new column. */
  column?: ColumnDef;
}

export function addedConstraints(at: StatementRef, types: readonly ConstrType[]): AddedConstraint[] {
  const out: AddedConstraint[] = [];
  for (const { stmt, cmd } of alterTableCommands(at.statement.node)) {
    if (cmd.subtype === 'AT_AddConstraint') {
      const constraint = body(cmd.def, 'Constraint');
      if (constraint && types.includes(constraint.contype!)) out.push({ stmt, constraint });
    } else if (cmd.subtype === 'AT_AddColumn') {
      const column = body(cmd.def, 'ColumnDef');
      for (const constraint of constraintsOf(column?.constraints)) {
        if (types.includes(constraint.contype!)) out.push({ stmt, constraint, ...(column ? { column } : {}) });
      }
    }
  }
  return out;
}

/**
 * `VALIDATE CONSTRAINT` statements whose constraint was added `NOT VALID` earlier in the same
 * transaction: the two-step dance then holds the first step's lock through the scan, which is
 * what it was meant to avoid. drizzle runs all pending migrations in one transaction, so both
 * steps in one deploy is exactly that.
 */
export function validatedInSameTransaction(
  analysis: SqlAnalysis,
  at: StatementRef,
  types: readonly ConstrType[],
): Array<{ name: string; stmt: AlterTableStmt; addedAt: StatementRef }> {
  const out: Array<{ name: string; stmt: AlterTableStmt; addedAt: StatementRef }> = [];
  for (const { stmt, cmd } of alterTableCommands(at.statement.node)) {
    if (cmd.subtype !== 'AT_ValidateConstraint' || !cmd.name) continue;
    for (const earlier of analysis.earlierInUnit(at)) {
      const added = addedConstraints(earlier, types).find(
        (a) => a.constraint.conname === cmd.name && a.constraint.skip_validation,
      );
      if (added) out.push({ name: cmd.name, stmt, addedAt: earlier });
    }
  }
  return out;
}
