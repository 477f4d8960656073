/**
 * `ALTER TABLE ... DETACH PARTITION` takes an ACCESS EXCLUSIVE lock on the parent table: every
 * query of the partitioned table waits. CONCURRENTLY (Postgres 14+) avoids it, but cannot run
 * inside drizzle's transaction.
 */
import type { RuleContext } from '../types.js';
import { alterTableCommands, relationLabel } from '../../sql/ast.js';
import { OUTSIDE_MIGRATOR } from '../../sql/advice.js';
import { reportAt, sqlAnalysis } from '../../sql/analysis.js';
import { body } from '../../sql/parse.js';

export async function check(ctx: RuleContext): Promise<void> {
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
