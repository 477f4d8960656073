/**
 * What a change does to the database, computed from two drizzle-kit snapshots (the latest at the
 * base and the latest at the target): tables, columns, constraints, indexes, enums ... added,
 * altered, renamed or dropped, with the old and the new definition. Pure: snapshots in, a sorted
 * list out; the order is stable (kind, table, name), never the order of JSON keys.
 *
 * A snapshot cannot tell a rename from a drop plus an add: drizzle-kit asks the developer and
 * writes `RENAME` into the SQL. The caller passes those renames (see `renames.ts`) so a renamed
 * column does not read as a dropped one.
 */
import { OBJECT_KINDS, type ObjectKind, type SchemaChange } from './types.js';
import { describeColumn, toModel, type ColumnModel, type SchemaModel, type TableModel } from './snapshot-model.js';

export interface Renames {
  /** [old, new] qualified table names (`users`, `audit.events`). */
  tables: Array<[string, string]>;
  /** [table (new name), old column, new column]. */
  columns: Array<[string, string, string]>;
}

export const NO_RENAMES: Renames = { tables: [], columns: [] };

/** Both sides of a map: what only the first has, what only the second has, what both have. */
function split<K, V>(before: Map<K, V>, after: Map<K, V>): { dropped: K[]; added: K[]; kept: K[] } {
  return {
    dropped: [...before.keys()].filter((k) => !after.has(k)),
    added: [...after.keys()].filter((k) => !before.has(k)),
    kept: [...after.keys()].filter((k) => before.has(k)),
  };
}

function columnAspects(a: ColumnModel, b: ColumnModel): string[] {
  const aspects: string[] = [];
  if (a.type !== b.type) aspects.push('type');
  if (a.notNull !== b.notNull) aspects.push(b.notNull ? 'NOT NULL set' : 'NOT NULL dropped');
  if (a.default !== b.default) {
    aspects.push(b.default === undefined ? 'default dropped' : a.default === undefined ? 'default set' : 'default');
  }
  if (a.primaryKey !== b.primaryKey) aspects.push(b.primaryKey ? 'primary key set' : 'primary key dropped');
  if (a.unique !== b.unique) aspects.push(b.unique ? 'UNIQUE set' : 'UNIQUE dropped');
  if (a.identity !== b.identity) aspects.push('identity');
  if (a.generated !== b.generated) aspects.push('generated expression');
  return aspects;
}

type TableObjectKind = keyof TableModel['objects'];
const TABLE_OBJECTS: TableObjectKind[] = ['primary key', 'unique', 'foreign key', 'check', 'index', 'policy'];

function diffNamed(
  kind: ObjectKind,
  before: Map<string, string>,
  after: Map<string, string>,
  table?: string,
): SchemaChange[] {
  const out: SchemaChange[] = [];
  const at = table !== undefined ? { table } : {};
  const { dropped, added, kept } = split(before, after);
  for (const name of dropped) {
    out.push({ kind, action: 'dropped', ...at, name, ...(before.get(name) ? { before: before.get(name)! } : {}) });
  }
  for (const name of added) {
    out.push({ kind, action: 'added', ...at, name, ...(after.get(name) ? { after: after.get(name)! } : {}) });
  }
  for (const name of kept) {
    if (before.get(name) !== after.get(name)) {
      out.push({ kind, action: 'altered', ...at, name, before: before.get(name)!, after: after.get(name)! });
    }
  }
  return out;
}

function diffColumns(table: string, before: TableModel, after: TableModel, renames: Renames): SchemaChange[] {
  const out: SchemaChange[] = [];
  const renamedTo = new Map<string, string>();
  for (const [t, from, to] of renames.columns) {
    if (
      t === table &&
      before.columns.has(from) &&
      !after.columns.has(from) &&
      after.columns.has(to) &&
      !before.columns.has(to)
    ) {
      renamedTo.set(from, to);
    }
  }
  const renamedFrom = new Set(renamedTo.values());
  const { dropped, added, kept } = split(before.columns, after.columns);
  for (const name of dropped) {
    const to = renamedTo.get(name);
    const old = before.columns.get(name)!;
    if (to === undefined) {
      out.push({ kind: 'column', action: 'dropped', table, name, before: describeColumn(old) });
      continue;
    }
    const now = after.columns.get(to)!;
    const aspects = columnAspects(old, now);
    out.push({
      kind: 'column',
      action: 'renamed',
      table,
      name: to,
      before: `${name} ${describeColumn(old)}`,
      after: `${to} ${describeColumn(now)}`,
      details: [`renamed from ${name}`, ...aspects],
    });
  }
  for (const name of added) {
    if (renamedFrom.has(name)) continue;
    out.push({ kind: 'column', action: 'added', table, name, after: describeColumn(after.columns.get(name)!) });
  }
  for (const name of kept) {
    const a = before.columns.get(name)!;
    const b = after.columns.get(name)!;
    const aspects = columnAspects(a, b);
    if (aspects.length) {
      out.push({
        kind: 'column',
        action: 'altered',
        table,
        name,
        before: describeColumn(a),
        after: describeColumn(b),
        details: aspects,
      });
    }
  }
  return out;
}

function diffTable(name: string, before: TableModel, after: TableModel, renames: Renames): SchemaChange[] {
  const out = diffColumns(name, before, after, renames);
  for (const kind of TABLE_OBJECTS) out.push(...diffNamed(kind, before.objects[kind], after.objects[kind], name));
  if (before.rls !== after.rls) {
    out.push({
      kind: 'table',
      action: 'altered',
      name,
      before: before.rls ? 'row level security on' : 'row level security off',
      after: after.rls ? 'row level security on' : 'row level security off',
      details: [after.rls ? 'row level security enabled' : 'row level security disabled'],
    });
  }
  return out;
}

/** A new table's own objects (constraints, indexes) matter to a reviewer as much as its columns. */
function tableObjects(name: string, table: TableModel, action: 'added' | 'dropped'): SchemaChange[] {
  const out: SchemaChange[] = [];
  const empty = new Map<string, string>();
  for (const kind of TABLE_OBJECTS) {
    if (kind === 'primary key' && action === 'dropped') continue;
    const changes =
      action === 'added'
        ? diffNamed(kind, empty, table.objects[kind], name)
        : diffNamed(kind, table.objects[kind], empty, name);
    // Dropping a table drops its constraints and indexes: only foreign keys pointing elsewhere are news.
    out.push(...changes.filter((c) => action === 'added' || c.kind === 'foreign key'));
  }
  return out;
}

function columnsOf(table: TableModel): string[] {
  return [...table.columns.values()].map((c) => `${c.name} ${describeColumn(c)}`);
}

function diffTables(before: SchemaModel, after: SchemaModel, renames: Renames): SchemaChange[] {
  const out: SchemaChange[] = [];
  const renamedTo = new Map<string, string>();
  for (const [from, to] of renames.tables) {
    if (before.tables.has(from) && !after.tables.has(from) && after.tables.has(to) && !before.tables.has(to)) {
      renamedTo.set(from, to);
    }
  }
  const renamedFrom = new Set(renamedTo.values());
  const { dropped, added, kept } = split(before.tables, after.tables);
  for (const name of dropped) {
    const table = before.tables.get(name)!;
    const to = renamedTo.get(name);
    if (to !== undefined) {
      out.push({
        kind: 'table',
        action: 'renamed',
        name: to,
        before: name,
        after: to,
        details: [`renamed from ${name}`],
      });
      // Column renames inside a renamed table are recorded against its new name.
      out.push(...diffTable(to, { ...table, name: to }, after.tables.get(to)!, renames));
      continue;
    }
    const count = table.columns.size;
    out.push({
      kind: 'table',
      action: 'dropped',
      name,
      before: `${count} column${count === 1 ? '' : 's'}`,
      details: columnsOf(table),
    });
    out.push(...tableObjects(name, table, 'dropped'));
  }
  for (const name of added) {
    if (renamedFrom.has(name)) continue;
    const table = after.tables.get(name)!;
    const count = table.columns.size;
    out.push({
      kind: 'table',
      action: 'added',
      name,
      after: `${count} column${count === 1 ? '' : 's'}`,
      details: columnsOf(table),
    });
    out.push(...tableObjects(name, table, 'added'));
  }
  for (const name of kept) out.push(...diffTable(name, before.tables.get(name)!, after.tables.get(name)!, renames));
  return out;
}

function diffEnums(before: SchemaModel, after: SchemaModel): SchemaChange[] {
  const out: SchemaChange[] = [];
  const { dropped, added, kept } = split(before.enums, after.enums);
  const values = (v: string[]) => v.map((x) => `'${x}'`).join(', ');
  for (const name of dropped) {
    out.push({ kind: 'enum', action: 'dropped', name, before: values(before.enums.get(name)!) });
  }
  for (const name of added) out.push({ kind: 'enum', action: 'added', name, after: values(after.enums.get(name)!) });
  for (const name of kept) {
    const a = before.enums.get(name)!;
    const b = after.enums.get(name)!;
    if (a.join('\u0000') === b.join('\u0000')) continue;
    const details = [
      ...b.filter((v) => !a.includes(v)).map((v) => `value '${v}' added`),
      ...a.filter((v) => !b.includes(v)).map((v) => `value '${v}' removed`),
    ];
    if (!details.length) details.push('values reordered');
    out.push({ kind: 'enum', action: 'altered', name, before: values(a), after: values(b), details });
  }
  return out;
}

const KIND_RANK = new Map<ObjectKind, number>(OBJECT_KINDS.map((k, i) => [k, i]));
const ACTION_RANK = { dropped: 0, renamed: 1, altered: 2, added: 3 } as const;
/** Everything that belongs to a table sorts with its table. */
const groupRank = (c: SchemaChange) =>
  c.kind === 'view' ? 2 : c.kind === 'role' ? 3 : c.table !== undefined || c.kind === 'table' ? 1 : 0;
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Stable order: standalone types first, then each table with its columns and constraints. */
export function sortChanges(changes: SchemaChange[]): SchemaChange[] {
  return changes.sort(
    (a, b) =>
      groupRank(a) - groupRank(b) ||
      compare(a.table ?? a.name, b.table ?? b.name) ||
      KIND_RANK.get(a.kind)! - KIND_RANK.get(b.kind)! ||
      compare(a.name, b.name) ||
      ACTION_RANK[a.action] - ACTION_RANK[b.action],
  );
}

/** The changes from `before` to `after` (either may be undefined: no snapshot on that side). */
export function diffSnapshots(before: unknown, after: unknown, renames: Renames = NO_RENAMES): SchemaChange[] {
  const a = toModel(before);
  const b = toModel(after);
  const schemas = diffNamed(
    'schema',
    new Map([...a.schemas].map((s) => [s, ''])),
    new Map([...b.schemas].map((s) => [s, ''])),
  );
  return sortChanges([
    ...schemas,
    ...diffEnums(a, b),
    ...diffNamed('sequence', a.sequences, b.sequences),
    ...diffTables(a, b, renames),
    ...diffNamed('view', a.views, b.views),
    ...diffNamed('role', a.roles, b.roles),
  ]);
}
