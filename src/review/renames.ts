/**
 * Renames, read from the SQL drizzle-kit wrote. drizzle-kit asks the developer whether a column
 * that disappeared and one that appeared are the same, and if so writes (0.31 and 1.0 alike):
 *
 *   ALTER TABLE "users" RENAME COLUMN "name" TO "full_name";
 *   ALTER TABLE "audit"."events" RENAME TO "audit_events";
 *
 * The format is drizzle-kit's own and fixed, so a pattern is enough here; a hand-written rename in
 * another spelling just shows as a drop plus an add, which is still true of the snapshots.
 */
import type { Renames } from './snapshot-diff.js';
import { qualified } from './snapshot-model.js';

const IDENT = '"((?:[^"]|"")+)"';
const TABLE = `(?:${IDENT}\\.)?${IDENT}`;
const RENAME_COLUMN = new RegExp(
  `ALTER TABLE\\s+(?:ONLY\\s+)?${TABLE}\\s+RENAME\\s+COLUMN\\s+${IDENT}\\s+TO\\s+${IDENT}`,
  'gi',
);
const RENAME_TABLE = new RegExp(`ALTER TABLE\\s+(?:ONLY\\s+)?${TABLE}\\s+RENAME\\s+TO\\s+${IDENT}`, 'gi');

const unquote = (s: string | undefined) => s?.replace(/""/g, '"');

export function renamesInSql(sqlTexts: readonly string[]): Renames {
  const renames: Renames = { tables: [], columns: [] };
  const tableRenames = new Map<string, string>();
  for (const sql of sqlTexts) {
    for (const m of sql.matchAll(RENAME_TABLE)) {
      const schema = unquote(m[1]);
      const from = qualified(schema, unquote(m[2])!);
      const to = qualified(schema, unquote(m[3])!);
      renames.tables.push([from, to]);
      tableRenames.set(from, to);
    }
    for (const m of sql.matchAll(RENAME_COLUMN)) {
      const table = qualified(unquote(m[1]), unquote(m[2])!);
      renames.columns.push([tableRenames.get(table) ?? table, unquote(m[3])!, unquote(m[4])!]);
    }
  }
  return renames;
}
