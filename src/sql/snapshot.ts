/**
 * One table of a drizzle snapshot, without parsing the whole file. Snapshots (v7) hold the whole
 * schema, pretty-printed, and grow with it: 100-300 KB each in a large project, so the rules that
 * want one column's type from the previous snapshot would otherwise parse megabytes per run.
 *
 *   { "id": ..., "tables": { "public.users": { "name": "users", "schema": "", "columns": {
 *       "email": { "name": "email", "type": "varchar(255)", "notNull": true } }, ...
 *       "checkConstraints": { "bio_nn": { "name": "bio_nn", "value": "\"users\".\"bio\" IS NOT NULL" } } } } }
 *
 * The key `"<schema>.<table>"` followed by `:` and `{` occurs once (enum, sequence and view keys
 * cannot share a table's name in Postgres), so the object after it is cut out by matching braces
 * outside strings and parsed alone. Anything unexpected falls back to parsing the whole file.
 */
import type { MigrationSet, Snapshot } from '../project/migrations.js';

export interface SnapshotColumn {
  name?: string;
  type?: string;
  notNull?: boolean;
}

export interface SnapshotTable {
  name?: string;
  columns?: Record<string, SnapshotColumn>;
  checkConstraints?: Record<string, { name?: string; value?: string }>;
}

/**
 * The end (exclusive) of the balanced `{...}` starting at byte `start` (which must be `{`),
 * skipping braces inside strings. Works on UTF-8 bytes: multi-byte characters never contain the
 * ASCII bytes it looks for.
 */
function objectEnd(bytes: Buffer, start: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = start; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */) depth++;
    else if (c === 125 /* } */ && --depth === 0) return i + 1;
  }
  return undefined;
}

const isSpace = (c: number | undefined) => c === 32 || c === 10 || c === 13 || c === 9;

/**
 * The table `key` of a snapshot's bytes: the object after `"<key>":`, parsed alone. Searching
 * the bytes spares decoding the whole file into a string. null: no such table; undefined: the
 * file is not what was expected (the caller then parses it whole).
 */
export function tableFromBytes(bytes: Buffer, key: string): SnapshotTable | null | undefined {
  const needle = Buffer.from(JSON.stringify(key), 'utf8');
  let at = bytes.indexOf(needle);
  while (at !== -1) {
    let i = at + needle.length;
    while (isSpace(bytes[i])) i++;
    if (bytes[i] === 58 /* : */) {
      i++;
      while (isSpace(bytes[i])) i++;
      if (bytes[i] === 123 /* { */) {
        const end = objectEnd(bytes, i);
        if (end === undefined) return undefined;
        try {
          const table = JSON.parse(bytes.toString('utf8', i, end)) as SnapshotTable;
          return table && typeof table === 'object' && 'columns' in table ? table : undefined;
        } catch {
          return undefined;
        }
      }
    }
    at = bytes.indexOf(needle, at + 1);
  }
  // Not found: the table is not in this snapshot (or the file is not what we expect).
  return bytes.includes('"tables"') ? null : undefined;
}

/** Reads one table of a snapshot file; null when the snapshot has no such table. */
export class SnapshotTables {
  private readonly files = new Map<string, Promise<Buffer | undefined>>();
  constructor(private readonly set: MigrationSet) {}

  async table(file: string, key: string): Promise<SnapshotTable | null> {
    let bytes = this.files.get(file);
    if (!bytes) this.files.set(file, (bytes = this.set.tree.readBuffer(file)));
    const found = tableFromBytes((await bytes) ?? Buffer.alloc(0), key);
    if (found !== undefined) return found;
    const snapshot: Snapshot | undefined = await this.set.readSnapshot(file);
    const tables = snapshot?.tables as Record<string, SnapshotTable> | undefined;
    return tables?.[key] ?? null;
  }
}
