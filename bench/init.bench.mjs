// What `nexiom-lint init` costs: the command itself (one-off), and what the hook it installs adds
// to every `git commit`, against the same commit through a bare husky hook (`exit 0`) and without
// hooks. With nothing relevant staged (a README) the hook's own check (one `git diff --cached`)
// must keep Node from starting: target at most 60 ms more than the bare hook.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  BIN,
  DRIZZLE_KIT,
  ROOT,
  fmt,
  git,
  median,
  printTable,
  sideBySide,
  tempRepo,
  timeOnce,
  writeTree,
} from './lib.mjs';

export const title = 'init: the command, and the cost of the hook it installs';

/** node_modules as after the install: the project's packages plus a `nexiom-lint` binary. */
function installedModules(dir) {
  const modules = path.join(dir, 'node_modules');
  rmSync(modules, { force: true, recursive: true });
  const source = path.join(ROOT, 'node_modules');
  mkdirSync(path.join(modules, '.bin'), { recursive: true });
  for (const name of readdirSync(source)) {
    if (name !== '.bin' && name !== '.cache') symlinkSync(path.join(source, name), path.join(modules, name));
  }
  for (const name of readdirSync(path.join(source, '.bin'))) {
    symlinkSync(path.join(source, '.bin', name), path.join(modules, '.bin', name));
  }
  symlinkSync(BIN, path.join(modules, '.bin', 'nexiom-lint'));
}

const USERS = (extra = '') =>
  `import { pgTable, serial, text } from 'drizzle-orm/pg-core';\nexport const users = pgTable('users', { id: serial('id').primaryKey(), email: text('email')${extra} });\n`;

/** Times `git commit` of whatever `stage` stages, then undoes the commit (untimed). */
function commitRun(dir, args, stage) {
  return () => {
    stage();
    const r = timeOnce('git', ['commit', '-q', ...args, '-m', 'bench'], dir);
    if (r.code !== 0) throw new Error(`git commit failed: ${r.stdout}${r.stderr}`);
    git(dir, 'reset', '-q', '--soft', 'HEAD~1');
    return r;
  };
}

export async function run() {
  const dir = tempRepo({
    'package.json': JSON.stringify(
      { name: 'app', type: 'module', devDependencies: { husky: '*', 'lint-staged': '*', 'nexiom-lint': '*' } },
      null,
      2,
    ),
    'drizzle.config.ts':
      "import { defineConfig } from 'drizzle-kit';\nexport default defineConfig({ dialect: 'postgresql', schema: './src/schema', out: './drizzle' });\n",
    'src/schema/users.ts': USERS(),
  });
  installedModules(dir);
  execFileSync(DRIZZLE_KIT, ['generate', '--name', 'init'], { cwd: dir, stdio: 'ignore' });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'init');

  const dry = [];
  for (let i = 0; i < 5; i++) {
    dry.push(timeOnce(process.execPath, [BIN, 'init', '--dry-run', '--no-install', '--no-workflow'], dir).ms);
  }
  const applied = timeOnce(process.execPath, [BIN, 'init', '--no-install', '--no-workflow'], dir);
  if (applied.code !== 0) throw new Error(`init failed: ${applied.stdout}${applied.stderr}`);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--no-verify', '-m', 'set up nexiom-lint');

  // A migration for the schema change, generated once and staged with it on every run.
  writeTree(dir, { 'src/schema/users.ts': USERS(", phone: text('phone')") });
  execFileSync(DRIZZLE_KIT, ['generate', '--name', 'phone'], { cwd: dir, stdio: 'ignore' });
  const stageReadme = () => {
    writeFileSync(path.join(dir, 'README.md'), `# app ${Math.random()}\n`);
    git(dir, 'add', 'README.md');
  };
  const stageSchema = () => {
    writeFileSync(path.join(dir, 'README.md'), `# app ${Math.random()}\n`);
    git(dir, 'add', '-A');
  };
  const hookFile = path.join(dir, '.husky/pre-commit');
  const installedHook = readFileSync(hookFile, 'utf8');
  /** The same commit through the hook `hook` (written untimed before each run). */
  const through = (hook, stage) => {
    const commit = commitRun(dir, [], stage);
    return () => {
      writeFileSync(hookFile, hook);
      return commit();
    };
  };
  const [plain, bare, hookReadme] = sideBySide(
    [
      { name: 'commit --no-verify', run: commitRun(dir, ['--no-verify'], stageReadme) },
      { name: 'commit through a bare husky hook (exit 0), README staged', run: through('exit 0\n', stageReadme) },
      { name: 'commit through the hook, README staged', run: through(installedHook, stageReadme) },
    ],
    15,
  );
  writeFileSync(hookFile, installedHook);
  const [plainSchema, hookSchema] = sideBySide(
    [
      { name: 'commit --no-verify, schema + migration', run: commitRun(dir, ['--no-verify'], stageSchema) },
      { name: 'commit through the hook, schema + migration', run: commitRun(dir, [], stageSchema) },
    ],
    7,
  );
  printTable(title, [
    `init --dry-run (plan + diff)                      ${fmt(median(dry))}`,
    `init (write + husky)                              ${fmt(applied.ms)}`,
    `git commit --no-verify, README staged             ${fmt(plain.median)}`,
    `git commit through a bare husky hook (exit 0)     ${fmt(bare.median)}   (+${fmt(bare.median - plain.median)}: husky)`,
    `git commit through the hook, README staged        ${fmt(hookReadme.median)}   (+${fmt(hookReadme.median - bare.median)} over the bare hook, target <= 60 ms: the hook's git diff, no Node)`,
    `git commit --no-verify, schema + migration        ${fmt(plainSchema.median)}`,
    `git commit through the hook, schema + migration   ${fmt(hookSchema.median)}   (+${fmt(hookSchema.median - plainSchema.median)}: the hook's check + nexiom-lint --staged)`,
  ]);
  rmSync(dir, { recursive: true, force: true });
  return { hookReadme: hookReadme.median - bare.median, hookSchema: hookSchema.median - plainSchema.median };
}
