/**
 * drizzle's migrator already wraps all pending migrations in one transaction. A `COMMIT` in a
 * migration ends it midway: what ran before can no longer be rolled back if a later statement
 * fails, and the migrator's own COMMIT then has nothing to commit. `BEGIN` only warns, but a
 * `BEGIN ... COMMIT` pair is the same COMMIT; `ROLLBACK` throws away the work of every migration
 * before it and the rest run outside any transaction.
 */
import { defineRule, type RuleContext } from '../types.js';
import { body } from '../../sql/parse.js';

export default defineRule({
  meta: {
    id: 'sql-transaction-control',
    description: "BEGIN / COMMIT / ROLLBACK in a migration: breaks the migrator's own transaction.",
    defaultSeverity: 'error',
    category: 'sql',
    scope: 'project',
  },
  check,
});

const LABEL: Record<string, string> = {
  TRANS_STMT_BEGIN: 'BEGIN',
  TRANS_STMT_START: 'START TRANSACTION',
  TRANS_STMT_COMMIT: 'COMMIT',
  TRANS_STMT_ROLLBACK: 'ROLLBACK',
  TRANS_STMT_PREPARE: 'PREPARE TRANSACTION',
  TRANS_STMT_COMMIT_PREPARED: 'COMMIT PREPARED',
  TRANS_STMT_ROLLBACK_PREPARED: 'ROLLBACK PREPARED',
};

async function check(ctx: RuleContext): Promise<void> {
  const { reportAt, sqlAnalysis } = await import('../../sql/analysis.js');
  const analysis = await sqlAnalysis(ctx);
  for (const at of analysis.statements) {
    const tx = body(at.statement.node, 'TransactionStmt');
    const label = tx?.kind ? LABEL[tx.kind] : undefined;
    if (!label) continue; // SAVEPOINT / RELEASE / ROLLBACK TO work inside the migrator's transaction
    reportAt(ctx, at, {
      message: `${label} in a migration: drizzle already runs all pending migrations in one transaction, and this ${label === 'BEGIN' || label === 'START TRANSACTION' ? 'opens a block whose COMMIT ends it' : 'ends it'} midway.`,
      help:
        'Remove the transaction statements: the migration is atomic already. A statement that must run outside a ' +
        'transaction does not belong in a drizzle migration (see migration-concurrently).',
    });
  }
}
