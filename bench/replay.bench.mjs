// Replay of 50 and 500 migrations (the replay-mismatch rule and `db baseline` do this), into a
// fresh PGlite and into a fresh database on the local Postgres server, side by side.
// The 500-migration fixture is made once with drizzle-kit's own API (generateDrizzleJson +
// generateMigration, step by step, as `generate` would) and cached under os.tmpdir().
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { fmt, median, printTable, ROOT } from './lib.mjs';

export const title = 'replay: migrations into a fresh database (PGlite vs local Postgres server)';

const SERVER = process.env.NEXIOM_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const FIXTURE_VERSION = 1;
const dist = (p) => import(pathToFileURL(path.join(ROOT, 'dist', p)).href);

async function fixture(count) {
  const dir = path.join(os.tmpdir(), `nexiom-lint-bench-replay-v${FIXTURE_VERSION}-${count}`);
  if (existsSync(path.join(dir, 'drizzle/meta/_journal.json'))) return dir;
  const building = `${dir}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(path.join(building, 'drizzle/meta'), { recursive: true });
  const require = createRequire(path.join(ROOT, 'package.json'));
  const api = require('drizzle-kit/api');
  const { pgTable, serial, text, integer, timestamp, index } = require('drizzle-orm/pg-core');
  const columns = [];
  let prev = api.generateDrizzleJson({});
  const entries = [];
  const start = Date.UTC(2024, 0, 1);
  for (let i = 0; i < count; i++) {
    // Even steps add a table, odd steps add a column to the previous one.
    if (i % 2 === 0) columns.push(1);
    else columns[columns.length - 1]++;
    const imports = {};
    columns.forEach((n, t) => {
      const cols = {
        id: serial('id').primaryKey(),
        name: text('name').notNull(),
        createdAt: timestamp('created_at').defaultNow(),
      };
      for (let c = 1; c < n + 1; c++) cols[`extra${c}`] = integer(`extra_${c}`);
      imports[`t${t}`] = pgTable(`t_${t}`, cols, (tb) => [index(`t_${t}_name_idx`).on(tb.name)]);
    });
    const cur = api.generateDrizzleJson(imports, prev.id);
    const statements = await api.generateMigration(prev, cur);
    const tag = `${String(i).padStart(4, '0')}_step_${i}`;
    writeFileSync(path.join(building, 'drizzle', `${tag}.sql`), statements.join('\n--> statement-breakpoint\n'));
    writeFileSync(
      path.join(building, 'drizzle/meta', `${String(i).padStart(4, '0')}_snapshot.json`),
      JSON.stringify(cur, null, 2),
    );
    entries.push({ idx: i, version: '7', when: start + i * 60_000, tag, breakpoints: true });
    prev = cur;
  }
  writeFileSync(
    path.join(building, 'drizzle/meta/_journal.json'),
    JSON.stringify({ version: '7', dialect: 'postgresql', entries }, null, 2),
  );
  try {
    renameSync(building, dir);
  } catch {
    rmSync(building, { recursive: true, force: true });
  }
  return dir;
}

async function serverReachable(pg) {
  const client = new pg.Client({ connectionString: SERVER, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function run() {
  const { WorktreeTree } = await dist('git/tree.js');
  const { readMigrations } = await dist('project/migrations.js');
  const { localMigrations } = await dist('db/local.js');
  const { replay } = await dist('db/replay.js');
  const { freshPglite } = await dist('db/pglite.js');
  const { connect } = await dist('db/connect.js');
  const { introspect, userSchemas } = await dist('db/catalog.js');
  const { default: pg } = await import('pg');
  const server = await serverReachable(pg);
  const admin = async (sql) => {
    const c = new pg.Client({ connectionString: SERVER });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };

  // The template data dir is made once per PGlite version; not part of any measurement.
  await (await freshPglite()).close();

  const rows = [];
  for (const count of [50, 500]) {
    const dir = await fixture(count);
    const migrations = await localMigrations(await readMigrations(new WorktreeTree(dir, false), 'drizzle'));
    const statements = migrations.reduce((n, m) => n + m.statements.length, 0);
    const runs = count === 50 ? 5 : 3;
    const times = { liteStart: [], liteReplay: [], liteRead: [], srvStart: [], srvReplay: [], srvRead: [] };
    for (let i = 0; i < runs; i++) {
      // Interleaved: PGlite, then the server, each run.
      let t = performance.now();
      const lite = await freshPglite();
      times.liteStart.push(performance.now() - t);
      t = performance.now();
      await replay(lite, migrations);
      times.liteReplay.push(performance.now() - t);
      t = performance.now();
      await introspect(lite, { schemas: await userSchemas(lite) });
      times.liteRead.push(performance.now() - t);
      await lite.close();
      if (!server) continue;
      const name = `nl_bench_${process.pid}_${i}`;
      t = performance.now();
      await admin(`CREATE DATABASE ${name}`);
      const url = new URL(SERVER);
      url.pathname = `/${name}`;
      const db = await connect({ kind: 'server', url: url.toString(), source: 'bench' });
      times.srvStart.push(performance.now() - t);
      try {
        t = performance.now();
        await replay(db, migrations);
        times.srvReplay.push(performance.now() - t);
        t = performance.now();
        await introspect(db, { schemas: await userSchemas(db) });
        times.srvRead.push(performance.now() - t);
      } finally {
        await db.close();
        await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }
    }
    const line = (label, start, replayT, read) =>
      `${label.padEnd(34)} start ${fmt(median(start)).padStart(10)}   replay ${fmt(median(replayT)).padStart(10)}   read-back ${fmt(median(read)).padStart(9)}   total ${fmt(median(start) + median(replayT) + median(read)).padStart(10)}`;
    rows.push(
      line(`${count} migrations (${statements} stmts), PGlite`, times.liteStart, times.liteReplay, times.liteRead),
    );
    rows.push(
      server
        ? line(`${count} migrations, Postgres server`, times.srvStart, times.srvReplay, times.srvRead)
        : `${count} migrations, Postgres server: skipped (${SERVER} not reachable)`,
    );
  }
  printTable(title, rows);
}
