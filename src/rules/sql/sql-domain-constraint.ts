/**
 * A CHECK on a domain applies to every column of that type: adding one revalidates all of them
 * under locks, and Postgres treats any coercion to a constrained domain as needing a rewrite.
 */
import { defineRule, type RuleContext } from '../types.js';
import { constraintsOf, qualifiedLabel } from '../../sql/ast.js';
import { body } from '../../sql/parse.js';

export default defineRule({
  meta: {
    id: 'sql-domain-constraint',
    description: 'A domain created with, or given, a CHECK constraint.',
    defaultSeverity: 'warning',
    category: 'sql',
    scope: 'project',
  },
  check,
});

async function check(ctx: RuleContext): Promise<void> {
  const { reportAt, sqlAnalysis } = await import('../../sql/analysis.js');
  const analysis = await sqlAnalysis(ctx);
  for (const at of analysis.statements) {
    const create = body(at.statement.node, 'CreateDomainStmt');
    const alter = body(at.statement.node, 'AlterDomainStmt');
    const name = create ? qualifiedLabel(create.domainname) : alter ? qualifiedLabel(alter.typeName) : '';
    const checked = create
      ? constraintsOf(create.constraints).some((c) => c.contype === 'CONSTR_CHECK')
      : alter?.subtype === 'C';
    if (!checked) continue;
    reportAt(ctx, at, {
      message: `Domain ${name} carries a CHECK constraint: changing it later revalidates every column of that type under locks.`,
      help: 'Put the CHECK on the table columns instead (drizzle: `check()` in the table), where NOT VALID can add it safely.',
    });
  }
}
