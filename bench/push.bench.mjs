// no-db-push and the guard: what they add to the commit path, what a whole-repository scan costs,
// and how long `guard push` keeps a developer waiting.
import { execFileSync } from 'node:child_process';
import { BIN, DRIZZLE_KIT, fmt, git, printTable, sideBySide, tempRepo, timeOnce, writeTree } from './lib.mjs';

export const title = 'no-db-push and guard push';

const CONFIG =
  "import { defineConfig } from 'drizzle-kit';\nexport default defineConfig({ dialect: 'postgresql', schema: './src/schema', out: './drizzle', dbCredentials: { url: process.env.DATABASE_URL ?? 'postgres://localhost/app' } });\n";
const SCHEMA =
  "import { pgTable, serial, text } from 'drizzle-orm/pg-core';\nexport const users = pgTable('users', { id: serial('id').primaryKey(), email: text('email') });\n";

/** A monorepo-sized project: `packages` workspace packages with scripts and 20 source files each, workflows, Dockerfiles. */
function bigRepo(packages) {
  const files = {
    'package.json': JSON.stringify({
      name: 'root',
      scripts: {
        'db:generate': 'drizzle-kit generate',
        'db:migrate': 'drizzle-kit migrate',
        'db:push': 'nexiom-lint guard push',
      },
    }),
    'drizzle.config.ts': CONFIG,
    'src/schema/users.ts': SCHEMA,
  };
  for (let p = 0; p < packages; p++) {
    files[`packages/p${p}/package.json`] = JSON.stringify(
      {
        name: `p${p}`,
        scripts: {
          build: 'tsc -b',
          test: 'vitest run',
          lint: 'eslint . && prettier --check .',
          release: 'git push --tags',
        },
      },
      null,
      2,
    );
    files[`packages/p${p}/Dockerfile`] = 'FROM node:20\nRUN npm ci && npm run build\nCMD ["node", "dist/index.js"]\n';
    for (let f = 0; f < 20; f++) {
      files[`packages/p${p}/src/m${f}.ts`] =
        `import { x } from './dep';\nexport const v${f} = (a: number) => a * ${f}; // ${'x'.repeat(200)}\n`.repeat(20);
    }
  }
  for (let w = 0; w < 10; w++) {
    files[`.github/workflows/w${w}.yml`] =
      `on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: |\n          npm ci\n          npm test\n          npm run db:migrate\n`;
  }
  return files;
}

export async function run() {
  // 1. The commit path: a code file staged now wakes no-db-push (it might import pushSchema).
  const dir = tempRepo({
    'package.json': JSON.stringify({ name: 'app', type: 'module', scripts: { 'db:generate': 'drizzle-kit generate' } }),
    'drizzle.config.ts': CONFIG,
    'src/schema/users.ts': SCHEMA,
  });
  execFileSync(DRIZZLE_KIT, ['generate', '--name', 'init'], { cwd: dir, stdio: 'ignore' });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'init');
  writeTree(dir, { 'README.md': '# app\n', 'src/app.ts': "export const hello = 'world';\n" });
  git(dir, 'add', 'README.md');
  const first = timeOnce(process.execPath, [BIN, '--staged'], dir);
  if (first.code !== 0) throw new Error(`nexiom-lint --staged failed: ${first.stdout}${first.stderr}`);
  const readme = () => timeOnce(process.execPath, [BIN, '--staged'], dir);
  const stageCode = () => {
    git(dir, 'add', 'src/app.ts');
    const r = timeOnce(process.execPath, [BIN, '--staged'], dir);
    git(dir, 'reset', '-q', 'src/app.ts');
    return r;
  };
  const [onlyReadme, withCode, node] = sideBySide(
    [
      { name: 'README staged', run: readme },
      { name: 'src/app.ts staged', run: stageCode },
      { name: 'node -e 0', run: () => timeOnce(process.execPath, ['-e', '0'], dir) },
    ],
    15,
  );

  // 2. A whole-repository scan.
  const big = tempRepo(bigRepo(100));
  git(big, 'add', '-A');
  git(big, 'commit', '-qm', 'init');
  const all = timeOnce(process.execPath, [BIN, '--all', '--rule', 'no-db-push'], big);
  if (all.code !== 0) throw new Error(`--all failed: ${all.stdout}${all.stderr}`);
  const [scan] = sideBySide(
    [{ name: '--all', run: () => timeOnce(process.execPath, [BIN, '--all', '--rule', 'no-db-push'], big) }],
    7,
    1,
  );

  // 3. The guard, as `npm run db:push` / `db:push:unsafe` runs it.
  const [blocked, unsafe] = sideBySide(
    [
      { name: 'guard push', run: () => timeOnce(process.execPath, [BIN, 'guard', 'push'], dir) },
      {
        name: 'guard push --unsafe',
        run: () => timeOnce(process.execPath, [BIN, 'guard', 'push', '--unsafe'], dir, { ...process.env, CI: '' }),
      },
    ],
    9,
  );

  printTable(title, [
    `--staged, README staged (fast path)        ${fmt(onlyReadme.median)}`,
    `--staged, src/app.ts staged (rule runs)    ${fmt(withCode.median)}   (${(withCode.median / node.median).toFixed(2)}x node -e 0)`,
    `node -e 0                                  ${fmt(node.median)}`,
    `--all --rule no-db-push, 100 packages, 2000 TS files, 100 Dockerfiles, 10 workflows   ${fmt(scan.median)}`,
    `guard push (refuses, explains)             ${fmt(blocked.median)}`,
    `guard push --unsafe (loads drizzle config) ${fmt(unsafe.median)}`,
  ]);
  return { codeRatio: withCode.median / node.median };
}
