/**
 * `TRUNCATE ... CASCADE` also empties every table that references the truncated one through a
 * foreign key, and the tables referencing those, without naming them.
 */
import type { RuleContext } from '../types.js';
import { relationLabel } from '../../sql/ast.js';
import { reportAt, sqlAnalysis } from '../../sql/analysis.js';
import { body } from '../../sql/parse.js';

export async function check(ctx: RuleContext): Promise<void> {
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
