import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupAll, createRepo, PROJECT_ROOT } from '../helpers/repo.js';
import { drizzleProject, generate, PG_CONFIG } from '../helpers/drizzle.js';
import { copyOf, edit, json } from './fixture.js';

afterAll(cleanupAll);

const CASED = `import { pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';

export const users = pgTable('users', {
  id: serial().primaryKey(),
  phoneNumber: text(),
});
`;

describe('loading the schema the way drizzle-kit does', () => {
  it("applies casing: 'snake_case' from the drizzle config", () => {
    const base = createRepo(
      drizzleProject(CASED, { 'drizzle.config.ts': PG_CONFIG({ extra: "casing: 'snake_case'," }) }),
    );
    generate(base, 'init');
    base.commit('init');
    const repo = copyOf(base);
    expect(repo.run(['--all', '--rule', 'schema-drift']).code).toBe(0);
    edit(repo, 'src/schema/users.ts', 'phoneNumber: text(),', 'phoneNumber: text(),\n  createdAt: timestamp(),');
    repo.git('add', '-A');
    const r = repo.run(['--staged', '--format', 'json', '--rule', 'schema-drift']);
    expect(r.code).toBe(1);
    expect(json(r.stdout).findings[0]!.details).toBe('ALTER TABLE "users" ADD COLUMN "created_at" timestamp;');
  });

  it('follows a barrel file, tsconfig paths aliases and files outside the schema folder, and learns them', () => {
    const schema = `import { pgTable, serial, text } from 'drizzle-orm/pg-core';
import { DEFAULT_PLAN } from '@/lib/plans';

export const accounts = pgTable('accounts', {
  id: serial('id').primaryKey(),
  plan: text('plan').default(DEFAULT_PLAN),
});
`;
    const base = createRepo(
      drizzleProject('', {
        'src/schema/users.ts': null,
        'drizzle.config.ts': PG_CONFIG({ schema: './src/db/index.ts' }),
        'src/db/index.ts': "export * from './tables/accounts';\n",
        'src/db/tables/accounts.ts': schema,
        'src/lib/plans.ts': "export const DEFAULT_PLAN = 'free';\n",
        'tsconfig.json': JSON.stringify({
          compilerOptions: { strict: true, baseUrl: '.', paths: { '@/*': ['./src/*'] } },
        }),
      }),
    );
    generate(base, 'init');
    base.commit('init');
    const repo = copyOf(base);
    // --all also replays the migrations (replay-mismatch): its schema loader resolves the alias too.
    const first = repo.run(['--all']);
    expect(first.code, first.stderr + first.stdout).toBe(0);
    // The run learned the files the schema imports beyond its entry file.
    const projects = JSON.parse(
      readFileSync(path.join(repo.dir, 'node_modules/.cache/nexiom-lint/projects.json'), 'utf8'),
    );
    expect(projects.learned['drizzle.config.ts']).toEqual(['src/db/tables/accounts.ts', 'src/lib/plans.ts']);
    // So a commit that touches only that file is checked.
    edit(repo, 'src/lib/plans.ts', "'free'", "'trial'");
    repo.git('add', '-A');
    const r = repo.run(['--staged', '--format', 'json']);
    expect(r.code).toBe(1);
    const { findings } = json(r.stdout);
    expect(findings[0]!.ruleId).toBe('schema-without-migration');
    expect(findings[0]!.details).toContain(`ALTER TABLE "accounts" ALTER COLUMN "plan" SET DEFAULT 'trial';`);
  });

  it('checks a package of a monorepo with drizzle-kit installed at the root, and stages judged from the index', () => {
    const pkg = JSON.stringify({
      name: 'api',
      private: true,
      type: 'module',
      scripts: { 'db:generate': 'drizzle-kit generate' },
    });
    const base = createRepo({
      'package.json': JSON.stringify({ name: 'root', private: true, workspaces: ['packages/*'] }),
      'packages/api/package.json': pkg,
      'packages/api/drizzle.config.ts': PG_CONFIG(),
      'packages/api/src/schema/users.ts': CASED,
    });
    const kit = spawnSync(path.join(PROJECT_ROOT, 'node_modules/.bin/drizzle-kit'), ['generate', '--name', 'init'], {
      cwd: path.join(base.dir, 'packages/api'),
      encoding: 'utf8',
    });
    expect(kit.stdout).toContain('drizzle/0000_init.sql');
    base.commit('init');
    const repo = copyOf(base);
    expect(repo.run(['--all', '--rule', 'schema-drift']).code).toBe(0);
    edit(repo, 'packages/api/src/schema/users.ts', 'phoneNumber: text(),', 'phoneNumber: text(),\n  city: text(),');
    repo.git('add', '-A');
    edit(repo, 'packages/api/src/schema/users.ts', 'city: text(),', 'city: text(),\n  zip: text(),'); // unstaged
    const r = repo.run(['--staged', '--format', 'json', '--rule', 'schema-drift']);
    expect(r.code).toBe(1);
    const [finding] = json(r.stdout).findings;
    expect(finding!.file).toBe('packages/api/src/schema/users.ts');
    expect(finding!.details).toBe('ALTER TABLE "users" ADD COLUMN "city" text;');
  });

  it("survives drizzle-kit's own process.exit(1) on a schema error: exit 2 with drizzle-kit's message", () => {
    const base = createRepo(drizzleProject(CASED));
    base.commit('init');
    const repo = copyOf(base);
    edit(
      repo,
      'src/schema/users.ts',
      /$/,
      "\nimport { index } from 'drizzle-orm/pg-core';\n" +
        "export const a = pgTable('a', { x: text('x') }, (t) => [index('same_idx').on(t.x)]);\n" +
        "export const b = pgTable('b', { y: text('y') }, (t) => [index('same_idx').on(t.y)]);\n",
    );
    const r = repo.run(['--all', '--rule', 'schema-drift']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('duplicated index name');
    expect(r.stderr).toContain('exit code 1');
  });

  it('without drizzle-kit: schema-drift exits 2 saying to install it; the gate falls back to file names', () => {
    const base = createRepo(
      drizzleProject(CASED, {
        'drizzle.config.ts': null,
        'drizzle.config.json': JSON.stringify({ dialect: 'postgresql', schema: './src/schema', out: './drizzle' }),
      }),
    );
    base.commit('init');
    const repo = copyOf(base);
    rmSync(path.join(repo.dir, 'node_modules/drizzle-kit'));
    const drift = repo.run(['--all', '--rule', 'schema-drift']);
    expect(drift.code).toBe(2);
    expect(drift.stderr).toContain('drizzle-kit is not installed');
    expect(drift.stderr).toMatch(/npm (install --save-dev|ci)/);
    edit(repo, 'src/schema/users.ts', 'phoneNumber: text(),', 'phoneNumber: text(), // a comment');
    repo.git('add', '-A');
    const gate = repo.run(['--staged', '--rule', 'schema-without-migration']);
    expect(gate.code).toBe(1);
    expect(gate.stdout).toContain('judged by file names alone');
  });
});
