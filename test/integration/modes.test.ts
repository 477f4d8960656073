import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { symlinkSync } from 'node:fs';
import { cleanupAll, createRepo, PROJECT_ROOT, repoAt, tempDir, type TempRepo } from '../helpers/repo.js';
import { drizzleProject, generate, USERS_V1, USERS_V2 } from '../helpers/drizzle.js';

afterAll(cleanupAll);

function baseProject(): TempRepo {
  const repo = createRepo(drizzleProject(USERS_V1));
  generate(repo, 'init');
  repo.commit('init');
  return repo;
}

const json = (r: { stdout: string }) => JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; file: string }> };

describe('--staged', () => {
  it('judges a partially staged file as it will be committed, not as it sits in the working tree', () => {
    const repo = baseProject();
    repo.write({ 'src/schema/users.ts': USERS_V2 });
    generate(repo, 'add_phone');
    repo.git('add', '-A');
    // A further, unstaged edit in the working tree does not belong to this commit.
    repo.write({ 'src/schema/users.ts': `${USERS_V2}\nexport const later = 1;\n` });
    expect(repo.run(['--staged']).code).toBe(0);
    // Unstaging the migration while keeping the schema staged is caught.
    repo.git('reset', '-q', 'drizzle');
    const r = repo.run(['--staged', '--format', 'json']);
    expect(r.code).toBe(1);
    expect(json(r).findings.map((f) => f.file)).toEqual(['src/schema/users.ts']);
  });

  it('sees a rename into the schema folder, and names with spaces and non-ASCII characters', () => {
    const repo = baseProject();
    const table =
      "import { pgTable, serial } from 'drizzle-orm/pg-core';\nexport const posts = pgTable('posts', { id: serial('id').primaryKey() });\n";
    repo.commit('helper', { 'src/helpers/ünïcode name.ts': table });
    repo.git('mv', 'src/helpers/ünïcode name.ts', 'src/schema/ünïcode name.ts');
    const r = repo.run(['--staged', '--format', 'json']);
    expect(r.code).toBe(1);
    expect(json(r).findings[0]!.file).toBe('src/schema/ünïcode name.ts');
    expect(json(r).findings[0]!.ruleId).toBe('schema-without-migration');
  });

  it('sees a schema file renamed out of the schema folder', () => {
    const repo = baseProject();
    const posts =
      "import { pgTable, serial } from 'drizzle-orm/pg-core';\nexport const posts = pgTable('posts', { id: serial('id').primaryKey() });\n";
    repo.write({ 'src/schema/posts.ts': posts });
    generate(repo, 'posts');
    repo.commit('posts');
    // The users table leaves the schema: db:generate would drop it.
    repo.git('mv', 'src/schema/users.ts', 'src/users.ts');
    const r = repo.run(['--staged', '--format', 'json']);
    expect(r.code).toBe(1);
    expect(json(r).findings[0]!.ruleId).toBe('schema-without-migration');
  });

  it('passes a file moved into the schema folder that declares nothing for the database, and says why', () => {
    const repo = baseProject();
    repo.commit('helper', { 'src/helpers/format.ts': 'export const x = 1;\n' });
    repo.git('mv', 'src/helpers/format.ts', 'src/schema/format.ts');
    const r = repo.run(['--staged']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('serialize to the same snapshot');
  });

  it('blocks it too with the literal rule the guide states', () => {
    const repo = baseProject();
    repo.commit('helper', {
      'src/helpers/format.ts': 'export const x = 1;\n',
      'nexiom-lint.config.json': JSON.stringify({
        rules: { 'schema-without-migration': ['error', { literal: true }] },
      }),
    });
    repo.git('mv', 'src/helpers/format.ts', 'src/schema/format.ts');
    expect(repo.run(['--staged']).code).toBe(1);
  });

  it('counts a migration staged in a non-default out folder', () => {
    const repo = createRepo(
      drizzleProject(USERS_V1, {
        'drizzle.config.ts':
          "import { defineConfig } from 'drizzle-kit';\nexport default defineConfig({ dialect: 'postgresql', schema: './src/schema/users.ts', out: './db/migrations' });\n",
      }),
    );
    generate(repo, 'init');
    repo.commit('init');
    repo.write({ 'src/schema/users.ts': USERS_V2 });
    generate(repo, 'add_phone');
    repo.git('add', '-A');
    expect(repo.run(['--staged']).code).toBe(0);
    repo.git('reset', '-q', 'db');
    expect(repo.run(['--staged']).code).toBe(1);
  });
});

describe('default mode', () => {
  it('compares the working tree (uncommitted and untracked work) with the merge base of the default branch', () => {
    const repo = baseProject();
    repo.git('checkout', '-q', '-b', 'feature');
    repo.commit('unrelated', { 'README.md': '# app\n' });
    expect(repo.run([]).code).toBe(0);
    repo.write({ 'src/schema/users.ts': USERS_V2 });
    const blocked = repo.run(['--format', 'json']);
    expect(blocked.code).toBe(1);
    // An untracked new migration counts as added.
    generate(repo, 'add_phone');
    expect(repo.run([]).code).toBe(0);
  });

  it('uses the PR base inside a GitHub Actions pull_request run', () => {
    const origin = baseProject();
    const clone = repoAt(tempDir());
    execFileSync('git', ['clone', '-q', origin.dir, clone.dir]);
    symlinkSync(`${PROJECT_ROOT}/node_modules`, `${clone.dir}/node_modules`);
    clone.git('checkout', '-q', '-b', 'feature');
    clone.commit('schema only', { 'src/schema/users.ts': USERS_V2 });
    const env = { GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'pull_request', GITHUB_BASE_REF: 'main' };
    const r = clone.run(['--format', 'json'], env);
    expect(r.code).toBe(1);
    expect(json(r).findings[0]!.ruleId).toBe('schema-without-migration');
    const missing = clone.run([], { ...env, GITHUB_BASE_REF: 'release' });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('origin/release');
  });
});

describe('--all', () => {
  it('checks the whole project without a diff', () => {
    const repo = baseProject();
    const r = repo.run(['--all', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).summary.mode).toBe('all');
  });

  it('sees a migration deleted from disk but not from the index as missing', () => {
    const repo = baseProject();
    repo.write({ 'drizzle/0000_init.sql': null });
    const r = repo.run(['--all', '--format', 'json', '--rule', 'migration-integrity']);
    expect(r.code).toBe(1);
    expect(json(r).findings.map((f) => f.ruleId)).toEqual(['migration-integrity']);
    expect(r.stdout).toContain('0000_init.sql');
  });
});

describe('--rule', () => {
  it('runs only the rules it names, including one that is off by default (as a warning)', () => {
    const repo = createRepo(
      drizzleProject(
        USERS_V1.replace("text('email')", "varchar('email', { length: 200 })").replace(
          '{ pgTable,',
          '{ pgTable, varchar,',
        ),
      ),
    );
    generate(repo, 'init');
    repo.commit('init');
    const plain = json(repo.run(['--all', '--format', 'json']));
    expect(plain.findings.map((f) => f.ruleId)).not.toContain('sql-prefer-text');
    const named = repo.run(['--all', '--format', 'json', '--rule', 'sql-prefer-text']);
    expect(named.code).toBe(0);
    const findings = JSON.parse(named.stdout).findings as Array<{ ruleId: string; severity: string; file: string }>;
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.ruleId === 'sql-prefer-text' && f.severity === 'warning')).toBe(true);
    expect(findings[0]!.file).toMatch(/^drizzle\/0000_init\.sql$/);
  });
});

describe('monorepo', () => {
  it('treats each drizzle config as a project and reports against the right one', () => {
    const pkg = (name: string) =>
      JSON.stringify({ name, type: 'module', scripts: { 'db:generate': 'drizzle-kit generate' } });
    const config =
      "import { defineConfig } from 'drizzle-kit';\nexport default defineConfig({ dialect: 'postgresql', schema: './src/schema', out: './drizzle' });\n";
    const repo = createRepo({
      'package.json': JSON.stringify({ name: 'root', private: true, workspaces: ['packages/*'] }),
      'packages/api/package.json': pkg('api'),
      'packages/api/drizzle.config.ts': config,
      'packages/api/src/schema/users.ts': USERS_V1,
      'packages/billing/package.json': pkg('billing'),
      'packages/billing/drizzle.config.ts': config,
      'packages/billing/src/schema/users.ts': USERS_V1,
    });
    for (const p of ['api', 'billing']) {
      execFileSync(`${PROJECT_ROOT}/node_modules/.bin/drizzle-kit`, ['generate', '--name', 'init'], {
        cwd: `${repo.dir}/packages/${p}`,
        stdio: 'ignore',
      });
    }
    repo.commit('init');
    repo.write({ 'packages/billing/src/schema/users.ts': USERS_V2 });
    repo.git('add', '-A');
    const r = repo.run(['--staged', '--format', 'json']);
    expect(r.code).toBe(1);
    const findings = JSON.parse(r.stdout).findings;
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      project: 'packages/billing/drizzle.config.ts',
      file: 'packages/billing/src/schema/users.ts',
    });
    expect(findings[0].help).toContain('packages/billing/drizzle');
  });
});
