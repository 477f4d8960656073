/**
 * `CREATE INDEX` without CONCURRENTLY blocks every write to the table (SHARE lock) for as long as
 * the build takes: minutes on a big table. drizzle-kit never writes CONCURRENTLY, and it could
 * not help: drizzle's migrator runs migrations inside a transaction, where CONCURRENTLY fails
 * (see migration-concurrently). An index on a table created in the same deploy is exempt.
 */
import { defineRule, type RuleContext } from '../types.js';
import { relationKey, relationLabel } from '../../sql/ast.js';
import { INDEX_OUTSIDE_MIGRATOR } from '../../sql/advice.js';
import { body } from '../../sql/parse.js';

export default defineRule({
  meta: {
    id: 'sql-create-index',
    description: 'CREATE INDEX without CONCURRENTLY on an existing table: blocks writes during the build.',
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
    const index = body(at.statement.node, 'IndexStmt');
    if (!index || index.concurrent || analysis.isNewTable(relationKey(index.relation), at)) continue;
    reportAt(ctx, at, {
      message:
        `${index.unique ? 'CREATE UNIQUE INDEX' : 'CREATE INDEX'} ${index.idxname ? `"${index.idxname}" ` : ''}blocks ` +
        `writes to ${relationLabel(index.relation)} until the index is built.`,
      help: INDEX_OUTSIDE_MIGRATOR,
    });
  }
}
