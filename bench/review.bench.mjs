// The review's cost: the same PR checked with --format json (no review) and --format markdown
// (review: snapshot diff and the migrations' SQL), on a project of 200 tables whose PR adds a
// table and changes ten. Also the markdown reporter alone on a result far over GitHub's limit
// (it renders at decreasing detail until the comment fits).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  BIN,
  DRIZZLE_KIT,
  fmt,
  git,
  median,
  printTable,
  ROOT,
  sideBySide,
  tempRepo,
  timeOnce,
  writeTree,
} from './lib.mjs';

export const title = 'review: --format markdown against --format json on a PR';

const TABLES = 200;

function schema(changed) {
  const tables = [];
  for (let i = 0; i < TABLES; i++) {
    const extra = changed && i < 10 ? `\n  note${i}: text('note_${i}'),` : '';
    tables.push(
      `export const t${i} = pgTable('table_${i}', {\n  id: serial('id').primaryKey(),\n  name: text('name').notNull(),${extra}\n});`,
    );
  }
  if (changed) {
    tables.push(`export const added = pgTable('added_table', { id: serial('id').primaryKey(), body: text('body') });`);
  }
  return `import { pgTable, serial, text } from 'drizzle-orm/pg-core';\n\n${tables.join('\n\n')}\n`;
}

export async function run() {
  const dir = tempRepo({
    'package.json': JSON.stringify({ name: 'app', type: 'module', scripts: { 'db:generate': 'drizzle-kit generate' } }),
    'drizzle.config.ts':
      "import { defineConfig } from 'drizzle-kit';\nexport default defineConfig({ dialect: 'postgresql', schema: './src/schema', out: './drizzle' });\n",
    'src/schema/tables.ts': schema(false),
  });
  execFileSync(DRIZZLE_KIT, ['generate', '--name', 'init'], { cwd: dir, stdio: 'ignore' });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'init');
  git(dir, 'checkout', '-qb', 'feature');
  writeTree(dir, { 'src/schema/tables.ts': schema(true) });
  execFileSync(DRIZZLE_KIT, ['generate', '--name', 'feature'], { cwd: dir, stdio: 'ignore' });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'feature');

  const markdownRun = timeOnce(process.execPath, [BIN, '--base', 'main', '--format', 'markdown'], dir);
  if (markdownRun.code !== 0 || !markdownRun.stdout.includes('added_table')) {
    throw new Error(`unexpected: ${markdownRun.stdout}${markdownRun.stderr}`);
  }
  const [json, markdown] = sideBySide(
    [
      { name: 'json', run: () => timeOnce(process.execPath, [BIN, '--base', 'main', '--format', 'json'], dir) },
      { name: 'markdown', run: () => timeOnce(process.execPath, [BIN, '--base', 'main', '--format', 'markdown'], dir) },
    ],
    11,
  );

  // The reporter alone on a result far over the limit: 5,000 findings, 3,000 changes, 2.9 MB of SQL.
  const { markdown: render } = await import(pathToFileURL(path.join(ROOT, 'dist/report/markdown.js')).href);
  const sql = 'ALTER TABLE "t" ADD COLUMN "c" text;\n'.repeat(4_000);
  const huge = {
    version: 1,
    mode: 'base',
    comparison: 'a → b',
    notes: [],
    projects: [
      {
        configFile: 'drizzle.config.ts',
        out: 'drizzle',
        changes: { schema: [], migrations: [], config: [] },
        checked: true,
      },
    ],
    findings: Array.from({ length: 5_000 }, (_, i) => ({
      ruleId: 'r',
      severity: 'error',
      message: `finding ${i} `.repeat(10),
      file: `f${i}.ts`,
      project: 'drizzle.config.ts',
    })),
    summary: { errors: 5_000, warnings: 0, infos: 0, filesChanged: 1, projects: 1 },
    review: {
      projects: [
        {
          configFile: 'drizzle.config.ts',
          out: 'drizzle',
          notes: [],
          changes: Array.from({ length: 3_000 }, (_, i) => ({
            kind: 'column',
            action: 'added',
            table: 't',
            name: `c${i}`,
            after: 'text',
          })),
          migrations: Array.from({ length: 20 }, (_, i) => ({
            tag: `m${i}`,
            sqlFile: `drizzle/m${i}.sql`,
            status: 'added',
            sql,
            statements: 4_000,
          })),
        },
      ],
    },
  };
  const times = [];
  let length = 0;
  for (let i = 0; i < 7; i++) {
    const start = process.hrtime.bigint();
    length = render(huge, { color: false }).length;
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }

  printTable(title, [
    `${TABLES} tables, PR adds 1 table and 10 columns (1 new migration)`,
    `--format json (no review)                 ${fmt(json.median)}`,
    `--format markdown (snapshot diff + SQL)   ${fmt(markdown.median)}`,
    `review overhead                           ${fmt(markdown.median - json.median)}`,
    `comment length                            ${markdownRun.stdout.length} chars`,
    `markdown reporter, huge result            ${fmt(median(times))}  -> ${length} chars (limit 65,536)`,
  ]);
  return { json: json.median, markdown: markdown.median, hugeRender: median(times) };
}
