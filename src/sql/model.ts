/**
 * What the database knows about a column when a statement runs: the snapshot drizzle-kit wrote
 * before the statement's migration, plus what every earlier statement did (older migrations, and
 * the earlier statements of the same migration or deploy). Rules ask it so they judge a statement
 * in its real context, e.g. `SET NOT NULL` is free when the column is NOT NULL already or a
 * validated `CHECK (col IS NOT NULL)` exists (Postgres 12+ then skips the scan).
 *
 * Replayed facts, per table: which columns are NOT NULL, and the CHECK constraints that prove a
 * column NOT NULL with whether they are validated (`NOT VALID` then `VALIDATE CONSTRAINT`).
 * Checks written only in a custom migration are not in drizzle's snapshot; replaying the SQL
 * finds them.
 */
import type { ColumnDef, Constraint, Node } from 'libpg-query';
import { alterTableCommands, constraintsOf, names, relationKey } from './ast.js';
import type { SqlAnalysis, StatementRef } from './analysis.js';
import { body } from './parse.js';
import type { SnapshotTable } from './snapshot.js';

interface CheckFact {
  column: string | null;
  validated: boolean;
}

interface TableFacts {
  notNull: Map<string, boolean>;
  checks: Map<string, CheckFact>;
}

export interface ColumnState {
  /** True / false when known, undefined when neither the snapshot nor the SQL tells. */
  notNull: boolean | undefined;
  /** A validated CHECK (col IS NOT NULL) exists. */
  validatedNotNullCheck: boolean;
}

/** The column a `col IS NOT NULL` (or `"t"."col" IS NOT NULL`) expression tests, else null. */
export function notNullTestColumn(expr: Node | undefined): string | null {
  const test = body(expr, 'NullTest');
  if (test?.nulltesttype !== 'IS_NOT_NULL') return null;
  const fields = names(body(test.arg, 'ColumnRef')?.fields);
  return fields.length ? fields[fields.length - 1]! : null;
}

const columnIsNotNull = (col: ColumnDef) =>
  !!col.is_not_null ||
  constraintsOf(col.constraints).some((c) => c.contype === 'CONSTR_NOTNULL' || c.contype === 'CONSTR_PRIMARY');

function factsFor(state: Map<string, TableFacts>, key: string): TableFacts {
  let facts = state.get(key);
  if (!facts) state.set(key, (facts = { notNull: new Map(), checks: new Map() }));
  return facts;
}

/** Table-level constraints: PRIMARY KEY (a, b) makes its columns NOT NULL; CHECK may prove one. */
function applyConstraint(facts: TableFacts, c: Constraint, validated: boolean): void {
  if (c.contype === 'CONSTR_PRIMARY') for (const k of names(c.keys)) facts.notNull.set(k, true);
  if (c.contype === 'CONSTR_CHECK' && c.conname) {
    facts.checks.set(c.conname, { column: notNullTestColumn(c.raw_expr), validated });
  }
}

/** Updates the facts with what one statement does. */
function apply(state: Map<string, TableFacts>, node: Node): void {
  const create = body(node, 'CreateStmt');
  if (create) {
    const facts = { notNull: new Map<string, boolean>(), checks: new Map<string, CheckFact>() };
    state.set(relationKey(create.relation), facts);
    for (const e of create.tableElts ?? []) {
      const col = body(e, 'ColumnDef');
      if (col?.colname) facts.notNull.set(col.colname, columnIsNotNull(col));
      const c = body(e, 'Constraint');
      if (c) applyConstraint(facts, c, true); // a new table is empty: its checks are valid
    }
    return;
  }
  for (const { stmt, cmd } of alterTableCommands(node)) {
    const facts = factsFor(state, relationKey(stmt.relation));
    const col = body(cmd.def, 'ColumnDef');
    const c = body(cmd.def, 'Constraint');
    if (cmd.subtype === 'AT_AddColumn' && col?.colname) facts.notNull.set(col.colname, columnIsNotNull(col));
    else if (cmd.subtype === 'AT_SetNotNull' && cmd.name) facts.notNull.set(cmd.name, true);
    else if (cmd.subtype === 'AT_DropNotNull' && cmd.name) facts.notNull.set(cmd.name, false);
    else if (cmd.subtype === 'AT_DropColumn' && cmd.name) facts.notNull.delete(cmd.name);
    else if (cmd.subtype === 'AT_AddConstraint' && c) applyConstraint(facts, c, !c.skip_validation);
    else if (cmd.subtype === 'AT_ValidateConstraint' && cmd.name) {
      const check = facts.checks.get(cmd.name);
      if (check) check.validated = true;
    } else if (cmd.subtype === 'AT_DropConstraint' && cmd.name) facts.checks.delete(cmd.name);
  }
}

function snapshotNotNullCheck(table: SnapshotTable | null, column: string): boolean {
  const checks = Object.values(table?.checkConstraints ?? {});
  const escaped = column.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^\\(?\\s*(?:"[^"]+"\\.)?"?${escaped}"?\\s+is\\s+not\\s+null\\s*\\)?$`, 'i');
  return checks.some((c) => pattern.test(c.value ?? ''));
}

const RELEVANT = /CHECK|VALIDATE|DROP\s+CONSTRAINT|CREATE\s+TABLE/i;

/**
 * The state of `column` of `tableKey` just before `at` runs. NOT NULL comes from the snapshot
 * unless an earlier statement of the same transaction changed it (the snapshot already has what
 * older migrations did); checks are replayed over the whole history, since one added in a custom
 * migration is in no snapshot.
 */
export async function columnStateBefore(
  analysis: SqlAnalysis,
  at: StatementRef,
  tableKey: string,
  column: string,
): Promise<ColumnState> {
  const history = new Map<string, TableFacts>();
  for (const m of await analysis.others(RELEVANT)) {
    if (m.position < at.migration.position) for (const s of m.sql.statements) apply(history, s.node);
  }
  const unit = new Map<string, TableFacts>();
  for (const s of analysis.statements) {
    if (s.seq >= at.seq) break;
    apply(history, s.statement.node);
    if (s.migration.unit === at.migration.unit) apply(unit, s.statement.node);
  }
  const snapshot = await analysis.tableBefore(at.migration, tableKey);
  const checks = [...(history.get(tableKey)?.checks.values() ?? [])];
  return {
    notNull: unit.get(tableKey)?.notNull.get(column) ?? snapshot?.columns?.[column]?.notNull,
    validatedNotNullCheck:
      checks.some((c) => c.column === column && c.validated) || snapshotNotNullCheck(snapshot, column),
  };
}
