/**
 * Without `lock_timeout`, a DDL statement waiting for its lock behind one long query makes every
 * later query on the table queue behind it: a few seconds of waiting becomes an outage. Without
 * `statement_timeout`, a migration can run for as long as it likes. Because drizzle runs all
 * pending migrations in one transaction, a `SET` early in a deploy covers the rest of it; in
 * `--all` every migration is judged on its own. Off by default: many teams set both on the
 * migration role (`ALTER ROLE migrator SET lock_timeout = '5s'`) instead.
 *
 * Options: `{ "lockTimeout": true, "statementTimeout": true }` (both required by default).
 */
import type { Node } from 'libpg-query';
import { defineRule, type RuleContext } from '../types.js';
import { relationKey, stringConstants, walk } from '../../sql/ast.js';
import type { SqlAnalysis, StatementRef } from '../../sql/analysis.js';
import { body, nodeKind } from '../../sql/parse.js';

export default defineRule({
  meta: {
    id: 'sql-require-timeouts',
    description: 'A locking statement with no lock_timeout / statement_timeout set before it (off by default).',
    defaultSeverity: 'off',
    category: 'sql',
    scope: 'project',
    options: (z) =>
      z.object({
        lockTimeout: z.boolean().optional().describe('Require lock_timeout (default true).'),
        statementTimeout: z.boolean().optional().describe('Require statement_timeout (default true).'),
      }),
  },
  check,
});

const LOCKING = new Set([
  'AlterTableStmt',
  'IndexStmt',
  'DropStmt',
  'RenameStmt',
  'TruncateStmt',
  'ReindexStmt',
  'ClusterStmt',
  'CreateTrigStmt',
  'AlterEnumStmt',
  'AlterObjectSchemaStmt',
  'AlterDomainStmt',
]);

/** Settings a statement makes: `SET [LOCAL] lock_timeout = ...` or `SELECT set_config('lock_timeout', ...)`. */
function settingsOf(node: Node): string[] {
  const set = body(node, 'VariableSetStmt');
  if (set?.kind === 'VAR_SET_VALUE' && set.name) return [set.name.toLowerCase()];
  const out: string[] = [];
  walk(node, (kind, b) => {
    if (kind !== 'FuncCall') return;
    const fn = b as { funcname?: Node[]; args?: Node[] };
    const name = (fn.funcname ?? []).map((n) => (n as { String?: { sval?: string } }).String?.sval).pop();
    if (name === 'set_config') out.push(...stringConstants(fn.args?.[0]).map((s) => s.toLowerCase()));
  });
  return out;
}

/** True when the statement may wait for a lock on a table that existed before the deploy. */
function takesLock(analysis: SqlAnalysis, at: StatementRef): boolean {
  const kind = nodeKind(at.statement.node);
  if (!LOCKING.has(kind)) return false;
  const table = body(at.statement.node, 'AlterTableStmt')?.relation ?? body(at.statement.node, 'IndexStmt')?.relation;
  if (!table || !analysis.isNewTable(relationKey(table), at)) return true;
  // A new table's foreign key still locks the existing table it references.
  let referencesExisting = false;
  walk(at.statement.node, (k, b) => {
    if (k === 'Constraint' && (b as { pktable?: { relname?: string } }).pktable) {
      const pk = (b as { pktable: Parameters<typeof relationKey>[0] }).pktable;
      if (!analysis.isNewTable(relationKey(pk), at)) referencesExisting = true;
    }
  });
  return referencesExisting;
}

async function check(ctx: RuleContext): Promise<void> {
  const { reportAt, sqlAnalysis } = await import('../../sql/analysis.js');
  const analysis = await sqlAnalysis(ctx);
  const wanted = [
    ...(ctx.options.lockTimeout !== false ? ['lock_timeout'] : []),
    ...(ctx.options.statementTimeout !== false ? ['statement_timeout'] : []),
  ];
  const reportedUnits = new Set<number>();
  for (const at of analysis.statements) {
    if (reportedUnits.has(at.migration.unit) || !takesLock(analysis, at)) continue;
    const set = new Set(analysis.earlierInUnit(at).flatMap((r) => settingsOf(r.statement.node)));
    const missing = wanted.filter((w) => !set.has(w));
    if (!missing.length) continue;
    reportedUnits.add(at.migration.unit);
    reportAt(ctx, at, {
      message: `This statement takes a lock with no ${missing.join(' or ')} set before it: one long query can make it, and every query queued behind it, wait.`,
      help:
        `Start the migration with ${missing.map((m) => `\`SET ${m} = '${m === 'lock_timeout' ? '5s' : '5min'}';\``).join(' and ')} ` +
        '(a failed lock rolls the deploy back; retry it), or set them on the role that runs `drizzle-kit migrate` and ' +
        'leave this rule off.',
    });
  }
}
