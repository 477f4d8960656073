/**
 * Adding a UNIQUE, PRIMARY KEY or EXCLUDE constraint builds its index while holding an ACCESS
 * EXCLUSIVE lock on the table: no reads, no writes for as long as the build takes. drizzle-kit
 * writes `.unique()`, `unique()` and composite `primaryKey()` this way. The safe form attaches an
 * index built beforehand: `ADD CONSTRAINT ... UNIQUE USING INDEX ...`, which is instant.
 */
import { defineRule, type RuleContext } from '../types.js';
import { relationKey, relationLabel } from '../../sql/ast.js';
import { addedConstraints } from '../../sql/constraints.js';

export default defineRule({
  meta: {
    id: 'sql-add-unique-constraint',
    description:
      'A UNIQUE / PRIMARY KEY constraint added to an existing table without an index built first: an exclusive lock during the build.',
    defaultSeverity: 'error',
    category: 'sql',
    scope: 'project',
  },
  check,
});

const KIND = { CONSTR_UNIQUE: 'UNIQUE', CONSTR_PRIMARY: 'PRIMARY KEY', CONSTR_EXCLUSION: 'EXCLUDE' } as const;

async function check(ctx: RuleContext): Promise<void> {
  const { reportAt, sqlAnalysis } = await import('../../sql/analysis.js');
  const analysis = await sqlAnalysis(ctx);
  for (const at of analysis.statements) {
    for (const { stmt, constraint, column } of addedConstraints(at, [
      'CONSTR_UNIQUE',
      'CONSTR_PRIMARY',
      'CONSTR_EXCLUSION',
    ])) {
      if (constraint.indexname || analysis.isNewTable(relationKey(stmt.relation), at)) continue;
      const kind = KIND[constraint.contype as keyof typeof KIND];
      const name = constraint.conname ? `"${constraint.conname}" ` : column ? `on new column "${column.colname}" ` : '';
      reportAt(ctx, at, {
        line: at.statement.lineAt(constraint.location),
        message: `${kind} constraint ${name}builds an index on ${relationLabel(stmt.relation)} while blocking reads and writes.`,
        help:
          kind === 'EXCLUDE'
            ? 'Postgres has no non-blocking way to add an EXCLUDE constraint: add it while the table is small or in a ' +
              'maintenance window, and suppress with a reason.'
            : "Build the index first without blocking, outside drizzle's transaction (a deploy step before `drizzle-kit " +
              `migrate\`: \`CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS <name> ON ...\`), then make this statement ` +
              `\`ALTER TABLE ... ADD CONSTRAINT <name> ${kind} USING INDEX <name>\`, which is instant. If the table is ` +
              'small, suppress with a reason.',
      });
    }
  }
}
