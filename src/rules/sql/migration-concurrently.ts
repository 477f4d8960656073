/**
 * Statements that fail inside a transaction block, in a migration drizzle runs inside one.
 *
 * drizzle-orm's pg migrator (`PgDialect.migrate`, drizzle-orm 0.45) does:
 *   await session.transaction(async (tx) => { for (const migration of migrations) ... tx.execute(sql.raw(stmt)) })
 * so every pending migration, on a fresh database every migration, shares ONE transaction, and
 * Postgres rejects: CREATE/DROP INDEX CONCURRENTLY, REINDEX CONCURRENTLY (and REINDEX SCHEMA /
 * DATABASE / SYSTEM), DETACH PARTITION CONCURRENTLY, VACUUM, CLUSTER without a table, CREATE
 * DATABASE, ALTER SYSTEM, CREATE/DROP TABLESPACE; and before Postgres 12, ALTER TYPE ... ADD VALUE.
 *
 * Since Postgres 12, ADD VALUE runs in a transaction, but the new value cannot be USED in it
 * ("unsafe use of new value"): drizzle-kit writes `ADD VALUE 'x'` and `SET DEFAULT 'x'` into the
 * same migration when both change at once, and a fresh database (CI, a new environment) runs
 * every migration in one transaction, so a value added in one migration and used in a later one
 * fails there too.
 */
import type { Node } from 'libpg-query';
import { defineRule, type RuleContext } from '../types.js';
import { alterTableCommands, names, qualifiedKey, relationKey, stringConstants, typeBaseName } from '../../sql/ast.js';
import { OUTSIDE_MIGRATOR } from '../../sql/advice.js';
import type { SqlAnalysis, StatementRef } from '../../sql/analysis.js';
import { body } from '../../sql/parse.js';
import { hasOption } from '../../sql/options.js';

export default defineRule({
  meta: {
    id: 'migration-concurrently',
    description:
      "A statement that cannot run inside drizzle's migration transaction (CONCURRENTLY, VACUUM, a new enum value used too early ...).",
    defaultSeverity: 'error',
    category: 'sql',
    scope: 'project',
  },
  check,
});

type ReportAt = typeof import('../../sql/analysis.js').reportAt;

/** What in the statement cannot run inside a transaction, or null. */
function outsideOnly(node: Node): string | null {
  const index = body(node, 'IndexStmt');
  if (index?.concurrent) return 'CREATE INDEX CONCURRENTLY';
  const drop = body(node, 'DropStmt');
  if (drop?.concurrent) return 'DROP INDEX CONCURRENTLY';
  const reindex = body(node, 'ReindexStmt');
  if (reindex && hasOption(reindex.params, 'concurrently')) return 'REINDEX CONCURRENTLY';
  if (reindex && reindex.kind !== 'REINDEX_OBJECT_INDEX' && reindex.kind !== 'REINDEX_OBJECT_TABLE') {
    return 'REINDEX SCHEMA / DATABASE / SYSTEM';
  }
  if (
    alterTableCommands(node).some(
      ({ cmd }) => cmd.subtype === 'AT_DetachPartition' && body(cmd.def, 'PartitionCmd')?.concurrent,
    )
  ) {
    return 'DETACH PARTITION CONCURRENTLY';
  }
  const vacuum = body(node, 'VacuumStmt');
  if (vacuum?.is_vacuumcmd) return hasOption(vacuum.options, 'full') ? 'VACUUM FULL' : 'VACUUM';
  const cluster = body(node, 'ClusterStmt');
  if (cluster && !cluster.relation) return 'CLUSTER without a table';
  if (body(node, 'CreatedbStmt')) return 'CREATE DATABASE';
  if (body(node, 'AlterSystemStmt')) return 'ALTER SYSTEM';
  if (body(node, 'CreateTableSpaceStmt')) return 'CREATE TABLESPACE';
  if (body(node, 'DropTableSpaceStmt')) return 'DROP TABLESPACE';
  return null;
}

interface AddedValue {
  type: string;
  typeName: string;
  value: string;
  file: string;
  line: number;
  position: number;
  /** Set when the value was added by a linted statement. */
  ref?: StatementRef;
}

/** `ALTER TYPE ... ADD VALUE` (not RENAME VALUE, which sets oldVal). */
function addedValue(node: Node): { type: string; typeName: string; value: string } | null {
  const alter = body(node, 'AlterEnumStmt');
  if (!alter?.newVal || alter.oldVal) return null;
  const parts = names(alter.typeName);
  return { type: qualifiedKey(alter.typeName), typeName: parts[parts.length - 1] ?? '', value: alter.newVal };
}

/** What a constant is known to be by where it stands: a cast's type, or a column it is assigned or compared to. */
interface Context {
  type?: string;
  column?: string;
}

/** A column reference's own name: `"status"`, `"posts"."status"` → `status`. */
function columnName(node: unknown): string | undefined {
  const ref = body(node as Node, 'ColumnRef');
  if (!ref) return undefined;
  const parts = names(ref.fields);
  return parts.length ? parts[parts.length - 1] : undefined;
}

/** Every constant equal to `value`, with the context it stands in. */
function constantsOf(value: unknown, wanted: string, context: Context, out: Context[]): void {
  if (Array.isArray(value)) {
    for (const item of value) constantsOf(item, wanted, context, out);
    return;
  }
  if (!value || typeof value !== 'object') return;
  for (const [kind, child] of Object.entries(value as Record<string, unknown>)) {
    if (!child || typeof child !== 'object') continue;
    const b = child as Record<string, unknown>;
    let inner = context;
    if (kind === 'A_Const') {
      if ((b as { sval?: { sval?: string } }).sval?.sval === wanted) out.push(context);
      continue;
    }
    if (kind === 'InsertStmt' && valuesByColumn(b, wanted, context, out)) continue;
    if (kind === 'TypeCast' || kind === 'ColumnDef') {
      inner = { type: typeBaseName((b as { typeName?: Parameters<typeof typeBaseName>[0] }).typeName) };
    } else if (kind === 'ResTarget' && typeof b.name === 'string') {
      inner = { column: b.name };
    } else if (kind === 'A_Expr') {
      const column = columnName(b.lexpr) ?? columnName(b.rexpr);
      if (column) inner = { column };
    }
    constantsOf(child, wanted, inner, out);
  }
}

/**
 * `INSERT INTO t (a, b) VALUES ('x', 'y'), ...`: each value stands for its column. False (the
 * caller walks the statement as usual) for an INSERT without a column list or a VALUES list.
 */
function valuesByColumn(insert: Record<string, unknown>, wanted: string, context: Context, out: Context[]): boolean {
  const columns = ((insert.cols as Node[] | undefined) ?? []).map((c) => body(c, 'ResTarget')?.name);
  const rows = body(insert.selectStmt as Node, 'SelectStmt')?.valuesLists;
  if (!columns.length || !rows?.length) return false;
  for (const row of rows) {
    (body(row, 'List')?.items ?? []).forEach((item, i) => {
      const column = columns[i];
      constantsOf(item, wanted, column ? { column } : context, out);
    });
  }
  // ON CONFLICT ... DO UPDATE SET, RETURNING: as anywhere else.
  for (const [key, child] of Object.entries(insert)) {
    if (key !== 'selectStmt' && key !== 'cols') constantsOf(child, wanted, context, out);
  }
  return true;
}

/** The table an UPDATE, DELETE or INSERT writes: its unqualified columns are that table's. */
function targetTable(node: Node): string | undefined {
  const rel =
    body(node, 'UpdateStmt')?.relation ?? body(node, 'DeleteStmt')?.relation ?? body(node, 'InsertStmt')?.relation;
  return rel ? relationKey(rel) : undefined;
}

/**
 * Does the statement use the value as the enum's? A constant is not a use where its type is known
 * to be another: cast to another type, a column definition of another type, or assigned or
 * compared to a column whose type (in the snapshot before this migration) is not the enum.
 * Anywhere else it may be, and counts.
 */
async function usesValue(analysis: SqlAnalysis, at: StatementRef, v: AddedValue): Promise<boolean> {
  const node = at.statement.node;
  if (body(node, 'AlterEnumStmt') || body(node, 'CreateEnumStmt')) return false;
  const found: Context[] = [];
  constantsOf(node, v.value, {}, found);
  const table = targetTable(node);
  const columns = table ? (await analysis.tableBefore(at.migration, table))?.columns : undefined;
  return found.some((context) => {
    if (context.type !== undefined) return context.type === v.typeName;
    const type = context.column !== undefined ? columns?.[context.column]?.type : undefined;
    return type === undefined || type === v.typeName || type === `"${v.typeName}"`;
  });
}

async function addedValues(analysis: SqlAnalysis): Promise<AddedValue[]> {
  const values: AddedValue[] = [];
  for (const ref of analysis.statements) {
    const v = addedValue(ref.statement.node);
    if (v) {
      values.push({ ...v, file: ref.migration.file, line: ref.statement.line, position: ref.migration.position, ref });
    }
  }
  for (const m of await analysis.others(/add\s+value/i)) {
    for (const s of m.sql.statements) {
      const v = addedValue(s.node);
      if (v) values.push({ ...v, file: m.file, line: s.line, position: m.position });
    }
  }
  return values;
}

async function checkEnumUse(
  ctx: RuleContext,
  reportAt: ReportAt,
  analysis: SqlAnalysis,
  values: AddedValue[],
  at: StatementRef,
  constants: string[],
): Promise<void> {
  for (const v of values) {
    if (!constants.includes(v.value)) continue;
    const sameUnit = v.ref !== undefined && v.ref.migration.unit === at.migration.unit && v.ref.seq < at.seq;
    const earlierMigration = v.position < at.migration.position;
    if (!sameUnit && !earlierMigration) continue;
    if (!(await usesValue(analysis, at, v))) continue;
    const where = `${v.file}:${v.line}`;
    reportAt(ctx, at, {
      message: sameUnit
        ? `Uses '${v.value}', which ${where} adds to enum "${v.typeName}" in the same transaction: Postgres rejects it ("unsafe use of new value"), failing the deploy.`
        : `Uses '${v.value}', which an earlier migration (${where}) adds to enum "${v.typeName}": a fresh database runs every migration in one transaction and fails here ("unsafe use of new value").`,
      help: sameUnit
        ? 'Ship the ADD VALUE alone and use the value in a later deploy (drizzle-kit puts both in one migration when ' +
          'you add the value and use it at once: add the value first, generate, then use it and generate again).'
        : 'drizzle commits nothing between migrations, so fresh databases (CI, new environments) fail. Recreate the type ' +
          'instead of ADD VALUE (create the new enum, `ALTER COLUMN ... TYPE new USING col::text::new`, drop the old one), ' +
          'or avoid the new value in migrations.',
    });
  }
}

async function check(ctx: RuleContext): Promise<void> {
  const { reportAt, sqlAnalysis } = await import('../../sql/analysis.js');
  const analysis = await sqlAnalysis(ctx);
  if (!analysis.statements.length) return;
  for (const at of analysis.statements) {
    const what = outsideOnly(at.statement.node);
    if (what) {
      reportAt(ctx, at, {
        message: `${what} cannot run inside a transaction block, and drizzle's migrator runs every pending migration in one: the deploy fails here.`,
        help: OUTSIDE_MIGRATOR,
      });
    }
    const added = addedValue(at.statement.node);
    if (added && analysis.postgresVersion < 12) {
      const createdHere = analysis.earlierInUnit(at).some((r) => {
        const create = body(r.statement.node, 'CreateEnumStmt');
        return create && qualifiedKey(create.typeName) === added.type;
      });
      if (!createdHere) {
        reportAt(ctx, at, {
          message: `ALTER TYPE ... ADD VALUE cannot run inside a transaction block before Postgres 12 (sql.postgresVersion is ${analysis.postgresVersion}), and drizzle runs migrations in one.`,
          help: `${OUTSIDE_MIGRATOR} Or upgrade: Postgres 12+ accepts it in a transaction.`,
        });
      }
    }
  }
  // Values added by older migrations count too: a fresh database runs them in the same transaction.
  // Reading the history is only worth it when a linted statement holds a string constant at all.
  const constants = new Map(analysis.statements.map((at) => [at, stringConstants(at.statement.node)] as const));
  if (![...constants.values()].some((c) => c.length)) return;
  const values = await addedValues(analysis);
  if (!values.length) return;
  const wanted = new Set(values.map((v) => v.value));
  for (const at of analysis.statements) {
    const matching = constants.get(at)!.filter((c) => wanted.has(c));
    if (matching.length) await checkEnumUse(ctx, reportAt, analysis, values, at, matching);
  }
}
