/**
 * A schema that imports its constants by package name, not by relative path: from a workspace
 * package (`@acme/shared`, its package.json `main`), from its own package through `exports`
 * (`@acme/db/constants`) and `imports` (`#db/credits`), and through tsconfig `paths` set in a
 * base tsconfig the package `extends` (`@/lib/limits`, with `baseUrl`). Each such file changes the
 * DDL, so a change to it is a schema change: on a fresh checkout with no cache, in every mode.
 * The workspace is linked into node_modules as npm and pnpm link it, so drizzle-kit loads the
 * schema exactly as in a user's project.
 */
import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WorktreeTree } from '../../src/git/tree.js';
import { schemaImportGraph } from '../../src/project/import-graph.js';
import { generateIn, PG_CONFIG } from '../helpers/drizzle.js';
import { projectAt } from '../helpers/project.js';
import { cleanupAll, createRepo, type TempRepo } from '../helpers/repo.js';

afterAll(cleanupAll);

const pkg = (value: Record<string, unknown>) => JSON.stringify(value, null, 2);

const SCHEMA = `import { integer, pgTable, serial, varchar } from 'drizzle-orm/pg-core';
import { EMAIL_LENGTH } from '@acme/shared';
import { NAME_LENGTH } from '@acme/db/constants';
import { DEFAULT_CREDITS } from '#db/credits';
import { CITY_LENGTH } from '@/lib/limits';
import type { Meta } from '@acme/types';

export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  email: varchar('email', { length: EMAIL_LENGTH }).notNull(),
  name: varchar('name', { length: NAME_LENGTH }),
  city: varchar('city', { length: CITY_LENGTH }),
  credits: integer('credits').default(DEFAULT_CREDITS),
});
export type UserMeta = Meta;
`;

export const WORKSPACE = {
  'package.json': pkg({ name: 'acme', private: true, workspaces: ['packages/*'] }),
  'tsconfig.base.json': pkg({
    compilerOptions: { strict: true, baseUrl: '.', paths: { '@/lib/*': ['packages/lib/src/*'] } },
  }),
  'packages/db/package.json': pkg({
    name: '@acme/db',
    private: true,
    type: 'module',
    scripts: { 'db:generate': 'drizzle-kit generate' },
    imports: { '#db/*': './src/defaults/*.ts' },
    exports: { './constants': './src/constants.ts', './schema': './src/schema/users.ts' },
    dependencies: { '@acme/shared': '*', '@acme/types': '*' },
  }),
  'packages/db/tsconfig.json': pkg({ extends: '../../tsconfig.base.json' }),
  'packages/db/drizzle.config.ts': PG_CONFIG(),
  'packages/db/src/schema/users.ts': SCHEMA,
  'packages/db/src/constants.ts': 'export const NAME_LENGTH = 100;\n',
  'packages/db/src/defaults/credits.ts': 'export const DEFAULT_CREDITS = 10;\n',
  'packages/db/src/app.ts': "import { users } from '@acme/db/schema';\nexport const table = users;\n",
  'packages/shared/package.json': pkg({ name: '@acme/shared', private: true, type: 'module', main: './src/index.ts' }),
  'packages/shared/src/index.ts': "export * from './lengths.js';\n",
  'packages/shared/src/lengths.ts': 'export const EMAIL_LENGTH = 255;\n',
  'packages/shared/src/unused.ts': 'export const UNUSED = 1;\n',
  'packages/lib/package.json': pkg({ name: '@acme/lib', private: true, type: 'module' }),
  'packages/lib/src/limits.ts': 'export const CITY_LENGTH = 80;\n',
  'packages/types/package.json': pkg({ name: '@acme/types', private: true, exports: { '.': './index.ts' } }),
  'packages/types/index.ts': 'export interface Meta { tag: string }\n',
};

/** node_modules/@acme/* → packages/*, as a workspace install links them. */
export function linkWorkspace(repo: TempRepo, names: string[]): void {
  mkdirSync(path.join(repo.dir, 'node_modules/@acme'), { recursive: true });
  for (const name of names) {
    symlinkSync(path.join(repo.dir, 'packages', name), path.join(repo.dir, 'node_modules/@acme', name), 'dir');
  }
}

function workspace(): TempRepo {
  const repo = createRepo(WORKSPACE, { ownModules: true });
  linkWorkspace(repo, ['db', 'shared', 'lib', 'types']);
  generateIn(repo, 'packages/db', 'init');
  repo.commit('init');
  return repo;
}

/** No project cache: what a fresh checkout (a CI runner) has. */
function forgetCache(repo: TempRepo): void {
  rmSync(path.join(repo.dir, 'node_modules/.cache/nexiom-lint'), { recursive: true, force: true });
}

const EDITS: Record<string, [string, string]> = {
  'a workspace package (main)': ['packages/shared/src/lengths.ts', 'export const EMAIL_LENGTH = 320;\n'],
  'its own package by name (exports)': ['packages/db/src/constants.ts', 'export const NAME_LENGTH = 120;\n'],
  'a package.json imports alias (#db/*)': [
    'packages/db/src/defaults/credits.ts',
    'export const DEFAULT_CREDITS = 20;\n',
  ],
  'a tsconfig paths alias (extends, baseUrl)': ['packages/lib/src/limits.ts', 'export const CITY_LENGTH = 120;\n'],
};

describe('imports that are not relative', { timeout: 240_000 }, () => {
  const repo = workspace();

  it('are followed by the static graph, type-only imports left out', async () => {
    const project = await projectAt(repo.dir, 'packages/db/drizzle.config.ts');
    const graph = await schemaImportGraph(project, new WorktreeTree(repo.dir, true));
    expect(graph).toEqual([
      'packages/db/src/constants.ts',
      'packages/db/src/defaults/credits.ts',
      'packages/db/tsconfig.json',
      'packages/lib/src/limits.ts',
      'packages/shared/src/index.ts',
      'packages/shared/src/lengths.ts',
      'tsconfig.base.json',
    ]);
  });

  it.each(Object.entries(EDITS))('count as the schema when imported from %s, with --staged', (_, [file, text]) => {
    forgetCache(repo);
    repo.write({ [file]: text });
    repo.git('add', '-A');
    try {
      const r = repo.run(['--staged', '--format', 'json']);
      expect(r.code, r.stdout + r.stderr).toBe(1);
      const finding = JSON.parse(r.stdout).findings.find(
        (f: { ruleId: string }) => f.ruleId === 'schema-without-migration',
      );
      expect(finding.message).toContain(file);
      expect(finding.details).toContain('ALTER TABLE');
    } finally {
      repo.git('reset', '-q', '--hard');
    }
  });

  it('count a tsconfig whose paths retarget an import as a schema change', () => {
    forgetCache(repo);
    repo.write({
      'packages/lib/src/v2/limits.ts': 'export const CITY_LENGTH = 200;\n',
      'tsconfig.base.json': pkg({
        compilerOptions: { strict: true, baseUrl: '.', paths: { '@/lib/*': ['packages/lib/src/v2/*'] } },
      }),
    });
    repo.git('add', '-A');
    try {
      const r = repo.run(['--staged', '--format', 'json']);
      expect(r.code, r.stdout + r.stderr).toBe(1);
      expect(JSON.parse(r.stdout).findings[0].message).toContain('tsconfig.base.json');
    } finally {
      repo.git('reset', '-q', '--hard');
      repo.git('clean', '-qfd', 'packages/lib');
    }
  });

  it('count with --base and in the default mode', () => {
    repo.git('checkout', '-q', '-b', 'feature');
    try {
      const [file, text] = EDITS['a workspace package (main)']!;
      repo.write({ [file]: text });
      forgetCache(repo);
      const worktree = repo.run(['--format', 'json']);
      expect(worktree.code, worktree.stdout + worktree.stderr).toBe(1);
      expect(JSON.parse(worktree.stdout).findings[0].message).toContain(file);
      repo.commit('longer emails');
      forgetCache(repo);
      const base = repo.run(['--base', 'main', '--format', 'json']);
      expect(base.code, base.stdout + base.stderr).toBe(1);
      expect(JSON.parse(base.stdout).findings[0].message).toContain(file);
    } finally {
      repo.git('checkout', '-q', 'main');
    }
  });

  it('leave out files the schema does not import', () => {
    forgetCache(repo);
    repo.write({
      'packages/shared/src/unused.ts': 'export const UNUSED = 2;\n',
      'packages/db/src/app.ts': 'export const app = 1;\n',
    });
    repo.git('add', '-A');
    try {
      const r = repo.run(['--staged', '--format', 'json']);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).summary.projects[0].changes.schema).toEqual([]);
    } finally {
      repo.git('reset', '-q', '--hard');
    }
  });
});

describe('an import the static graph cannot resolve', { timeout: 240_000 }, () => {
  // The schema imports a generated file that git ignores; it re-exports a tracked constant.
  const repo = createRepo(
    {
      '.gitignore': 'node_modules\nsrc/generated/\n',
      'package.json': pkg({
        name: 'app',
        private: true,
        type: 'module',
        scripts: { 'db:generate': 'drizzle-kit generate' },
      }),
      'drizzle.config.ts': PG_CONFIG(),
      'src/schema/users.ts': `import { pgTable, serial, varchar } from 'drizzle-orm/pg-core';
import { ROLE_LENGTH } from '../generated/limits';

export const users = pgTable('users', { id: serial('id').primaryKey(), role: varchar('role', { length: ROLE_LENGTH }) });
`,
      'src/generated/limits.ts': "export { ROLE_LENGTH } from '../config/roles';\n",
      'src/config/roles.ts': 'export const ROLE_LENGTH = 16;\n',
      'src/app.ts': 'export const app = 1;\n',
      'tools/seed.ts': 'export const seed = 1;\n',
    },
    { ownModules: true },
  );
  generateIn(repo, '', 'init');
  repo.commit('init');

  const staged = (files: Record<string, string>) => {
    repo.write(files);
    repo.git('add', '-A');
    try {
      const r = repo.run(['--staged', '--format', 'json']);
      return { ...r, json: JSON.parse(r.stdout || '{}') };
    } finally {
      repo.git('reset', '-q', '--hard');
    }
  };

  it("makes the package's source files count on a fresh checkout, so the check runs", () => {
    forgetCache(repo);
    const changed = staged({ 'src/config/roles.ts': 'export const ROLE_LENGTH = 32;\n' });
    expect(changed.code, changed.stdout + changed.stderr).toBe(1);
    expect(changed.json.findings[0].message).toContain('src/config/roles.ts');

    // Not imported, but nothing static rules it out: checked, and the drift check clears it.
    forgetCache(repo);
    const other = staged({ 'src/app.ts': 'export const app = 2;\n' });
    expect(other.code, other.stdout + other.stderr).toBe(0);
    expect(other.json.summary.projects[0]).toMatchObject({ checked: true, changes: { schema: ['src/app.ts'] } });
  });

  it('gives way to the graph the drift check learned', () => {
    forgetCache(repo);
    expect(staged({ 'src/config/roles.ts': 'export const ROLE_LENGTH = 32;\n' }).code).toBe(1);
    const other = staged({ 'src/app.ts': 'export const app = 2;\n' });
    expect(other.code, other.stdout + other.stderr).toBe(0);
    expect(other.json.summary.projects[0].changes.schema).toEqual([]);
    // What the schema really loads still counts.
    expect(staged({ 'src/config/roles.ts': 'export const ROLE_LENGTH = 64;\n' }).code).toBe(1);
  });
});
