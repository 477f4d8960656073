/**
 * `ALTER COLUMN ... SET NOT NULL` scans the whole table under an ACCESS EXCLUSIVE lock (reads and
 * writes wait) and fails the deploy if one row holds a NULL. Since Postgres 12 the scan is
 * skipped when a validated `CHECK (col IS NOT NULL)` already exists, which is the safe path: a
 * check in the previous snapshot, or one an earlier statement added (or validated), counts as
 * that proof (src/sql/model.ts). A column NOT NULL already is not scanned again.
 */
import { defineRule, type RuleContext } from '../types.js';
import { alterTableCommands, relationKey, relationLabel } from '../../sql/ast.js';
import { columnStateBefore } from '../../sql/model.js';

export default defineRule({
  meta: {
    id: 'sql-set-not-null',
    description:
      'SET NOT NULL on an existing column: a full scan under an exclusive lock, and a failed deploy on any NULL.',
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
    for (const { stmt, cmd } of alterTableCommands(at.statement.node)) {
      if (cmd.subtype !== 'AT_SetNotNull') continue;
      const key = relationKey(stmt.relation);
      if (analysis.isNewTable(key, at)) continue;
      const column = await columnStateBefore(analysis, at, key, cmd.name ?? '');
      // Postgres skips the scan when the column is NOT NULL already, or (12+) a validated check proves it.
      if (column.notNull || (analysis.postgresVersion >= 12 && column.validatedNotNullCheck)) continue;
      reportAt(ctx, at, {
        message:
          `SET NOT NULL on "${cmd.name}" of ${relationLabel(stmt.relation)} scans the whole table while blocking reads ` +
          'and writes, and fails the deploy if any row is NULL.',
        help:
          // Double backticks: the code holds a template literal (see text() in src/report/md.ts).
          "Over three releases: add ``check('" +
          (cmd.name ?? 'col') +
          "_not_null', sql`${t." +
          (cmd.name ?? 'col') +
          '} IS NOT NULL`)`` to the table and edit the generated ADD CONSTRAINT to end in `NOT VALID`; backfill and ' +
          '`VALIDATE CONSTRAINT` in a custom migration of the next release; then add `.notNull()` (Postgres 12+ uses ' +
          'the validated check and skips the scan). If the table is small, suppress with a reason.',
      });
    }
  }
}
