// A long, clean migration history written by the real drizzle-kit: one `generate` per step, one
// commit per migration, in a throwaway git repository. Building 500 takes minutes (each generate
// re-validates every snapshot), so the result is cached under os.tmpdir(), keyed by a version
// string, and can be packed as a git bundle (test/fixtures/history-500.bundle is one).
//
// The history looks like a real project's: a table every tenth step, columns added to it in
// between, an index now and then, and a custom data migration (`generate --custom`, SQL written
// by hand afterwards) every fiftieth step.
//
//   node bench/history-fixture.mjs [count] [--bundle out.bundle]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DRIZZLE_KIT, GIT_ENV, ROOT, writeTree } from './lib.mjs';

/** Bump when the recipe below changes: old caches are then ignored. */
export const FIXTURE_VERSION = 'history-v1-dk0.31.11';

const PACKAGE_JSON = JSON.stringify(
  { name: 'app', private: true, type: 'module', scripts: { 'db:generate': 'drizzle-kit generate' } },
  null,
  2,
);
const CONFIG = `import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema',
  out: './drizzle',
});
`;

/** The schema file of table `k` with `columns` extra columns and, past some steps, an index. */
function tableFile(k, columns, indexed) {
  const cols = Array.from({ length: columns }, (_, c) => `  c${c}: text('c${c}'),`).join('\n');
  const index = indexed ? `, (t) => [index('t${k}_c0_idx').on(t.c0)]` : '';
  return `import { index, pgTable, serial, text } from 'drizzle-orm/pg-core';

export const t${k} = pgTable('t${k}', {
  id: serial('id').primaryKey(),
${cols}
}${index});
`;
}

function git(dir, ...args) {
  return execFileSync('git', args, { cwd: dir, env: GIT_ENV, encoding: 'utf8' });
}

function kit(dir, args) {
  execFileSync(DRIZZLE_KIT, ['generate', ...args], { cwd: dir, env: GIT_ENV, stdio: 'ignore' });
}

/** Builds the history in `dir` (a new git repository). */
export function buildHistory(dir, count, log = () => {}) {
  mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  writeTree(dir, { '.gitignore': 'node_modules\n', 'package.json': PACKAGE_JSON, 'drizzle.config.ts': CONFIG });
  const started = Date.now();
  for (let i = 0; i < count; i++) {
    const k = Math.floor(i / 10);
    const step = i % 10;
    if (i % 50 === 49) {
      // A data migration: drizzle-kit writes an empty SQL file and a copy of the last snapshot.
      kit(dir, ['--custom', '--name', `backfill_${i}`]);
      const tag = readdirSync(path.join(dir, 'drizzle'))
        .filter((f) => f.endsWith('.sql'))
        .sort()
        .pop();
      writeFileSync(path.join(dir, 'drizzle', tag), `UPDATE "t${k}" SET "c0" = 'x' WHERE "c0" IS NULL;\n`);
    } else {
      const indexed = step >= 5;
      writeTree(dir, { [`src/schema/t${k}.ts`]: tableFile(k, step + 1, indexed) });
      kit(dir, ['--name', step === 0 ? `create_t${k}` : step === 5 ? `index_t${k}` : `add_t${k}_c${step}`]);
    }
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '--no-verify', '-m', `migration ${i}`);
    if ((i + 1) % 50 === 0) log(`  ${i + 1}/${count} migrations (${Math.round((Date.now() - started) / 1000)} s)`);
  }
}

/**
 * The cached history of `count` migrations (a git work tree with node_modules linked), built on
 * first use. Returns its directory.
 */
export function historyFixture(count = 500, log = console.log) {
  const cacheRoot = path.join(os.tmpdir(), 'nexiom-lint-bench-cache');
  const dir = path.join(cacheRoot, `${FIXTURE_VERSION}-${count}`);
  if (existsSync(path.join(dir, '.git', 'nexiom-complete'))) return dir;
  const bundle = path.join(ROOT, 'test/fixtures', `history-${count}.bundle`);
  const tmp = `${dir}.${process.pid}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(cacheRoot, { recursive: true });
  if (existsSync(bundle)) {
    log(`  cloning ${path.relative(ROOT, bundle)} into ${dir}`);
    execFileSync('git', ['clone', '-q', '-b', 'main', bundle, tmp], { env: GIT_ENV });
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(tmp, 'node_modules'), 'dir');
  } else {
    log(`  generating ${count} migrations with drizzle-kit into ${dir} (once; this takes minutes)`);
    buildHistory(tmp, count, log);
  }
  writeFileSync(path.join(tmp, '.git', 'nexiom-complete'), `${FIXTURE_VERSION}\n`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return dir;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const count = Number(process.argv[2] ?? 500);
  const bundleAt = process.argv.indexOf('--bundle');
  const dir = historyFixture(count);
  console.log(dir);
  if (bundleAt > 0) {
    const out = path.resolve(process.argv[bundleAt + 1]);
    git(dir, 'bundle', 'create', out, 'main');
    console.log(`bundle: ${out}`);
  }
}
