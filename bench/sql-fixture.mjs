// A drizzle project of N migrations for the SQL benchmark, written programmatically in the exact
// shape drizzle-kit 0.31 writes (statement text, `--> statement-breakpoint`, meta/_journal.json,
// meta/NNNN_snapshot.json with tables/columns/types), since generating 500 with drizzle-kit takes
// many minutes. A seeded generator evolves one schema: mostly safe changes (new tables with their
// foreign keys and indexes, nullable columns, constant defaults), and the risky ones teams really
// ship (NOT NULL without default, indexes and foreign keys on existing tables, type changes,
// drops, renames, enum values, hand-written data migrations). Cached in os.tmpdir() by version.
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { git, tempRepo } from './lib.mjs';

const VERSION = 4;

function prng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  'account',
  'invoice',
  'order',
  'product',
  'customer',
  'payment',
  'shipment',
  'review',
  'coupon',
  'team',
  'project',
  'task',
  'comment',
  'event',
  'session',
  'device',
  'address',
  'subscription',
  'plan',
  'webhook',
];
const COLS = [
  'name',
  'title',
  'status_note',
  'description',
  'amount',
  'currency',
  'external_ref',
  'notes',
  'score',
  'priority',
  'label',
  'country',
  'city',
  'email',
  'phone',
  'url',
  'metadata',
  'archived',
  'color',
  'position',
];
const TYPES = [
  ['text', null],
  ['varchar(255)', null],
  ['integer', null],
  ['boolean', 'false'],
  ['timestamp', 'now()'],
  ['timestamp with time zone', 'now()'],
  ['jsonb', "'{}'::jsonb"],
  ['numeric(12, 2)', '0'],
];

export function generateMigrations(count, seed = 42) {
  const rnd = prng(seed);
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  const tables = []; // { name, columns: Map<name, {type, notNull, default}>, indexes: [] }
  const enums = []; // { name, values }
  const migrations = [];
  let tableSeq = 0;
  let colSeq = 0;

  const colDef = (name, c) =>
    `"${name}" ${c.type}${c.default ? ` DEFAULT ${c.default}` : ''}${c.notNull ? ' NOT NULL' : ''}`;

  function createTable(stmts) {
    const name = `${pick(WORDS)}_${tableSeq++}`;
    const columns = new Map();
    const identity = rnd() < 0.6;
    columns.set(
      'id',
      identity ? { type: 'integer', notNull: true, identity: true } : { type: 'serial', notNull: true },
    );
    const n = 2 + Math.floor(rnd() * 5);
    for (let i = 0; i < n; i++) {
      const [type, def] = pick(TYPES);
      columns.set(`${pick(COLS)}_${colSeq++}`, {
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

  const existing = () => (tables.length ? pick(tables) : null);

  const ops = [
    [22, (s) => createTable(s)],
    [
      20,
      (s, t) => {
        const c = `${pick(COLS)}_${colSeq++}`;
        t.columns.set(c, { type: 'text' });
        s.push(`ALTER TABLE "${t.name}" ADD COLUMN "${c}" text;`);
      },
    ],
    [
      8,
      (s, t) => {
        const c = `${pick(COLS)}_${colSeq++}`;
        t.columns.set(c, { type: 'boolean', notNull: true, default: 'false' });
        s.push(`ALTER TABLE "${t.name}" ADD COLUMN "${c}" boolean DEFAULT false NOT NULL;`);
      },
    ],
    [
      3,
      (s, t) => {
        const c = `${pick(COLS)}_${colSeq++}`;
        t.columns.set(c, { type: 'integer', notNull: true });
        s.push(`ALTER TABLE "${t.name}" ADD COLUMN "${c}" integer NOT NULL;`);
      },
    ],
    [
      2,
      (s, t) => {
        const c = `token_${colSeq++}`;
        t.columns.set(c, { type: 'uuid', notNull: true, default: 'gen_random_uuid()' });
        s.push(`ALTER TABLE "${t.name}" ADD COLUMN "${c}" uuid DEFAULT gen_random_uuid() NOT NULL;`);
      },
    ],
    [
      8,
      (s, t) => {
        const c = pick([...t.columns.keys()]);
        const idx = `${t.name}_${c}_idx`;
        if (t.indexes.includes(idx)) return;
        t.indexes.push(idx);
        s.push(`CREATE INDEX "${idx}" ON "${t.name}" USING btree ("${c}");`);
      },
    ],
    [
      3,
      (s, t) => {
        const idx = t.indexes.pop();
        if (idx) s.push(`DROP INDEX "${idx}";`);
      },
    ],
    [
      4,
      (s, t) => {
        const other = existing();
        if (!other || other === t) return;
        const c = `${other.name}_ref_${colSeq++}`;
        t.columns.set(c, { type: 'integer' });
        s.push(`ALTER TABLE "${t.name}" ADD COLUMN "${c}" integer;`);
        s.push(
          `ALTER TABLE "${t.name}" ADD CONSTRAINT "${t.name}_${c}_${other.name}_id_fk" FOREIGN KEY ("${c}") REFERENCES "public"."${other.name}"("id") ON DELETE no action ON UPDATE no action;`,
        );
      },
    ],
    [
      3,
      (s, t) => {
        const c = pick([...t.columns.keys()].filter((k) => k !== 'id'));
        if (c) s.push(`ALTER TABLE "${t.name}" ADD CONSTRAINT "${t.name}_${c}_unique" UNIQUE("${c}");`);
      },
    ],
    [
      3,
      (s, t) => {
        const c = [...t.columns].find(([k, d]) => k !== 'id' && !d.notNull)?.[0];
        if (!c) return;
        t.columns.get(c).notNull = true;
        s.push(`ALTER TABLE "${t.name}" ALTER COLUMN "${c}" SET NOT NULL;`);
      },
    ],
    [
      2,
      (s, t) => {
        const c = [...t.columns].find(([k, d]) => k !== 'id' && d.notNull)?.[0];
        if (!c) return;
        t.columns.get(c).notNull = false;
        s.push(`ALTER TABLE "${t.name}" ALTER COLUMN "${c}" DROP NOT NULL;`);
      },
    ],
    [
      3,
      (s, t) => {
        const entry = [...t.columns].find(([, d]) => d.type === 'varchar(255)' || d.type === 'integer');
        if (!entry) return;
        const [c, d] = entry;
        const to = d.type === 'integer' ? 'bigint' : 'text';
        d.type = to;
        s.push(`ALTER TABLE "${t.name}" ALTER COLUMN "${c}" SET DATA TYPE ${to};`);
      },
    ],
    [
      3,
      (s, t) => {
        const c = [...t.columns.keys()].filter((k) => k !== 'id' && k !== 'created_at' && !k.endsWith('_id')).pop();
        if (!c) return;
        t.columns.delete(c);
        s.push(`ALTER TABLE "${t.name}" DROP COLUMN "${c}";`);
      },
    ],
    [
      2,
      (s, t) => {
        const c = [...t.columns.keys()].filter((k) => k !== 'id' && !k.endsWith('_id')).pop();
        if (!c) return;
        const n = `${c}_v2`;
        t.columns.set(n, t.columns.get(c));
        t.columns.delete(c);
        s.push(`ALTER TABLE "${t.name}" RENAME COLUMN "${c}" TO "${n}";`);
      },
    ],
    [
      2,
      (s) => {
        const name = `kind_${enums.length}`;
        enums.push({ name, values: ['a', 'b'] });
        s.push(`CREATE TYPE "public"."${name}" AS ENUM('a', 'b');`);
      },
    ],
    [
      2,
      (s) => {
        if (!enums.length) return;
        const e = pick(enums);
        const v = `v${e.values.length}`;
        e.values.push(v);
        s.push(`ALTER TYPE "public"."${e.name}" ADD VALUE '${v}';`);
      },
    ],
    [
      2,
      (s, t) => {
        const c = [...t.columns].find(([, d]) => d.type === 'integer')?.[0];
        if (c) s.push(`ALTER TABLE "${t.name}" ADD CONSTRAINT "${t.name}_${c}_check" CHECK ("${t.name}"."${c}" >= 0);`);
      },
    ],
    [
      3,
      (s, t) => {
        const c = [...t.columns].find(([, d]) => d.type === 'text')?.[0];
        if (c) {
          s.push(
            `-- Custom SQL migration file, put your code below! --\nUPDATE "${t.name}" SET "${c}" = lower("${c}") WHERE "${c}" IS NOT NULL;`,
          );
        }
      },
    ],
    [
      1,
      (s, t) => {
        if (tables.length < 5) return;
        tables.splice(tables.indexOf(t), 1);
        s.push(`DROP TABLE "${t.name}" CASCADE;`);
      },
    ],
    [
      1,
      (s, t) => {
        const c = pick([...t.columns.keys()]);
        const idx = `${t.name}_${c}_cidx`;
        t.indexes.push(idx);
        s.push(`CREATE INDEX CONCURRENTLY "${idx}" ON "${t.name}" ("${c}");`);
      },
    ],
  ];
  const total = ops.reduce((n, [w]) => n + w, 0);

  for (let i = 0; i < count; i++) {
    const stmts = [];
    if (i === 0) for (let k = 0; k < 3; k++) createTable(stmts);
    const n = 1 + Math.floor(rnd() * 4);
    for (let k = 0; k < n; k++) {
      let r = rnd() * total;
      const [, op] = ops.find(([w]) => (r -= w) < 0) ?? ops[0];
      const t = existing();
      if (t) op(stmts, t);
      else createTable(stmts);
    }
    if (!stmts.length) createTable(stmts);
    // drizzle-kit: `;--> statement-breakpoint` after one-line statements, on its own line after a CREATE TABLE.
    const sql = stmts.map((s, k) => (k < stmts.length - 1 ? `${s}--> statement-breakpoint\n` : s)).join('');
    migrations.push({ sql, snapshot: snapshotOf(tables, enums) });
  }
  return migrations;
}

function snapshotOf(tables, enums) {
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

/** A committed git repository holding the project; reused from os.tmpdir() when already built. */
export function sqlFixture(count) {
  const dir = path.join(os.tmpdir(), `nexiom-bench-sql-v${VERSION}-${count}`);
  const done = `${dir}.done`;
  if (existsSync(done) && existsSync(dir)) return dir;
  rmSync(dir, { recursive: true, force: true });
  const built = tempRepo({
    'package.json': JSON.stringify({
      name: 'bench-sql',
      private: true,
      type: 'module',
      scripts: { 'db:generate': 'drizzle-kit generate' },
    }),
    'drizzle.config.ts':
      "import { defineConfig } from 'drizzle-kit';\nexport default defineConfig({ dialect: 'postgresql', schema: './src/schema', out: './drizzle' });\n",
    'src/schema/index.ts': 'export {};\n',
  });
  const files = {};
  const entries = [];
  let prevId = '00000000-0000-0000-0000-000000000000';
  generateMigrations(count).forEach((m, i) => {
    const prefix = String(i).padStart(4, '0');
    const tag = `${prefix}_${['init', 'add', 'change', 'update'][i % 4]}_${i}`;
    const id = `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`;
    files[`drizzle/${tag}.sql`] = m.sql;
    files[`drizzle/meta/${prefix}_snapshot.json`] = JSON.stringify({
      id,
      prevId,
      version: '7',
      dialect: 'postgresql',
      ...m.snapshot,
      schemas: {},
      sequences: {},
      roles: {},
      policies: {},
      views: {},
      _meta: { columns: {}, schemas: {}, tables: {} },
    });
    entries.push({ idx: i, version: '7', when: 1_700_000_000_000 + i * 60_000, tag, breakpoints: true });
    prevId = id;
  });
  files['drizzle/meta/_journal.json'] = JSON.stringify({ version: '7', dialect: 'postgresql', entries }, null, 2);
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(built, rel)), { recursive: true });
    writeFileSync(path.join(built, rel), content);
  }
  git(built, 'add', '-A');
  git(built, 'commit', '-qm', 'fixture');
  rmSync(dir, { recursive: true, force: true });
  renameSync(built, dir); // same file system (both in tmpdir); keeps .git and the node_modules link
  writeFileSync(done, '');
  return dir;
}
