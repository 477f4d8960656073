/**
 * `CLUSTER` rewrites the table in index order under an ACCESS EXCLUSIVE lock: no reads, no
 * writes until it ends. (`VACUUM FULL` does the same, and cannot run in drizzle's transaction at
 * all: see migration-concurrently.)
 */
import { defineRule, type RuleContext } from '../types.js';
import { relationLabel } from '../../sql/ast.js';
import { body } from '../../sql/parse.js';

export default defineRule({
  meta: {
    id: 'sql-cluster',
    description: 'CLUSTER: rewrites the table while blocking all reads and writes.',
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
    const cluster = body(at.statement.node, 'ClusterStmt');
    if (!cluster?.relation) continue; // CLUSTER without a table cannot run in a transaction: migration-concurrently
    reportAt(ctx, at, {
      message: `CLUSTER ${relationLabel(cluster.relation)} rewrites the table while blocking all reads and writes.`,
      help:
        'Do not reorder tables in a migration. Run it in a maintenance window, or use pg_repack (or `REPACK ' +
        'CONCURRENTLY` on Postgres 19+) outside the migrator.',
    });
  }
}
