/**
 * `DROP DATABASE` has no place in a migration: it destroys everything, and it cannot run inside
 * a transaction, which is where drizzle's migrator runs it.
 */
import { defineRule, type RuleContext } from '../types.js';
import { body } from '../../sql/parse.js';

export default defineRule({
  meta: {
    id: 'sql-drop-database',
    description: 'DROP DATABASE in a migration.',
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
    const drop = body(at.statement.node, 'DropdbStmt');
    if (!drop) continue;
    reportAt(ctx, at, {
      message: `DROP DATABASE "${drop.dbname}" in a migration destroys a whole database (and cannot run inside drizzle's transaction).`,
      help: 'Remove it. Databases are created and dropped by your infrastructure, never by a migration.',
    });
  }
}
