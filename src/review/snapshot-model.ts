/**
 * Reads a drizzle-kit snapshot (both layouts) into one small model that the diff compares: every
 * object reduced to a name and a short SQL-ish description, so that "did it change" is a string
 * comparison and the description is what the reviewer reads.
 *
 * 0.x (snapshot version 7, `meta/NNNN_snapshot.json`):
 *   { tables: { "public.users": { name, schema, columns: { email: { name, type, primaryKey, notNull,
 *     default?, isUnique?, identity?, generated? } }, indexes, foreignKeys, compositePrimaryKeys,
 *     uniqueConstraints, checkConstraints, policies, isRLSEnabled } },
 *     enums: { "public.mood": { name, schema, values } }, schemas, sequences, views, roles, policies }
 * 1.0 (snapshot version 8, `<folder>/snapshot.json`): a flat list
 *   { ddl: [ { entityType: "tables" | "columns" | "indexes" | "fks" | "pks" | "uniques" | "checks" |
 *     "enums" | "sequences" | "views" | "schemas" | "policies" | "roles", schema?, table?, name, ... } ] }
 *
 * Nothing here throws on unexpected content: unknown shapes read as "no objects".
 */
import {
  cols,
  describeFk,
  describeIndex,
  describePolicy,
  describeSequence,
  identityText,
  isObject,
  list,
  qualified,
  records,
  str,
  typeOf,
  type Json,
} from './snapshot-text.js';

export { qualified } from './snapshot-text.js';

export interface ColumnModel {
  name: string;
  type: string;
  notNull: boolean;
  primaryKey: boolean;
  default?: string;
  identity?: string;
  generated?: string;
  unique?: boolean;
}

export interface TableModel {
  /** `users`, or `audit.events` outside the public schema. */
  name: string;
  columns: Map<string, ColumnModel>;
  /** Constraint and index name → description, per kind. */
  objects: Record<'primary key' | 'unique' | 'foreign key' | 'check' | 'index' | 'policy', Map<string, string>>;
  rls: boolean;
}

export interface SchemaModel {
  schemas: Set<string>;
  enums: Map<string, string[]>;
  sequences: Map<string, string>;
  tables: Map<string, TableModel>;
  views: Map<string, string>;
  roles: Map<string, string>;
}

export function emptyModel(): SchemaModel {
  return {
    schemas: new Set(),
    enums: new Map(),
    sequences: new Map(),
    tables: new Map(),
    views: new Map(),
    roles: new Map(),
  };
}

function emptyTable(name: string): TableModel {
  return {
    name,
    columns: new Map(),
    objects: {
      'primary key': new Map(),
      unique: new Map(),
      'foreign key': new Map(),
      check: new Map(),
      index: new Map(),
      policy: new Map(),
    },
    rls: false,
  };
}

/** `text NOT NULL DEFAULT now()`: one column as a reviewer reads it. */
export function describeColumn(c: ColumnModel): string {
  const parts = [c.type];
  if (c.primaryKey) parts.push('PRIMARY KEY');
  else if (c.notNull) parts.push('NOT NULL');
  if (c.unique) parts.push('UNIQUE');
  if (c.default !== undefined) parts.push(`DEFAULT ${c.default}`);
  if (c.identity) parts.push(c.identity);
  if (c.generated) parts.push(c.generated);
  return parts.join(' ');
}

/** 0.x: snapshot version 5-7 with `tables` keyed by `schema.name`. */
function fromJournalSnapshot(snapshot: Json): SchemaModel {
  const model = emptyModel();
  for (const name of Object.keys(isObject(snapshot.schemas) ? snapshot.schemas : {})) model.schemas.add(name);
  for (const e of records(snapshot.enums)) model.enums.set(qualified(e.schema, str(e.name) ?? '?'), list(e.values));
  for (const s of records(snapshot.sequences)) {
    model.sequences.set(qualified(s.schema, str(s.name) ?? '?'), describeSequence(s));
  }
  for (const v of records(snapshot.views)) {
    model.views.set(
      qualified(v.schema, str(v.name) ?? '?'),
      `${v.materialized === true ? 'MATERIALIZED ' : ''}${str(v.definition) ?? '(existing)'}`,
    );
  }
  for (const r of records(snapshot.roles)) model.roles.set(str(r.name) ?? '?', '');
  for (const t of records(snapshot.tables)) {
    const table = emptyTable(qualified(t.schema, str(t.name) ?? '?'));
    for (const c of records(t.columns)) {
      const identity = isObject(c.identity) ? identityText(c.identity.type) : undefined;
      const generated = isObject(c.generated) ? `GENERATED ALWAYS AS (${str(c.generated.as)}) STORED` : undefined;
      const def = str(c.default);
      table.columns.set(str(c.name) ?? '?', {
        name: str(c.name) ?? '?',
        type: typeOf(c.type, c.typeSchema),
        notNull: c.notNull === true,
        primaryKey: c.primaryKey === true,
        ...(def !== undefined ? { default: def } : {}),
        ...(identity ? { identity } : {}),
        ...(generated ? { generated } : {}),
        ...(c.isUnique === true ? { unique: true } : {}),
      });
    }
    for (const i of records(t.indexes)) {
      const columns = Array.isArray(i.columns)
        ? i.columns.map((x) => (isObject(x) ? (str(x.expression) ?? '?') : (str(x) ?? '?')))
        : [];
      table.objects.index.set(str(i.name) ?? '?', describeIndex(i.isUnique, i.method, columns, i.where));
    }
    for (const f of records(t.foreignKeys)) {
      table.objects['foreign key'].set(
        str(f.name) ?? '?',
        describeFk(list(f.columnsFrom), f.schemaTo, str(f.tableTo) ?? '?', list(f.columnsTo), f.onDelete, f.onUpdate),
      );
    }
    for (const p of records(t.compositePrimaryKeys)) {
      table.objects['primary key'].set(str(p.name) ?? '?', cols(list(p.columns)));
    }
    for (const u of records(t.uniqueConstraints)) {
      table.objects.unique.set(
        str(u.name) ?? '?',
        `${cols(list(u.columns))}${u.nullsNotDistinct === true ? ' NULLS NOT DISTINCT' : ''}`,
      );
    }
    for (const c of records(t.checkConstraints)) table.objects.check.set(str(c.name) ?? '?', str(c.value) ?? '');
    for (const p of records(t.policies)) table.objects.policy.set(str(p.name) ?? '?', describePolicy(p));
    table.rls = t.isRLSEnabled === true;
    model.tables.set(table.name, table);
  }
  // Policies declared apart from their table (`pgPolicy(...).link(table)`) live at the top level.
  for (const p of records(snapshot.policies)) {
    const on = str(p.on);
    const table = on ? model.tables.get(on.replace(/^public\./, '').replace(/"/g, '')) : undefined;
    table?.objects.policy.set(str(p.name) ?? '?', describePolicy(p));
  }
  return model;
}

/** 1.0: `ddl` is a flat list of entities tagged with `entityType`. */
function fromDdlSnapshot(ddl: unknown[]): SchemaModel {
  const model = emptyModel();
  const entities = ddl.filter(isObject);
  const tableOf = (e: Json) => {
    const name = qualified(e.schema, str(e.table) ?? '?');
    let table = model.tables.get(name);
    if (!table) {
      table = emptyTable(name);
      model.tables.set(name, table);
    }
    return table;
  };
  for (const e of entities.filter((x) => x.entityType === 'tables')) {
    tableOf({ schema: e.schema, table: e.name }).rls = e.isRlsEnabled === true;
  }
  for (const e of entities) {
    const name = str(e.name) ?? '?';
    switch (e.entityType) {
      case 'schemas':
        model.schemas.add(name);
        break;
      case 'enums':
        model.enums.set(qualified(e.schema, name), list(e.values));
        break;
      case 'sequences':
        model.sequences.set(qualified(e.schema, name), describeSequence(e));
        break;
      case 'views':
        model.views.set(
          qualified(e.schema, name),
          `${e.materialized === true ? 'MATERIALIZED ' : ''}${str(e.definition) ?? '(existing)'}`,
        );
        break;
      case 'roles':
        model.roles.set(name, '');
        break;
      case 'columns': {
        // rc.3 writes the default as SQL text; later builds as { value, type }.
        const def = isObject(e.default) ? str(e.default.value) : str(e.default);
        const identity = isObject(e.identity) ? identityText(e.identity.type) : undefined;
        const generated = isObject(e.generated)
          ? `GENERATED ALWAYS AS (${str(e.generated.as)}) ${String(e.generated.type ?? 'stored').toUpperCase()}`
          : undefined;
        tableOf(e).columns.set(name, {
          name,
          type: typeOf(e.type, e.typeSchema, typeof e.dimensions === 'number' ? e.dimensions : 0),
          notNull: e.notNull === true,
          primaryKey: false,
          ...(def !== undefined ? { default: def } : {}),
          ...(identity ? { identity } : {}),
          ...(generated ? { generated } : {}),
        });
        break;
      }
      case 'indexes': {
        const columns = Array.isArray(e.columns)
          ? e.columns.map((c) => (isObject(c) ? (str(c.value) ?? '?') : '?'))
          : [];
        tableOf(e).objects.index.set(name, describeIndex(e.isUnique, e.method, columns, e.where));
        break;
      }
      case 'fks':
        tableOf(e).objects['foreign key'].set(
          name,
          describeFk(list(e.columns), e.schemaTo, str(e.tableTo) ?? '?', list(e.columnsTo), e.onDelete, e.onUpdate),
        );
        break;
      case 'pks':
        tableOf(e).objects['primary key'].set(name, cols(list(e.columns)));
        break;
      case 'uniques':
        tableOf(e).objects.unique.set(
          name,
          `${cols(list(e.columns))}${e.nullsNotDistinct === true ? ' NULLS NOT DISTINCT' : ''}`,
        );
        break;
      case 'checks':
        tableOf(e).objects.check.set(name, str(e.value) ?? '');
        break;
      case 'policies':
        tableOf(e).objects.policy.set(name, describePolicy(e));
        break;
      default:
        break;
    }
  }
  return model;
}

/** Any snapshot drizzle-kit writes (or undefined: no snapshot yet) → the model. */
export function toModel(snapshot: unknown): SchemaModel {
  if (!isObject(snapshot)) return emptyModel();
  if (Array.isArray(snapshot.ddl)) return fromDdlSnapshot(snapshot.ddl);
  return fromJournalSnapshot(snapshot);
}
