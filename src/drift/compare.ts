/**
 * Deciding "same schema" before asking drizzle-kit for SQL. Equal canonical JSON means
 * `generate` would write nothing; different JSON is only a candidate, and drizzle-kit's own diff
 * has the last word (no SQL statement means no drift).
 *
 * 0.31 snapshot: { id, prevId, version, dialect, tables, enums, schemas, sequences, roles,
 *   policies, views, _meta: { schemas, tables, columns } }. `id`/`prevId` are new on every
 *   generate and `_meta` records the renames the last migration made: none describe the schema.
 * 1.0 state (`reconstruct` / `generateDrizzleJson`): { version, dialect, id, prevIds, ddl: [row] }
 *   where `ddl` is a list of entity rows whose order carries no meaning.
 */

/** JSON with object keys sorted, so that key order never counts as a difference. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function sameLegacySnapshot(prev: Record<string, unknown>, cur: Record<string, unknown>): boolean {
  const strip = ({ id: _i, prevId: _p, _meta: _m, ...rest }: Record<string, unknown>) => rest;
  return canonical(strip(prev)) === canonical(strip(cur));
}

export function sameDdl(prev: { ddl?: unknown[] }, cur: { ddl?: unknown[] }): boolean {
  const rows = (s: { ddl?: unknown[] }) => (s.ddl ?? []).map(canonical).sort().join('\n');
  return rows(prev) === rows(cur);
}

type Named = Record<string, Record<string, unknown>>;

function addedAndRemoved(prev: Named | undefined, cur: Named | undefined): { added: string[]; removed: string[] } {
  const before = Object.keys(prev ?? {});
  const after = Object.keys(cur ?? {});
  return { added: after.filter((k) => !before.includes(k)), removed: before.filter((k) => !after.includes(k)) };
}

/**
 * The questions drizzle-kit 0.31's `generate` would ask: wherever something of a kind disappears
 * while another of the same kind appears (a table, or a column of one table), it asks whether it
 * is a rename. Worded for the finding, e.g. `column users.name removed and users.full_name added`.
 */
export function legacyRenameQuestions(prev: Record<string, unknown>, cur: Record<string, unknown>): string[] {
  const questions: string[] = [];
  const kinds: Array<[string, string]> = [
    ['schemas', 'schema'],
    ['enums', 'enum'],
    ['sequences', 'sequence'],
    ['roles', 'role'],
    ['views', 'view'],
    ['tables', 'table'],
  ];
  for (const [field, label] of kinds) {
    const { added, removed } = addedAndRemoved(prev[field] as Named, cur[field] as Named);
    if (added.length && removed.length) {
      questions.push(`${label} ${removed.join(', ')} removed and ${added.join(', ')} added`);
    }
  }
  const prevTables = (prev.tables ?? {}) as Named;
  const curTables = (cur.tables ?? {}) as Named;
  for (const [key, table] of Object.entries(curTables)) {
    const before = prevTables[key];
    if (!before) continue;
    const { added, removed } = addedAndRemoved(before.columns as Named, table.columns as Named);
    const name = String(table.schema ? `${table.schema}.${table.name}` : table.name);
    if (added.length && removed.length) {
      questions.push(
        `column ${removed.map((c) => `${name}.${c}`).join(', ')} removed and ${added.map((c) => `${name}.${c}`).join(', ')} added`,
      );
    }
  }
  return questions;
}
