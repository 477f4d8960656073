/**
 * A PR that drops a package the base's schema imported, and forgets the migration: the check runs
 * with the PR's node_modules, where the base's schema cannot load. That failure depends only on
 * the base commit and what is installed, so it is kept: the check run again starts no drizzle-kit
 * for the base, and tries again once something is installed or the package is back.
 */
import { mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generate, PG_CONFIG } from '../helpers/drizzle.js';
import { cleanupAll, createRepo } from '../helpers/repo.js';

afterAll(cleanupAll);

/** Notes each load of the schema in the file LOADS_LOG names (a copy of the tree has another cwd). */
const LOGGER = `import { appendFileSync } from 'node:fs';
appendFileSync(process.env.LOADS_LOG ?? '/dev/null', 'schema\\n');
`;

const schema = (imports: string, columns: string) => `import './log';
${imports}import { pgTable, serial, text } from 'drizzle-orm/pg-core';

export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  ${columns}
});
`;

describe('a base whose schema imports a package the PR removed', () => {
  it('is asked once, then again only after an install', () => {
    const repo = createRepo(
      {
        '.gitignore': 'node_modules\n',
        'package.json': JSON.stringify({
          name: 'app',
          type: 'module',
          scripts: { 'db:generate': 'drizzle-kit generate' },
        }),
        'drizzle.config.ts': PG_CONFIG({ schema: './src/schema/users.ts' }),
        'src/schema/log.ts': LOGGER,
        'src/schema/users.ts': schema('', "email: text('email'),"),
      },
      { ownModules: true },
    );
    const log = path.join(repo.dir, '..', `${path.basename(repo.dir)}-loads.log`);
    writeFileSync(log, '');
    const env = { LOADS_LOG: log };
    const pkg = path.join(repo.dir, 'node_modules', 'nexiom-test-padding');
    mkdirSync(pkg);
    writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'nexiom-test-padding', main: 'index.js' }));
    writeFileSync(path.join(pkg, 'index.js'), 'exports.pad = (s) => s;\n');
    // What npm writes when it installs: the stamp of the installed packages.
    const installed = path.join(repo.dir, 'node_modules', '.package-lock.json');
    writeFileSync(installed, '{}');
    generate(repo, 'init');
    repo.commit('init', {
      'src/schema/users.ts': schema("import { pad } from 'nexiom-test-padding';\n", "email: text(pad('email')),"),
    });
    repo.commit('drop the padding package, add a column, no migration', {
      'src/schema/users.ts': schema('', "email: text('email'),\n  name: text('name'),"),
    });
    rmSync(pkg, { recursive: true });
    utimesSync(installed, new Date(), new Date(Date.now() - 60_000));
    const loads = () => readFileSync(log, 'utf8').split('\n').filter(Boolean).length;

    const before = loads();
    const first = repo.run(['--base', 'HEAD~1', '--format', 'json'], env);
    expect(first.code).toBe(1);
    const report = JSON.parse(first.stdout);
    expect(report.findings.map((f: { ruleId: string }) => f.ruleId)).toContain('schema-without-migration');
    // The target's schema loaded, and the base's started to (it failed on the missing package).
    expect(loads() - before).toBe(2);

    const second = repo.run(['--base', 'HEAD~1', '--format', 'json'], env);
    expect(JSON.parse(second.stdout)).toEqual(report);
    expect(loads() - before).toBe(2);

    // An install (npm rewrites its record): the base is asked again.
    utimesSync(installed, new Date(), new Date());
    const third = repo.run(['--base', 'HEAD~1', '--format', 'json'], env);
    expect(JSON.parse(third.stdout)).toEqual(report);
    expect(loads() - before).toBe(3);
    // Kept again; the package back (linked by hand, no install recorded): asked again, and it loads.
    expect(repo.run(['--base', 'HEAD~1', '--format', 'json'], env).code).toBe(1);
    expect(loads() - before).toBe(3);
    mkdirSync(pkg);
    writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'nexiom-test-padding', main: 'index.js' }));
    writeFileSync(path.join(pkg, 'index.js'), 'exports.pad = (s) => s;\n');
    const fourth = repo.run(['--base', 'HEAD~1', '--format', 'json'], env);
    expect(fourth.code).toBe(1);
    expect(JSON.parse(fourth.stdout).findings).toEqual(report.findings);
    expect(loads() - before).toBe(4);
  });
});
