/**
 * What one statement did to the tables that existed before it, read from the catalogs of the
 * session that ran it, inside its transaction. Verified on PGlite 0.5 and on a Postgres 15 server
 * (test/trace/observe.test.ts runs the same cases on both; the results are the same, row for row):
 *
 * - Locks: `pg_locks` rows of the own backend (`pg_backend_pid()` works on PGlite, single-user as
 *   it is), `locktype = 'relation'`. Relation locks are kept until the transaction ends, so the
 *   rows after a statement are the earlier statements' locks plus its own: `lock` is the strongest
 *   mode held at that point. A statement that asks for a mode the transaction already holds adds
 *   no row: which statement took a lock is not observable, only that it is held.
 * - Rewrite: `pg_class.relfilenode` of the table changed (ALTER COLUMN TYPE, a volatile default,
 *   CLUSTER, SET LOGGED ...). The table's indexes are rebuilt with it (their relfilenodes change too).
 * - Scan: `pg_stat_xact_user_tables.seq_scan` grew. The counters of the running transaction are
 *   visible to it, and a sequential scan counts when it starts, so a scan of an EMPTY table counts:
 *   the replayed tables hold no rows and every full scan still shows (SET NOT NULL +1, ADD CHECK
 *   +1, a table rewrite +2, CREATE INDEX +1, UPDATE without WHERE +1). A foreign key scans the
 *   referencing table; the referenced one is probed by index per row, so on empty tables it shows
 *   no scan at all (with rows: idx_scan grows). An UPDATE ... WHERE id = 5 uses the primary key
 *   and shows no seq scan: plans are those of a small table, which is what a replay has.
 * - Index build: an index of the table whose storage is new: a new index, or one whose relfilenode
 *   changed. An index that ALTER COLUMN TYPE recreated on its old storage (a binary-coercible change,
 *   such as a longer varchar) keeps the old relfilenode under a new OID: not a build.
 *
 * SET NOT NULL after a validated CHECK (col IS NOT NULL) shows no scan (Postgres 12+), and
 * VALIDATE CONSTRAINT shows one: as documented.
 */
import type { Db } from '../db/connect.js';
import { LOCK_MODES } from '../sql/locks.js';
import type { Observation, ObservedLock } from './types.js';

/** A table that existed before the unit of statements being traced. */
export interface TracedTable {
  oid: number;
  /** `schema.table`. */
  key: string;
}

interface State {
  locks: Array<{ oid: number; mode: string }>;
  rels: Array<{ oid: number; node: number; of: number | null }>;
  scans: Array<{ oid: number; n: number }>;
}

export type Snapshot = State;

/** Weakest first: the SQL rules' own order (`LOCK_MODES` without its unused 0). */
const ORDER: readonly ObservedLock[] = LOCK_MODES.slice(1) as ObservedLock[];

/** SHARE and stronger conflict with ROW EXCLUSIVE: INSERT, UPDATE and DELETE wait (as sql/locks.ts). */
export function lockBlocksWrites(mode: ObservedLock | null): boolean {
  return mode !== null && ORDER.indexOf(mode) >= ORDER.indexOf('SHARE');
}

/** `AccessExclusiveLock` → `ACCESS EXCLUSIVE`; null for a mode that is not a table lock mode. */
export function lockName(pgMode: string): ObservedLock | null {
  const name = pgMode
    .replace(/Lock$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toUpperCase() as ObservedLock;
  return ORDER.includes(name) ? name : null;
}

function strongest(modes: Array<ObservedLock | null>): ObservedLock | null {
  let best: ObservedLock | null = null;
  for (const m of modes) if (m && (!best || ORDER.indexOf(m) > ORDER.indexOf(best))) best = m;
  return best;
}

/** The user tables (plain, partitioned, materialized views) that exist now. */
export async function existingTables(db: Db): Promise<TracedTable[]> {
  const rows = await db.query<{ oid: number; key: string }>(
    `SELECT c.oid::int AS oid, n.nspname || '.' || c.relname AS key
       FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p', 'm') AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
      ORDER BY 2`,
  );
  return rows.map((r) => ({ oid: Number(r.oid), key: r.key }));
}

/** One query: the locks held, the storage of the tables and of their indexes, the scan counters. */
const STATE = `SELECT json_build_object(
  'locks', (SELECT coalesce(json_agg(json_build_object('oid', l.relation::int, 'mode', l.mode)), '[]')
              FROM pg_catalog.pg_locks l
             WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation' AND l.granted AND l.relation::int = ANY($1)),
  'rels', (SELECT coalesce(json_agg(json_build_object('oid', c.oid::int, 'node', c.relfilenode::int, 'of', i.indrelid::int)), '[]')
             FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_index i ON i.indexrelid = c.oid
            WHERE c.oid::int = ANY($1) OR i.indrelid::int = ANY($1)),
  'scans', (SELECT coalesce(json_agg(json_build_object('oid', s.relid::int, 'n', s.seq_scan)), '[]')
              FROM pg_catalog.pg_stat_xact_user_tables s WHERE s.relid::int = ANY($1))
) AS state`;

export async function snapshot(db: Db, tables: readonly TracedTable[]): Promise<Snapshot> {
  const [row] = await db.query<{ state: State | string }>(STATE, [tables.map((t) => t.oid)]);
  const state = row?.state ?? { locks: [], rels: [], scans: [] };
  return typeof state === 'string' ? (JSON.parse(state) as State) : state;
}

/** What changed between two snapshots, per table; tables the statement left alone are left out. */
export function observations(tables: readonly TracedTable[], before: Snapshot, after: Snapshot): Observation[] {
  const out: Observation[] = [];
  const nodes = (s: Snapshot) => new Map(s.rels.map((r) => [r.oid, r.node]));
  const [nodesBefore, nodesAfter] = [nodes(before), nodes(after)];
  const storageBefore = new Set(nodesBefore.values());
  const scans = (s: Snapshot, oid: number) => Number(s.scans.find((x) => x.oid === oid)?.n ?? 0);
  const lockRows = (s: Snapshot, oid: number) => s.locks.filter((l) => l.oid === oid).map((l) => l.mode);
  for (const table of tables) {
    const held = lockRows(after, table.oid);
    const newLock = held.some((m) => !lockRows(before, table.oid).includes(m));
    // A dropped table has no pg_class row any more: dropped is not rewritten.
    const node = nodesAfter.get(table.oid);
    const rewrite = node !== undefined && node !== nodesBefore.get(table.oid);
    const scan = scans(after, table.oid) > scans(before, table.oid);
    // An index rebuilt under a new OID on the storage of the old one (ALTER TYPE varchar(16) →
    // varchar(64): Postgres drops and recreates the index definition, and reuses its file) built nothing.
    const indexBuild = after.rels.some(
      (r) => r.of === table.oid && nodesBefore.get(r.oid) !== r.node && !storageBefore.has(r.node),
    );
    if (!newLock && !rewrite && !scan && !indexBuild) continue;
    out.push({ table: table.key, lock: strongest(held.map(lockName)), rewrite, scan, indexBuild });
  }
  return out;
}

/** Rewrite, scan or index build while a write-blocking lock is held: the app's writes wait for it. */
export function isHazard(o: Observation): boolean {
  return (o.rewrite || o.scan || o.indexBuild) && lockBlocksWrites(o.lock);
}
