// The drift check against what teams run instead (`drizzle-kit generate` on an unchanged schema,
// then `git diff --exit-code`): generated schemas of 10, 100 and 500 tables, grown over a history
// of 25 real migrations (drizzle-kit's time grows with the history, the drift check's does not). Cold = no drift verdict cached (the schema is serialized by the project's
// drizzle-kit in a worker); warm = the same inputs again (the cached verdict). Target: cold at
// most 0.5x drizzle-kit's wall time.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import {
  BIN,
  DRIZZLE_KIT,
  GIT_ENV,
  fmt,
  git,
  ownModules,
  peakMemoryMiB,
  printTable,
  sideBySide,
  tempRepo,
  timeOnce,
  writeTree,
} from './lib.mjs';

export const title = 'drift: nexiom-lint --all --rule schema-drift vs drizzle-kit generate (unchanged schema)';

const SIZES = [
  { tables: 10, runs: 7 },
  { tables: 100, runs: 5 },
  { tables: 500, runs: 3 },
];
const HISTORY = 25;

function table(i, extraColumns) {
  const extra = Array.from({ length: extraColumns }, (_, k) => `  extra${k}: text('extra_${k}'),\n`).join('');
  const ref = i > 0 ? `  parentId: integer('parent_id').references(() => t${i - 1}.id),\n` : '';
  return `export const t${i} = pgTable('t${i}', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  status: status('status').default('active'),
  createdAt: timestamp('created_at').defaultNow().notNull(),
${ref}${extra}}, (t) => [index('t${i}_name_idx').on(t.name)]);
`;
}

/** The schema after migration `m`: a share of the tables, and one more column on the first. */
function schema(tables, m) {
  const count = Math.max(1, Math.round((tables * (m + 1)) / HISTORY));
  const head = `import { index, integer, pgEnum, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
export const status = pgEnum('status', ['active', 'archived']);
`;
  return head + Array.from({ length: count }, (_, i) => table(i, i === 0 ? m : 0)).join('\n');
}

export function project(tables) {
  const dir = tempRepo({
    'package.json': JSON.stringify({ name: 'app', type: 'module', scripts: { 'db:generate': 'drizzle-kit generate' } }),
    'drizzle.config.ts':
      "import { defineConfig } from 'drizzle-kit';\nexport default defineConfig({ dialect: 'postgresql', schema: './src/schema', out: './drizzle' });\n",
  });
  ownModules(dir);
  for (let m = 0; m < HISTORY; m++) {
    writeTree(dir, { 'src/schema/tables.ts': schema(tables, m) });
    execFileSync(DRIZZLE_KIT, ['generate', '--name', `m${m}`], { cwd: dir, stdio: 'ignore', env: GIT_ENV });
  }
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'init');
  return dir;
}

export async function run() {
  const rows = [];
  const results = [];
  for (const { tables, runs } of SIZES) {
    const dir = project(tables);
    const driftCache = path.join(dir, 'node_modules/.cache/nexiom-lint/drift');
    const lint = [BIN, '--all', '--rule', 'schema-drift'];
    const check = (r) => {
      if (r.code !== 0) {
        throw new Error(`nexiom-lint found drift on an unchanged schema (${tables} tables):\n${r.stdout}${r.stderr}`);
      }
      return r;
    };
    check(timeOnce(process.execPath, lint, dir));
    const [cold, warm, kit] = sideBySide(
      [
        {
          name: 'cold',
          run: () => (
            rmSync(driftCache, { recursive: true, force: true }),
            check(timeOnce(process.execPath, lint, dir))
          ),
        },
        { name: 'warm', run: () => check(timeOnce(process.execPath, lint, dir)) },
        { name: 'kit', run: () => timeOnce(DRIZZLE_KIT, ['generate'], dir) },
      ],
      runs,
      1,
    );
    rmSync(driftCache, { recursive: true, force: true });
    const coldMiB = peakMemoryMiB(process.execPath, lint, dir);
    const warmMiB = peakMemoryMiB(process.execPath, lint, dir);
    const kitMiB = peakMemoryMiB(DRIZZLE_KIT, ['generate'], dir);
    const status = git(dir, 'status', '--porcelain');
    if (status.trim()) throw new Error(`drizzle-kit generate wrote files on an unchanged schema:\n${status}`);
    const ratio = cold.median / kit.median;
    results.push({ tables, cold: cold.median, warm: warm.median, kit: kit.median, ratio });
    const mem = (m) => (m === null ? 'n/a' : `${m} MiB`);
    rows.push(
      `${String(tables).padStart(3)} tables x ${HISTORY} migrations: cold ${fmt(cold.median)} (${mem(coldMiB)}), ` +
        `warm ${fmt(warm.median)} (${mem(warmMiB)}), drizzle-kit generate ${fmt(kit.median)} (${mem(kitMiB)}); ` +
        `cold/kit ${ratio.toFixed(2)}x, warm/kit ${(warm.median / kit.median).toFixed(2)}x (target cold <= 0.5x)`,
    );
    rmSync(dir, { recursive: true, force: true });
  }
  printTable(title, rows);
  return { results };
}
