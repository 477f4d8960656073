/**
 * Where each migration stands in a database, judged the way drizzle's migrator will act on it.
 *
 * 0.x migrator (a high-water mark): it reads the row with the largest `created_at` and runs the
 * journal entries whose `when` is larger. So a migration with no row is *pending* when its `when`
 * is above that mark and *will be skipped* (silently, forever) when it is not. A row whose
 * `created_at` equals an entry's `when` but whose hash differs means the file was *edited* after
 * it ran. A row that matches no file by `created_at` or hash is *unknown* (a hand-written
 * `Date.now()` row is the classic one: it skips everything generated before it).
 *
 * 1.0 migrator (table with a `name` column, folder layout): it runs every migration whose name has
 * no row, so nothing is skipped; rows match by name. A 1.0 project whose table still has the 0.x
 * shape is matched the way the 1.0 upgrade does it: `created_at` to the second, then hash.
 */
import type { LocalMigration } from './local.js';
import type { AppliedRow, MigrationsTable } from './table.js';

export type MigrationState = 'applied' | 'pending' | 'skipped' | 'edited';

export interface MigrationStatus {
  tag: string;
  sqlFile: string;
  state: MigrationState;
  hash: string;
  createdAt: number;
  /** The row that records it (applied, edited). */
  row?: AppliedRow;
  /** Why, for humans. */
  note?: string;
}

export interface Status {
  matchBy: 'created_at' | 'name';
  table: MigrationsTable;
  migrations: MigrationStatus[];
  /** Rows that match no migration file. */
  unknown: AppliedRow[];
  /** The largest `created_at` (0.x migrator's high-water mark), null on an empty table. */
  highWater: number | null;
  summary: Record<MigrationState | 'unknown', number>;
  /** Anything skipped, edited or unknown: `db status` exits 1. */
  problems: number;
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

export function computeStatus(
  local: LocalMigration[],
  table: MigrationsTable,
  layout: 'journal' | 'folders' | 'empty',
): Status {
  const byName = layout === 'folders' && table.hasName;
  const seconds = layout === 'folders' && !byName;
  const rows = table.rows;
  const used = new Set<AppliedRow>();
  const highWater = rows.reduce<number | null>(
    (max, r) => (r.createdAt !== null && (max === null || r.createdAt > max) ? r.createdAt : max),
    null,
  );
  const highRow = rows.find((r) => r.createdAt === highWater);
  const highTag = (): string => {
    const m = local.find((l) => highRow && (l.createdAt === highRow.createdAt || l.hash === highRow.hash));
    return m ? m.tag : `row id ${highRow?.id}`;
  };
  const sameTime = (row: AppliedRow, m: LocalMigration) =>
    row.createdAt !== null &&
    (seconds ? Math.floor(row.createdAt / 1000) === Math.floor(m.createdAt / 1000) : row.createdAt === m.createdAt);

  const migrations = local.map((m): MigrationStatus => {
    const base = { tag: m.tag, sqlFile: m.sqlFile, hash: m.hash, createdAt: m.createdAt };
    const free = rows.filter((r) => !used.has(r));
    const keyed = byName ? free.filter((r) => r.name === m.name) : free.filter((r) => sameTime(r, m));
    const exact = keyed.find((r) => r.hash === m.hash);
    if (exact) {
      used.add(exact);
      return { ...base, state: 'applied', row: exact };
    }
    // Same hash, other created_at (or name): the SQL ran, but the row was written by someone else.
    const byHash = free.find((r) => r.hash === m.hash && (!byName || r.name === null || r.name === undefined));
    if (byHash) {
      used.add(byHash);
      const note = byName
        ? {}
        : { note: `recorded with created_at ${byHash.createdAt ?? 'NULL'}, the journal says ${m.createdAt}` };
      return { ...base, state: 'applied', row: byHash, ...note };
    }
    if (keyed[0]) {
      used.add(keyed[0]);
      return {
        ...base,
        state: 'edited',
        row: keyed[0],
        note: `the file changed after it was applied (recorded hash ${keyed[0].hash.slice(0, 12)}…, file ${m.hash.slice(0, 12)}…)`,
      };
    }
    if (!byName && highWater !== null && m.createdAt <= highWater) {
      return {
        ...base,
        state: 'skipped',
        note:
          `its when (${iso(m.createdAt)}) is not after the newest applied row (${highTag()}, ${iso(highWater)}): ` +
          "drizzle's migrator will never run it",
      };
    }
    return { ...base, state: 'pending' };
  });
  const unknown = rows.filter((r) => !used.has(r));
  const summary = { applied: 0, pending: 0, skipped: 0, edited: 0, unknown: unknown.length };
  for (const m of migrations) summary[m.state]++;
  return {
    matchBy: byName ? 'name' : 'created_at',
    table,
    migrations,
    unknown,
    highWater,
    summary,
    problems: summary.skipped + summary.edited + summary.unknown,
  };
}
