/**
 * `REINDEX` without CONCURRENTLY blocks writes to the table and reads through the index for the
 * whole rebuild. With CONCURRENTLY it cannot run inside drizzle's transaction.
 */
import type { RuleContext } from '../types.js';
import { relationLabel } from '../../sql/ast.js';
import { OUTSIDE_MIGRATOR } from '../../sql/advice.js';
import { reportAt, sqlAnalysis } from '../../sql/analysis.js';
import { body } from '../../sql/parse.js';
import { hasOption } from '../../sql/options.js';

export async function check(ctx: RuleContext): Promise<void> {
  const analysis = await sqlAnalysis(ctx);
  for (const at of analysis.statements) {
    const reindex = body(at.statement.node, 'ReindexStmt');
    if (!reindex || hasOption(reindex.params, 'concurrently')) continue;
    const what = reindex.relation ? relationLabel(reindex.relation) : `"${reindex.name ?? ''}"`;
    reportAt(ctx, at, {
      message: `REINDEX ${what} blocks writes, and reads that use the index, until the rebuild ends.`,
      help: `Rebuild with \`REINDEX ... CONCURRENTLY\` instead. ${OUTSIDE_MIGRATOR}`,
    });
  }
}
