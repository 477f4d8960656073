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
import { schemaOps } from './sql-fixture/ops.mjs';
import { createTable, existing, newSchema, snapshotOf } from './sql-fixture/schema.mjs';

const VERSION = 4;

export function generateMigrations(count, seed = 42) {
  const g = newSchema(seed);
  const { rnd } = g;
  const migrations = [];
  const ops = schemaOps(g);
  const total = ops.reduce((n, [w]) => n + w, 0);

  for (let i = 0; i < count; i++) {
    const stmts = [];
    if (i === 0) for (let k = 0; k < 3; k++) createTable(g, stmts);
    const n = 1 + Math.floor(rnd() * 4);
    for (let k = 0; k < n; k++) {
      let r = rnd() * total;
      const [, op] = ops.find(([w]) => (r -= w) < 0) ?? ops[0];
      const t = existing(g);
      if (t) op(stmts, t);
      else createTable(g, stmts);
    }
    if (!stmts.length) createTable(g, stmts);
    // drizzle-kit: `;--> statement-breakpoint` after one-line statements, on its own line after a CREATE TABLE.
    const sql = stmts.map((s, k) => (k < stmts.length - 1 ? `${s}--> statement-breakpoint\n` : s)).join('');
    migrations.push({ sql, snapshot: snapshotOf(g.tables, g.enums) });
  }
  return migrations;
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
