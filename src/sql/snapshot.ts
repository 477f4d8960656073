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

/** The balanced `{...}` starting at `start` (which must be `{`), skipping braces inside strings. */
function objectAt(text: string, start: number): string | undefined {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */) depth++;
    else if (c === 125 /* } */ && --depth === 0) return text.slice(start, i + 1);
  }
  return undefined;
}

export function tableFromText(text: string, key: string): SnapshotTable | null | undefined {
  const needle = JSON.stringify(key);
  let at = text.indexOf(needle);
  while (at !== -1) {
    let i = at + needle.length;
    while (/\s/.test(text[i] ?? '')) i++;
    if (text[i] === ':') {
      i++;
      while (/\s/.test(text[i] ?? '')) i++;
      if (text[i] === '{') {
        const object = objectAt(text, i);
        if (!object) return undefined;
        try {
          const table = JSON.parse(object) as SnapshotTable;
          return table && typeof table === 'object' && 'columns' in table ? table : undefined;
        } catch {
          return undefined;
        }
      }
    }
    at = text.indexOf(needle, at + 1);
  }
  // Not found: the table is not in this snapshot (or the text is not what we expect).
  return text.includes('"tables"') ? null : undefined;
}

/** Reads one table of a snapshot file; null when the snapshot has no such table. */
export class SnapshotTables {
  private readonly texts = new Map<string, Promise<string | undefined>>();
  constructor(private readonly set: MigrationSet) {}

  async table(file: string, key: string): Promise<SnapshotTable | null> {
    let text = this.texts.get(file);
    if (!text) this.texts.set(file, (text = this.set.tree.read(file)));
    const found = tableFromText((await text) ?? '', key);
    if (found !== undefined) return found;
    const snapshot: Snapshot | undefined = await this.set.readSnapshot(file);
    const tables = snapshot?.tables as Record<string, SnapshotTable> | undefined;
    return tables?.[key] ?? null;
  }
}
