/**
 * `DROP INDEX` without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the index's table: while it
 * waits for running queries to finish, every new query on the table queues behind it. An index
 * created in the same deploy is exempt.
 */
import { defineRule, type RuleContext } from '../types.js';
import { names, qualifiedKey } from '../../sql/ast.js';
import { OUTSIDE_MIGRATOR } from '../../sql/advice.js';
import { body } from '../../sql/parse.js';

export default defineRule({
  meta: {
    id: 'sql-drop-index',
    description: 'DROP INDEX without CONCURRENTLY: an exclusive lock on the table that queues every query behind it.',
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
    const drop = body(at.statement.node, 'DropStmt');
    if (drop?.removeType !== 'OBJECT_INDEX' || drop.concurrent) continue;
    const createdBefore = new Set(
      analysis.earlierInUnit(at).flatMap((r) => {
        const index = body(r.statement.node, 'IndexStmt');
        return index?.idxname ? [`${index.relation?.schemaname ?? 'public'}.${index.idxname}`] : [];
      }),
    );
    for (const object of drop.objects ?? []) {
      const list = body(object, 'List')?.items;
      if (createdBefore.has(qualifiedKey(list))) continue;
      reportAt(ctx, at, {
        message: `DROP INDEX ${names(list)
          .map((n) => `"${n}"`)
          .join('.')} locks its table against all reads and writes while it waits for running queries.`,
        help:
          `Drop it with \`DROP INDEX CONCURRENTLY IF EXISTS\` instead. ${OUTSIDE_MIGRATOR} ` +
          'Or keep this statement and set a short `lock_timeout` before it (see sql-require-timeouts), then suppress with a reason.',
      });
    }
  }
}
