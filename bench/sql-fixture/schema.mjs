// The schema the SQL fixture evolves: its state, the new tables, and the drizzle-kit snapshot of it.
import { COLS, prng, TYPES, WORDS } from './vocabulary.mjs';

/** The state of one seeded run: the random source, the tables and enums so far, the name counters. */
export function newSchema(seed) {
  const rnd = prng(seed);
  return {
    rnd,
    pick: (list) => list[Math.floor(rnd() * list.length)],
    tables: [], // { name, columns: Map<name, {type, notNull, default}>, indexes: [] }
    enums: [], // { name, values }
    tableSeq: 0,
    colSeq: 0,
  };
}

const colDef = (name, c) =>
  `"${name}" ${c.type}${c.default ? ` DEFAULT ${c.default}` : ''}${c.notNull ? ' NOT NULL' : ''}`;

/** A new table, with a foreign key and its index to an existing one more often than not. */
export function createTable(g, stmts) {
  const { rnd, pick, tables } = g;
  const name = `${pick(WORDS)}_${g.tableSeq++}`;
  const columns = new Map();
  const identity = rnd() < 0.6;
  columns.set('id', identity ? { type: 'integer', notNull: true, identity: true } : { type: 'serial', notNull: true });
  const n = 2 + Math.floor(rnd() * 5);
  for (let i = 0; i < n; i++) {
    const [type, def] = pick(TYPES);
    columns.set(`${pick(COLS)}_${g.colSeq++}`, {
      type,
      notNull: def !== null && rnd() < 0.7,
      default: def && rnd() < 0.8 ? def : null,
    });
  }
  columns.set('created_at', {
    type: rnd() < 0.5 ? 'timestamp' : 'timestamp with time zone',
    notNull: true,
    default: 'now()',
  });
  const parent = tables.length && rnd() < 0.6 ? pick(tables) : null;
  if (parent) columns.set(`${parent.name}_id`, { type: 'integer', notNull: true });
  const lines = [...columns].map(([c, d]) =>
    c === 'id' && d.identity
      ? `\t"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "${name}_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1)`
      : c === 'id'
        ? '\t"id" serial PRIMARY KEY NOT NULL'
        : `\t${colDef(c, d)}`,
  );
  stmts.push(`CREATE TABLE "${name}" (\n${lines.join(',\n')}\n);\n`);
  const table = { name, columns, indexes: [] };
  if (parent) {
    stmts.push(
      `ALTER TABLE "${name}" ADD CONSTRAINT "${name}_${parent.name}_id_${parent.name}_id_fk" FOREIGN KEY ("${parent.name}_id") REFERENCES "public"."${parent.name}"("id") ON DELETE cascade ON UPDATE no action;`,
    );
    const idx = `${name}_${parent.name}_idx`;
    stmts.push(`CREATE INDEX "${idx}" ON "${name}" USING btree ("${parent.name}_id");`);
    table.indexes.push(idx);
  }
  tables.push(table);
}

export const existing = (g) => (g.tables.length ? g.pick(g.tables) : null);

/** The tables and enums as meta/NNNN_snapshot.json records them. */
export function snapshotOf(tables, enums) {
  const out = {};
  for (const t of tables) {
    const columns = {};
    for (const [name, d] of t.columns) {
      columns[name] = {
        name,
        type: d.type,
        primaryKey: name === 'id',
        notNull: !!d.notNull,
        ...(d.default ? { default: d.default } : {}),
      };
    }
    out[`public.${t.name}`] = {
      name: t.name,
      schema: '',
      columns,
      indexes: {},
      foreignKeys: {},
      compositePrimaryKeys: {},
      uniqueConstraints: {},
      policies: {},
      checkConstraints: {},
      isRLSEnabled: false,
    };
  }
  const en = {};
  for (const e of enums) en[`public.${e.name}`] = { name: e.name, schema: 'public', values: [...e.values] };
  return { tables: out, enums: en };
}
