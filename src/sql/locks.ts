/**
 * The table locks a statement takes, as Postgres's documentation ("Explicit Locking", and each
 * ALTER TABLE subcommand's page) lists them, for the rules that reason about what an earlier
 * statement of the same transaction still holds: every lock is kept until the transaction ends,
 * and drizzle runs all pending migrations in one transaction.
 *
 * Only the modes that matter for a running app are told apart; anything not listed here takes no
 * lock worth reporting (or one on an object the SQL alone cannot tie to a table, such as
 * `DROP INDEX`).
 */
import type { Node, RangeVar } from 'libpg-query';
import { alterTableCommands, relationKey } from './ast.js';
import { body } from './parse.js';

/** Postgres's table lock modes, weakest first (the numbers `LOCK TABLE` parses to). */
export const LOCK_MODES = [
  '',
  'ACCESS SHARE',
  'ROW SHARE',
  'ROW EXCLUSIVE',
  'SHARE UPDATE EXCLUSIVE',
  'SHARE',
  'SHARE ROW EXCLUSIVE',
  'EXCLUSIVE',
  'ACCESS EXCLUSIVE',
] as const;

export type LockMode = Exclude<(typeof LOCK_MODES)[number], ''>;

export interface TableLock {
  table: string;
  relation: RangeVar | undefined;
  mode: LockMode;
}

const rank = (mode: LockMode) => LOCK_MODES.indexOf(mode);

/** SHARE and stronger conflict with ROW EXCLUSIVE: INSERT, UPDATE and DELETE wait. */
export function blocksWrites(mode: LockMode): boolean {
  return rank(mode) >= rank('SHARE');
}

/** ALTER TABLE subcommands that take less than ACCESS EXCLUSIVE. */
const LIGHTER: Record<string, LockMode> = {
  AT_ValidateConstraint: 'SHARE UPDATE EXCLUSIVE',
  AT_SetStatistics: 'SHARE UPDATE EXCLUSIVE',
  AT_SetOptions: 'SHARE UPDATE EXCLUSIVE',
  AT_ResetOptions: 'SHARE UPDATE EXCLUSIVE',
  AT_ClusterOn: 'SHARE UPDATE EXCLUSIVE',
  AT_DropCluster: 'SHARE UPDATE EXCLUSIVE',
  AT_AttachPartition: 'SHARE UPDATE EXCLUSIVE',
  AT_EnableTrig: 'SHARE ROW EXCLUSIVE',
  AT_DisableTrig: 'SHARE ROW EXCLUSIVE',
  AT_EnableTrigAll: 'SHARE ROW EXCLUSIVE',
  AT_DisableTrigAll: 'SHARE ROW EXCLUSIVE',
  AT_EnableTrigUser: 'SHARE ROW EXCLUSIVE',
  AT_DisableTrigUser: 'SHARE ROW EXCLUSIVE',
};

function add(out: Map<string, TableLock>, relation: RangeVar | undefined, mode: LockMode): void {
  if (!relation?.relname) return;
  const table = relationKey(relation);
  const held = out.get(table);
  if (!held || rank(mode) > rank(held.mode)) out.set(table, { table, relation, mode });
}

function alterTableLocks(node: Node, out: Map<string, TableLock>): void {
  for (const { stmt, cmd } of alterTableCommands(node)) {
    if (stmt.objtype && stmt.objtype !== 'OBJECT_TABLE') continue;
    const constraint = body(cmd.def, 'Constraint');
    if (cmd.subtype === 'AT_AddConstraint' && constraint?.contype === 'CONSTR_FOREIGN') {
      add(out, stmt.relation, 'SHARE ROW EXCLUSIVE');
      add(out, constraint.pktable, 'SHARE ROW EXCLUSIVE');
      continue;
    }
    add(out, stmt.relation, LIGHTER[cmd.subtype ?? ''] ?? 'ACCESS EXCLUSIVE');
    // A column added with REFERENCES locks the referenced table too.
    for (const c of body(cmd.def, 'ColumnDef')?.constraints ?? []) {
      const fk = body(c, 'Constraint');
      if (fk?.contype === 'CONSTR_FOREIGN') add(out, fk.pktable, 'SHARE ROW EXCLUSIVE');
    }
  }
}

const computed = new WeakMap<Node, TableLock[]>();

/** The tables a statement locks and the strongest mode on each (computed once per statement). */
export function locksTaken(node: Node): TableLock[] {
  let locks = computed.get(node);
  if (!locks) computed.set(node, (locks = compute(node)));
  return locks;
}

function compute(node: Node): TableLock[] {
  const out = new Map<string, TableLock>();
  alterTableLocks(node, out);
  const index = body(node, 'IndexStmt');
  if (index) add(out, index.relation, index.concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'SHARE');
  const trigger = body(node, 'CreateTrigStmt');
  if (trigger) add(out, trigger.relation, 'SHARE ROW EXCLUSIVE');
  const rename = body(node, 'RenameStmt');
  if (rename?.relation && ['OBJECT_TABLE', 'OBJECT_COLUMN', 'OBJECT_TABCONSTRAINT'].includes(rename.renameType ?? '')) {
    add(out, rename.relation, 'ACCESS EXCLUSIVE');
  }
  const lock = body(node, 'LockStmt');
  if (lock) {
    const mode = LOCK_MODES[lock.mode ?? 8] || 'ACCESS EXCLUSIVE';
    for (const r of lock.relations ?? []) add(out, body(r, 'RangeVar'), mode);
  }
  const truncate = body(node, 'TruncateStmt');
  for (const r of truncate?.relations ?? []) add(out, body(r, 'RangeVar'), 'ACCESS EXCLUSIVE');
  const policy = body(node, 'CreatePolicyStmt') ?? body(node, 'AlterPolicyStmt');
  if (policy) add(out, policy.table, 'ACCESS EXCLUSIVE');
  return [...out.values()];
}

const LABELS: Record<string, string> = {
  AlterTableStmt: 'ALTER TABLE',
  IndexStmt: 'CREATE INDEX',
  CreateTrigStmt: 'CREATE TRIGGER',
  RenameStmt: 'ALTER TABLE ... RENAME',
  LockStmt: 'LOCK TABLE',
  TruncateStmt: 'TRUNCATE',
  CreatePolicyStmt: 'CREATE POLICY',
  AlterPolicyStmt: 'ALTER POLICY',
};

/** How to name a locking statement in a message: `ALTER TABLE`, `CREATE INDEX`. */
export function lockingStatementLabel(kind: string): string {
  return LABELS[kind] ?? kind.replace(/Stmt$/, '');
}
