/**
 * `REINDEX` without CONCURRENTLY blocks writes to the table and reads through the index for the
 * whole rebuild. With CONCURRENTLY it cannot run inside drizzle's transaction.
 */
import { defineRule, type RuleContext } from '../types.js';
import { relationLabel } from '../../sql/ast.js';
import { OUTSIDE_MIGRATOR } from '../../sql/advice.js';
import { body } from '../../sql/parse.js';
import { hasOption } from '../../sql/options.js';

export default defineRule({
  meta: {
    id: 'sql-reindex',
    description: 'REINDEX without CONCURRENTLY: blocks writes (and reads through the index) during the rebuild.',
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
    const reindex = body(at.statement.node, 'ReindexStmt');
    if (!reindex || hasOption(reindex.params, 'concurrently')) continue;
    const what = reindex.relation ? relationLabel(reindex.relation) : `"${reindex.name ?? ''}"`;
    reportAt(ctx, at, {
      message: `REINDEX ${what} blocks writes, and reads that use the index, until the rebuild ends.`,
      help: `Rebuild with \`REINDEX ... CONCURRENTLY\` instead. ${OUTSIDE_MIGRATOR}`,
    });
  }
}
