/**
 * Configs that compute `schema` / `out` from `process.cwd()`. drizzle-kit runs in the package
 * whose script starts it, so such a config means that package's files; nexiom-lint evaluates it
 * there too, whatever folder it was started from, and caches the same answer from everywhere.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupAll, createRepo, GIT_ENV, PROJECT_ROOT, type TempRepo } from '../helpers/repo.js';
import { USERS_V1, USERS_V2 } from '../helpers/drizzle.js';

afterAll(cleanupAll);

/** drizzle-kit generate run the way the package's script runs it: in packages/db. */
function generateIn(repo: TempRepo, pkg: string, name: string): void {
  const r = spawnSync(path.join(PROJECT_ROOT, 'node_modules/.bin/drizzle-kit'), ['generate', '--name', name], {
    cwd: path.join(repo.dir, pkg),
    env: { ...process.env, ...GIT_ENV },
    encoding: 'utf8',
  });
  if (r.status !== 0 || !/migration file/i.test(r.stdout + r.stderr)) {
    throw new Error(`drizzle-kit generate failed:\n${r.stdout}${r.stderr}`);
  }
}

/** A monorepo whose packages/db config names its schema relative to process.cwd(). */
function monorepo(config: (dir: string) => string, schemaFile: string): TempRepo {
  const repo = createRepo(
    {
      'package.json': JSON.stringify({ name: 'root', private: true, workspaces: ['packages/*'] }),
      'packages/web/package.json': JSON.stringify({ name: 'web', private: true }),
      'packages/web/index.ts': 'export {};\n',
      'packages/db/package.json': JSON.stringify({
        name: 'db',
        private: true,
        type: 'module',
        scripts: { 'db:generate': 'drizzle-kit generate' },
      }),
      [`packages/db/${schemaFile}`]: USERS_V1,
    },
    { ownModules: true },
  );
  repo.write({ 'packages/db/drizzle.config.ts': config(repo.dir) });
  generateIn(repo, 'packages/db', 'init');
  repo.commit('init');
  return repo;
}

const RELATIVE = (dir: string) => `import path from 'node:path';
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: path.relative(process.cwd(), ${JSON.stringify(path.join(dir, 'packages/db/schema.ts'))}),
  out: path.relative(process.cwd(), ${JSON.stringify(path.join(dir, 'packages/db/drizzle'))}),
});
`;

const JOINED = () => `import path from 'node:path';
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: path.join(process.cwd(), 'src/db/schema'),
  out: './drizzle',
});
`;

function projectsOf(stdout: string): Array<{ configFile: string; out: string }> {
  return (JSON.parse(stdout) as { summary: { projects: Array<{ configFile: string; out: string }> } }).summary.projects;
}

describe('a config that reads process.cwd()', () => {
  it('schema: path.relative(process.cwd(), <absolute>) is the same project from the root, the package and a sibling', () => {
    const repo = monorepo(RELATIVE, 'schema.ts');
    for (const cwd of ['.', 'packages/db', 'packages/web', 'packages/db/drizzle']) {
      // The drift check is the rule that reads the schema the config names.
      const args = [
        '--all',
        '--rule',
        'schema-drift',
        '--format',
        'json',
        '--config',
        path.join(repo.dir, 'packages/db/drizzle.config.ts'),
      ];
      const r = repo.run(args, {}, cwd);
      expect(r.stderr, `from ${cwd}`).toBe('');
      expect(r.code, `from ${cwd}: ${r.stdout}`).toBe(0);
      expect(projectsOf(r.stdout)).toEqual([
        expect.objectContaining({ configFile: 'packages/db/drizzle.config.ts', out: 'packages/db/drizzle' }),
      ]);
    }
  }, 240_000);

  it('schema: path.join(process.cwd(), ...): a schema change without a migration is caught from the repository root', () => {
    const repo = monorepo(JOINED, 'src/db/schema/users.ts');
    repo.write({ 'packages/db/src/db/schema/users.ts': USERS_V2 });
    repo.git('add', '-A');
    const r = repo.run(['--staged', '--format', 'json']);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const findings = (JSON.parse(r.stdout) as { findings: Array<{ ruleId: string }> }).findings;
    expect(findings.map((f) => f.ruleId)).toContain('schema-without-migration');
  }, 120_000);

  it('the cached project model is the package-folder answer, whichever folder ran first', () => {
    const repo = monorepo(JOINED, 'src/db/schema/users.ts');
    const first = repo.run(['--all', '--rule', 'schema-drift', '--format', 'json'], {}, 'packages/web');
    expect(first.code, first.stdout + first.stderr).toBe(0);
    const cache = JSON.parse(
      readFileSync(path.join(repo.dir, 'node_modules/.cache/nexiom-lint/projects.json'), 'utf8'),
    ) as {
      projects: Array<{ configFile: string; schema: string[] }>;
    };
    expect(cache.projects).toEqual([
      expect.objectContaining({ configFile: 'packages/db/drizzle.config.ts', schema: ['packages/db/src/db/schema'] }),
    ]);
    repo.write({ 'packages/db/src/db/schema/users.ts': USERS_V2 });
    repo.git('add', '-A');
    const staged = repo.run(['--staged', '--format', 'json']);
    expect(staged.code, staged.stdout + staged.stderr).toBe(1);
  }, 120_000);
});
