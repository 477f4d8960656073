// The pre-commit path. With nothing relevant staged: `nexiom-lint --staged` with only a README
// staged, against `node -e 0` (the floor for any Node tool). Target: at most 1.2x. (Through the
// hook init installs, such a commit starts no Node at all: see init.bench.mjs.)
// Then the commit it exists to block: a schema change staged without its migration. The verdict
// needs the schema serialized by drizzle-kit (the semantic gate), so it is measured cold (a new
// edit each run: nothing cached for it) and warm (the same staged edit again), against
// `drizzle-kit generate`, which a user would otherwise run to find out. Target: well under 1 s.
import { execFileSync } from 'node:child_process';
import {
  BIN,
  DRIZZLE_KIT,
  git,
  ownModules,
  printTable,
  sideBySide,
  tempRepo,
  timeOnce,
  writeTree,
  fmt,
} from './lib.mjs';

export const title = 'pre-commit: nothing relevant staged, and a schema change without its migration';

export async function run() {
  const dir = tempRepo({
    'package.json': JSON.stringify({ name: 'app', type: 'module', scripts: { 'db:generate': 'drizzle-kit generate' } }),
    'drizzle.config.ts':
      "import { defineConfig } from 'drizzle-kit';\nexport default defineConfig({ dialect: 'postgresql', schema: './src/schema', out: './drizzle' });\n",
    'src/schema/users.ts':
      "import { pgTable, serial, text } from 'drizzle-orm/pg-core';\nexport const users = pgTable('users', { id: serial('id').primaryKey(), email: text('email') });\n",
  });
  ownModules(dir);
  execFileSync(DRIZZLE_KIT, ['generate', '--name', 'init'], { cwd: dir, stdio: 'ignore' });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'init');
  writeTree(dir, { 'README.md': '# app\n' });
  git(dir, 'add', 'README.md');
  // First run fills the project cache, as the first commit after install would.
  const first = timeOnce(process.execPath, [BIN, '--staged'], dir);
  if (first.code !== 0) throw new Error(`nexiom-lint --staged failed: ${first.stdout}${first.stderr}`);
  const [tool, node] = sideBySide(
    [
      { name: 'nexiom-lint --staged', run: () => timeOnce(process.execPath, [BIN, '--staged'], dir) },
      { name: 'node -e 0', run: () => timeOnce(process.execPath, ['-e', '0'], dir) },
    ],
    21,
  );
  const ratio = tool.median / node.median;

  // The hook also starts for code: a file the schema does not import (answered from the cached graph).
  git(dir, 'reset', '-q', 'README.md');
  writeTree(dir, { 'src/app.ts': 'export const app = 1;\n' });
  git(dir, 'add', 'src/app.ts');
  const fills = timeOnce(process.execPath, [BIN, '--staged', '--format', 'pretty'], dir);
  if (fills.code !== 0) throw new Error(`nexiom-lint --staged failed: ${fills.stdout}${fills.stderr}`);
  const [code, codeNode] = sideBySide(
    [
      { name: 'nexiom-lint --staged (code)', run: () => timeOnce(process.execPath, [BIN, '--staged'], dir) },
      { name: 'node -e 0', run: () => timeOnce(process.execPath, ['-e', '0'], dir) },
    ],
    11,
  );
  git(dir, 'reset', '-q', 'src/app.ts');
  let edit = 0;
  const stageEdit = () => {
    edit++;
    writeTree(dir, {
      'src/schema/users.ts':
        "import { pgTable, serial, text } from 'drizzle-orm/pg-core';\nexport const users = pgTable('users', { id: serial('id').primaryKey(), email: text('email'), " +
        `note${edit}: text('note_${edit}') });\n`,
    });
    git(dir, 'add', 'src/schema/users.ts');
  };
  const blocked = (r) => {
    if (r.code !== 1 || !r.stdout.includes('schema-without-migration')) {
      throw new Error(`the commit was not blocked: ${r.stdout}${r.stderr}`);
    }
    return r;
  };
  stageEdit();
  const [cold, warm, kit] = sideBySide(
    [
      { name: 'cold', run: () => (stageEdit(), blocked(timeOnce(process.execPath, [BIN, '--staged'], dir))) },
      { name: 'warm', run: () => blocked(timeOnce(process.execPath, [BIN, '--staged'], dir)) },
      {
        name: 'drizzle-kit generate',
        run: () => {
          const r = timeOnce(DRIZZLE_KIT, ['generate', '--name', 'probe'], dir);
          // It wrote the migration the user forgot: drop it, the next runs must find the same work.
          git(dir, 'checkout', '-q', '--', 'drizzle');
          git(dir, 'clean', '-qfd', 'drizzle');
          return r;
        },
      },
    ],
    7,
    1,
  );
  printTable(title, [
    `nexiom-lint --staged (README staged)   ${fmt(tool.median)}`,
    `node -e 0                              ${fmt(node.median)}`,
    `ratio                                  ${ratio.toFixed(2)}x   (target <= 1.2x)`,
    `nexiom-lint --staged (code the schema does not import) ${fmt(code.median)}   ${(code.median / codeNode.median).toFixed(2)}x`,
    '',
    'a schema change staged without its migration (blocked):',
    `nexiom-lint --staged, new edit (cold)  ${fmt(cold.median)}   (target well under 1 s)`,
    `nexiom-lint --staged, same edit (warm) ${fmt(warm.median)}`,
    `drizzle-kit generate                   ${fmt(kit.median)}`,
    `ratio cold / warm                      ${(cold.median / kit.median).toFixed(2)}x / ${(warm.median / kit.median).toFixed(2)}x`,
  ]);
  return { ratio, code: code.median / codeNode.median, blockedCold: cold.median, blockedWarm: warm.median };
}
