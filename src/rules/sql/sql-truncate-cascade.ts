/**
 * `TRUNCATE ... CASCADE` also empties every table that references the truncated one through a
 * foreign key, and the tables referencing those, without naming them.
 */
import { defineRule, type RuleContext } from '../types.js';
import { relationLabel } from '../../sql/ast.js';
import { body } from '../../sql/parse.js';

export default defineRule({
  meta: {
    id: 'sql-truncate-cascade',
    description: 'TRUNCATE ... CASCADE: silently empties every table that references the truncated ones.',
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
    const truncate = body(at.statement.node, 'TruncateStmt');
    if (truncate?.behavior !== 'DROP_CASCADE') continue;
    const tables = (truncate.relations ?? []).map((r) => relationLabel(body(r, 'RangeVar'))).join(', ');
    reportAt(ctx, at, {
      message: `TRUNCATE ${tables} CASCADE also empties every table that references ${tables}, and the ones referencing those.`,
      help: 'Name every table to empty in the TRUNCATE and drop CASCADE, so that a forgotten reference fails instead of deleting data.',
    });
  }
}
