// The pre-commit path with nothing relevant staged: `nexiom-lint --staged` with only a README
// staged, against `node -e 0` (the floor for any Node tool). Target: at most 1.5x.
import { execFileSync } from 'node:child_process';
import { BIN, DRIZZLE_KIT, git, printTable, sideBySide, tempRepo, timeOnce, writeTree, fmt } from './lib.mjs';

export const title = 'pre-commit: nothing relevant staged';

export async function run() {
  const dir = tempRepo({
    'package.json': JSON.stringify({ name: 'app', type: 'module', scripts: { 'db:generate': 'drizzle-kit generate' } }),
    'drizzle.config.ts':
      "import { defineConfig } from 'drizzle-kit';\nexport default defineConfig({ dialect: 'postgresql', schema: './src/schema', out: './drizzle' });\n",
    'src/schema/users.ts':
      "import { pgTable, serial, text } from 'drizzle-orm/pg-core';\nexport const users = pgTable('users', { id: serial('id').primaryKey(), email: text('email') });\n",
  });
  execFileSync(DRIZZLE_KIT, ['generate', '--name', 'init'], { cwd: dir, stdio: 'ignore' });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'init');
  writeTree(dir, { 'README.md': '# app\n' });
  git(dir, 'add', 'README.md');
  // First run fills the project cache, as the first commit after install would.
  const first = timeOnce(process.execPath, [BIN, '--staged'], dir);
  if (first.code !== 0) throw new Error(`nexiom-lint --staged failed: ${first.stdout}${first.stderr}`);
  const [tool, node] = sideBySide([
    { name: 'nexiom-lint --staged', run: () => timeOnce(process.execPath, [BIN, '--staged'], dir) },
    { name: 'node -e 0', run: () => timeOnce(process.execPath, ['-e', '0'], dir) },
  ], 21);
  const ratio = tool.median / node.median;
  printTable(title, [
    `nexiom-lint --staged (README staged)   ${fmt(tool.median)}`,
    `node -e 0                              ${fmt(node.median)}`,
    `ratio                                  ${ratio.toFixed(2)}x   (target <= 1.5x)`,
  ]);
  return { ratio };
}
