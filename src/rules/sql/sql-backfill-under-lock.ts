/**
 * A data migration (`UPDATE`, `DELETE`, `INSERT ... SELECT`, `MERGE`, or a query that reads the
 * table, such as a DO block's `IF EXISTS (SELECT ...)` check) on a table that an earlier
 * statement of the same transaction locked against writes: the lock is held until the
 * transaction commits, so the table stays blocked for the whole backfill. This is how most data
 * migrations are written (add a column, then fill it), and drizzle runs every pending migration
 * in one transaction, so the DDL may even be in an earlier migration of the same deploy.
 *
 * Tables created in the same deploy are exempt (nobody else uses them yet). The rule cannot know
 * how many rows a WHERE clause selects: a small table or a point update is a suppression with
 * that reason.
 */
import type { Node, RangeVar } from 'libpg-query';
import { defineRule, type RuleContext } from '../types.js';
import { relationKey, relationLabel, walk } from '../../sql/ast.js';
import type { SqlAnalysis, StatementRef } from '../../sql/analysis.js';
import { blocksWrites, lockingStatementLabel, locksTaken, type TableLock } from '../../sql/locks.js';
import { body } from '../../sql/parse.js';

export default defineRule({
  meta: {
    id: 'sql-backfill-under-lock',
    description:
      'An UPDATE / DELETE / INSERT ... SELECT (or a query reading the table) on a table an earlier statement of the same transaction locked: the table is blocked for the whole backfill.',
    defaultSeverity: 'error',
    category: 'sql',
    scope: 'project',
  },
  check,
});

interface DataStatement {
  verb: string;
  /** Tables it writes or reads, as keys (CTE names removed). */
  tables: RangeVar[];
}

/** Every table a subtree names (FROM lists, subqueries), minus the names of its CTEs. */
function namedTables(node: unknown): RangeVar[] {
  const out: RangeVar[] = [];
  const ctes = new Set<string>();
  walk(node, (kind, b) => {
    if (kind === 'RangeVar') out.push(b as RangeVar);
    else if (kind === 'CommonTableExpr') ctes.add(String(b.ctename));
  });
  return out.filter((r) => r.schemaname || !ctes.has(r.relname ?? ''));
}

function dataStatement(node: Node): DataStatement | null {
  const update = body(node, 'UpdateStmt');
  if (update) return { verb: 'UPDATE', tables: [update.relation!, ...namedTables(update)] };
  const del = body(node, 'DeleteStmt');
  if (del) return { verb: 'DELETE', tables: [del.relation!, ...namedTables(del)] };
  const merge = body(node, 'MergeStmt');
  if (merge) return { verb: 'MERGE', tables: [merge.relation!, ...namedTables(merge)] };
  // A query that reads a table (a check before the next step: `IF EXISTS (SELECT ... WHERE x IS NULL)`
  // in a DO block, `SELECT ... INTO`) scans it under the lock just the same.
  const select = body(node, 'SelectStmt');
  if (select) {
    const read = namedTables(select);
    return read.length ? { verb: 'SELECT', tables: read } : null;
  }
  const insert = body(node, 'InsertStmt');
  if (!insert) return null;
  // INSERT ... VALUES writes the rows it lists; only a SELECT reading a table can be a backfill.
  const sources = namedTables(insert.selectStmt);
  return sources.length ? { verb: 'INSERT ... SELECT', tables: [insert.relation!, ...sources] } : null;
}

/** The first earlier statement of the transaction holding a write-blocking lock on `key`. */
function lockHolder(
  analysis: SqlAnalysis,
  at: StatementRef,
  key: string,
): { by: StatementRef; lock: TableLock } | null {
  for (const by of analysis.earlierInUnit(at)) {
    const lock = locksTaken(by.statement.node).find((l) => l.table === key && blocksWrites(l.mode));
    if (lock) return { by, lock };
  }
  return null;
}

function where(by: StatementRef, at: StatementRef): string {
  return by.migration === at.migration
    ? `line ${by.statement.line}`
    : `line ${by.statement.line} of ${by.migration.file}, run in the same transaction`;
}

async function check(ctx: RuleContext): Promise<void> {
  const { reportAt, sqlAnalysis } = await import('../../sql/analysis.js');
  const analysis = await sqlAnalysis(ctx);
  for (const at of analysis.statements) {
    const data = dataStatement(at.statement.node);
    if (!data) continue;
    const keys = [...new Set(data.tables.filter((r) => r?.relname).map((r) => relationKey(r)))];
    const existing = keys.filter((key) => !analysis.isNewTable(key, at));
    // An INSERT ... SELECT from tables created in this deploy copies rows written in it: small.
    if (data.verb === 'INSERT ... SELECT' && existing.every((k) => k === keys[0])) continue;
    for (const key of existing) {
      const held = lockHolder(analysis, at, key);
      if (!held) continue;
      reportAt(ctx, at, {
        message:
          `${data.verb} on ${relationLabel(held.lock.relation)} runs while the ${held.lock.mode} lock taken by ` +
          `${lockingStatementLabel(held.by.statement.kind)} at ${where(held.by, at)} is held: ` +
          `${held.lock.mode === 'ACCESS EXCLUSIVE' ? 'reads and writes' : 'writes'} wait for the whole ` +
          `${data.verb === 'SELECT' ? 'read' : 'backfill'}.`,
        help:
          'Move the data migration to a custom migration (`drizzle-kit generate --custom`) of a LATER deploy, where it ' +
          'runs without the DDL lock, and update in batches (`WHERE id IN (SELECT id ... LIMIT 5000)`) if the table is ' +
          'large. If the table is small, suppress with that reason.',
      });
      break;
    }
  }
}
