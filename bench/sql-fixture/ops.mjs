// The changes one migration of the SQL fixture makes, each with its weight: mostly safe ones, and the
// risky ones teams really ship. Each takes the statements so far and an existing table.
import { COLS } from './vocabulary.mjs';
import { createTable, existing } from './schema.mjs';

/** The weighted changes over the schema state `g` (see newSchema). */
export function schemaOps(g) {
  const { pick, tables, enums } = g;
  return [
    [22, (s) => createTable(g, s)],
    [
      20,
      (s, t) => {
        const c = `${pick(COLS)}_${g.colSeq++}`;
        t.columns.set(c, { type: 'text' });
        s.push(`ALTER TABLE "${t.name}" ADD COLUMN "${c}" text;`);
      },
    ],
    [
      8,
      (s, t) => {
        const c = `${pick(COLS)}_${g.colSeq++}`;
        t.columns.set(c, { type: 'boolean', notNull: true, default: 'false' });
        s.push(`ALTER TABLE "${t.name}" ADD COLUMN "${c}" boolean DEFAULT false NOT NULL;`);
      },
    ],
    [
      3,
      (s, t) => {
        const c = `${pick(COLS)}_${g.colSeq++}`;
        t.columns.set(c, { type: 'integer', notNull: true });
        s.push(`ALTER TABLE "${t.name}" ADD COLUMN "${c}" integer NOT NULL;`);
      },
    ],
    [
      2,
      (s, t) => {
        const c = `token_${g.colSeq++}`;
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
        const other = existing(g);
        if (!other || other === t) return;
        const c = `${other.name}_ref_${g.colSeq++}`;
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
}
