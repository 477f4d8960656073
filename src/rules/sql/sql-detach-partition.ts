/**
 * `ALTER TABLE ... DETACH PARTITION` takes an ACCESS EXCLUSIVE lock on the parent table: every
 * query of the partitioned table waits. CONCURRENTLY (Postgres 14+) avoids it, but cannot run
 * inside drizzle's transaction.
 */
import { defineRule, type RuleContext } from '../types.js';
import { alterTableCommands, relationLabel } from '../../sql/ast.js';
import { OUTSIDE_MIGRATOR } from '../../sql/advice.js';
import { body } from '../../sql/parse.js';

export default defineRule({
  meta: {
    id: 'sql-detach-partition',
    description: 'DETACH PARTITION without CONCURRENTLY: blocks every query of the partitioned table.',
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
      const partition = body(cmd.def, 'PartitionCmd');
      if (cmd.subtype !== 'AT_DetachPartition' || partition?.concurrent) continue;
      reportAt(ctx, at, {
        message: `Detaching ${relationLabel(partition?.name)} locks ${relationLabel(stmt.relation)} against all reads and writes.`,
        help: `Use \`DETACH PARTITION ... CONCURRENTLY\` (Postgres 14+). ${OUTSIDE_MIGRATOR}`,
      });
    }
  }
}
