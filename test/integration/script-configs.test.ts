/**
 * Configs not named drizzle.config.*: a package's scripts hand them to drizzle-kit with
 * `--config` (homarr keeps `configs/postgresql.config.ts`, `configs/mysql.config.ts` ...). They are
 * projects like any other: found without --config, checked when Postgres, noted when not.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PG_CONFIG, USERS_V1, USERS_V2 } from '../helpers/drizzle.js';
import { cleanupAll, createRepo, PROJECT_ROOT } from '../helpers/repo.js';

afterAll(cleanupAll);

const PACKAGE = JSON.stringify({
  name: '@acme/db',
  private: true,
  type: 'module',
  scripts: {
    'migration:postgresql:generate': 'pnpm with-env drizzle-kit generate --config ./configs/postgresql.config.ts',
    'migration:sqlite:generate': 'drizzle-kit generate --config=./configs/sqlite.config.ts && echo done',
    'migration:gone:generate': 'drizzle-kit generate --config ./configs/removed.config.ts',
  },
});

describe('configs named in package scripts', { timeout: 240_000 }, () => {
  const repo = createRepo(
    {
      'package.json': JSON.stringify({ name: 'root', private: true, workspaces: ['packages/*'] }),
      'packages/db/package.json': PACKAGE,
      'packages/db/configs/postgresql.config.ts': PG_CONFIG({ schema: './src/schema', out: './migrations/postgresql' }),
      'packages/db/configs/sqlite.config.ts':
        "export default { dialect: 'sqlite', schema: './src/sqlite.ts', out: './migrations/sqlite' };\n",
      'packages/db/src/schema/users.ts': USERS_V1,
      'packages/db/src/sqlite.ts': 'export {};\n',
    },
    { ownModules: true },
  );
  // As the package's script runs it: from the package, the config named with --config.
  const kit = spawnSync(
    path.join(PROJECT_ROOT, 'node_modules/.bin/drizzle-kit'),
    ['generate', '--config', './configs/postgresql.config.ts', '--name', 'init'],
    {
      cwd: path.join(repo.dir, 'packages/db'),
      encoding: 'utf8',
    },
  );
  repo.commit('init');

  it('are found without --config: the Postgres one checked, the other noted', () => {
    expect(kit.stdout + kit.stderr).toMatch(/migration file/i);
    const r = repo.run(['--all', '--format', 'json', '--rule', 'migration-integrity']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.summary.projects.map((p: { configFile: string }) => p.configFile)).toEqual([
      'packages/db/configs/postgresql.config.ts',
    ]);
    expect(json.summary.notes.join('\n')).toContain(
      'packages/db/configs/sqlite.config.ts: not checked (dialect "sqlite")',
    );
  });

  it('block a schema change without its migration', () => {
    repo.git('checkout', '-q', '-b', 'phone');
    repo.commit('phone, no migration', { 'packages/db/src/schema/users.ts': USERS_V2 });
    const r = repo.run(['--base', 'main', '--format', 'json']);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const findings = JSON.parse(r.stdout).findings as Array<{ ruleId: string; project?: string }>;
    expect(
      findings.some(
        (f) => f.ruleId === 'schema-without-migration' && f.project === 'packages/db/configs/postgresql.config.ts',
      ),
    ).toBe(true);
  });
});
