/**
 * The drizzle-kit 1.0 line (folder layout, `drizzle-kit/api-postgres`), with a real 1.0 release
 * installed from the npm registry into a temporary folder outside the project (kept between runs).
 * Skipped, saying so, only when that install is impossible (no registry).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupAll, createRepo, PROJECT_ROOT, type TempRepo } from '../helpers/repo.js';
import { drizzleProject } from '../helpers/drizzle.js';
import { copyOf, edit, json } from './fixture.js';

const VERSION = '1.0.0-rc.5';
const HOME = path.join(os.tmpdir(), `nexiom-lint-drizzle-kit-${VERSION}`);
const MODULES = path.join(HOME, 'node_modules');
const SCHEMA = `import { pgTable, serial, text } from 'drizzle-orm/pg-core';

export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  name: text('name'),
});
`;

let installError: string | null = null;
let base: TempRepo;

function install(): void {
  if (
    existsSync(path.join(MODULES, 'drizzle-kit/package.json')) &&
    existsSync(path.join(MODULES, 'drizzle-orm/package.json'))
  ) {
    return;
  }
  mkdirSync(HOME, { recursive: true });
  writeFileSync(path.join(HOME, 'package.json'), JSON.stringify({ name: 'kit-1', private: true }));
  const r = spawnSync(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      '-E',
      `drizzle-kit@${VERSION}`,
      `drizzle-orm@${VERSION}`,
    ],
    {
      cwd: HOME,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  if (r.status !== 0) installError = `npm install drizzle-kit@${VERSION} failed: ${r.stderr.slice(-500)}`;
}

function generate(repo: TempRepo, name: string): void {
  const r = spawnSync(
    process.execPath,
    [path.join(repo.dir, 'node_modules/drizzle-kit/bin.cjs'), 'generate', '--name', name],
    {
      cwd: repo.dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  if (!/migration\.sql/.test(r.stdout + r.stderr)) {
    throw new Error(`drizzle-kit ${VERSION} generate failed:\n${r.stdout}${r.stderr}`);
  }
}

beforeAll(() => {
  install();
  if (installError) return;
  base = createRepo(drizzleProject(SCHEMA), { linkModules: false });
  mkdirSync(path.join(base.dir, 'node_modules'));
  for (const name of readdirSync(MODULES)) {
    symlinkSync(path.join(MODULES, name), path.join(base.dir, 'node_modules', name));
  }
  generate(base, 'init');
  base.commit('init');
}, 300_000);
afterAll(cleanupAll);

describe(`drizzle-kit ${VERSION} (folder layout)`, () => {
  it('reads the folder layout and passes an unchanged schema, also after a diff snapshot', (ctx) => {
    if (installError) ctx.skip(installError);
    const repo = copyOf(base, MODULES);
    expect(readdirSync(path.join(repo.dir, 'drizzle')).some((f) => /^\d{14}_init$/.test(f))).toBe(true);
    expect(repo.run(['--all', '--rule', 'schema-drift']).code).toBe(0);
    edit(
      repo,
      'src/schema/users.ts',
      /$/,
      "\nexport const posts = pgTable('posts', { id: serial('id').primaryKey() });\n",
    );
    generate(repo, 'posts');
    repo.git('add', '-A');
    const r = repo.run(['--staged', '--format', 'json']);
    // The only finding is the SQL rules' advice on `serial`, read from the new folder's migration.sql:
    // no drift, no history problem, nothing that fails the commit.
    const findings = json(r.stdout).findings.map((f) => [f.ruleId, f.severity, f.file]);
    expect(findings).toEqual([
      ['sql-prefer-identity', 'warning', expect.stringMatching(/^drizzle\/\d{14}_posts\/migration\.sql$/)],
    ]);
    expect(r.code).toBe(0);
  });

  it('shows the SQL of a missing migration', (ctx) => {
    if (installError) ctx.skip(installError);
    const repo = copyOf(base, MODULES);
    edit(repo, 'src/schema/users.ts', "name: text('name'),", "name: text('name'),\n  phone: text('phone'),");
    repo.git('add', '-A');
    const r = repo.run(['--staged', '--format', 'json', '--rule', 'schema-drift']);
    expect(r.code).toBe(1);
    expect(json(r.stdout).findings[0]!.details).toBe('ALTER TABLE "users" ADD COLUMN "phone" text;');
  });

  it('reports a rename as a question for an interactive generate', (ctx) => {
    if (installError) ctx.skip(installError);
    const repo = copyOf(base, MODULES);
    edit(repo, 'src/schema/users.ts', "name: text('name')", "fullName: text('full_name')");
    repo.git('add', '-A');
    const r = repo.run(['--staged', '--format', 'json', '--rule', 'schema-drift']);
    expect(r.code).toBe(1);
    expect(json(r.stdout).findings[0]!.message).toContain('column public.users.full_name: renamed, or new?');
  });

  it('warns, without failing, when the folder layout meets a 0.31 drizzle-kit', (ctx) => {
    if (installError) ctx.skip(installError);
    const repo = copyOf(base, path.join(PROJECT_ROOT, 'node_modules'));
    const r = repo.run(['--all', '--rule', 'schema-drift', '--format', 'json']);
    expect(r.code).toBe(0);
    const [finding] = json(r.stdout).findings;
    expect(finding!.severity).toBe('warning');
    expect(finding!.message).toContain('1.0 folder layout, but drizzle-kit 0.31');
  });

  it('rebase-migrations regenerates a branch migration on top of main in the folder layout', (ctx) => {
    if (installError) ctx.skip(installError);
    const repo = copyOf(base, MODULES);
    repo.git('checkout', '-q', '-b', 'feature');
    edit(repo, 'src/schema/users.ts', "name: text('name'),", "name: text('name'),\n  phone: text('phone'),");
    generate(repo, 'add_phone');
    repo.commit('phone');
    repo.git('checkout', '-q', 'main');
    repo.write({
      'src/schema/posts.ts':
        "import { pgTable, serial } from 'drizzle-orm/pg-core';\n\nexport const posts = pgTable('posts', { id: serial('id').primaryKey() });\n",
    });
    generate(repo, 'add_posts');
    repo.commit('posts');
    repo.git('checkout', '-q', 'feature');
    repo.git('merge', '-q', '--no-edit', 'main');
    const merged = repo.run(['--all', '--format', 'json']);
    expect(merged.stderr).toBe('');
    expect(json(merged.stdout).findings.map((f) => f.ruleId)).toContain('migration-conflict');

    const r = repo.run(['rebase-migrations', '--base', 'main']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const folders = readdirSync(path.join(repo.dir, 'drizzle'))
      .filter((f) => /^\d{14}_/.test(f))
      .sort();
    expect(folders.map((f) => f.replace(/^\d{14}_/, ''))).toEqual(['init', 'add_posts', 'add_phone']);
    const phone = readFileSync(path.join(repo.dir, 'drizzle', folders[2]!, 'migration.sql'), 'utf8');
    expect(phone).toContain('ADD COLUMN "phone" text');
    expect(phone).not.toContain('posts');
    const after = repo.run(['--all', '--format', 'json']);
    expect(after.stderr).toBe('');
    expect(
      json(after.stdout).findings.filter((f) => f.ruleId.startsWith('migration-') || f.ruleId === 'replay-mismatch'),
    ).toEqual([]);
  });

  it('judges open branches as its generate does: commuting ones merge clean, conflicting ones stop it', (ctx) => {
    if (installError) ctx.skip(installError);
    const POSTS =
      "import { pgTable, serial } from 'drizzle-orm/pg-core';\n\nexport const posts = pgTable('posts', { id: serial('id').primaryKey() });\n";
    const repo = copyOf(base, MODULES);
    repo.git('checkout', '-q', '-b', 'feature');
    edit(repo, 'src/schema/users.ts', "name: text('name'),", "name: text('name'),\n  phone: text('phone'),");
    generate(repo, 'add_phone');
    repo.commit('phone');
    repo.git('checkout', '-q', 'main');
    repo.write({ 'src/schema/posts.ts': POSTS });
    generate(repo, 'add_posts');
    repo.commit('posts');
    repo.git('merge', '-q', '--no-edit', 'feature');
    const merged = repo.run(['--all', '--rule', 'schema-drift', '--format', 'json']);
    expect(merged.code, merged.stderr).toBe(0);
    expect(json(merged.stdout).summary!.projects[0]!.drift!.status).toBe('same');

    // One branch makes "name" NOT NULL, the other drops it: they do not commute.
    const conflicting = copyOf(base, MODULES);
    conflicting.git('checkout', '-q', '-b', 'feature');
    edit(conflicting, 'src/schema/users.ts', "name: text('name'),", "name: text('name').notNull(),");
    generate(conflicting, 'name_not_null');
    conflicting.commit('not null');
    conflicting.git('checkout', '-q', 'main');
    edit(conflicting, 'src/schema/users.ts', "  name: text('name'),\n", '');
    const dropped = readFileSync(path.join(conflicting.dir, 'src/schema/users.ts'), 'utf8');
    generate(conflicting, 'drop_name');
    conflicting.commit('drop name');
    spawnSync('git', ['merge', '-q', '--no-edit', 'feature'], { cwd: conflicting.dir, stdio: 'ignore' });
    conflicting.commit('merge', { 'src/schema/users.ts': dropped });
    const r = conflicting.run(['--all', '--rule', 'schema-drift', '--format', 'json']);
    expect(r.code, r.stderr).toBe(1);
    const result = json(r.stdout);
    expect(result.summary!.projects[0]!.drift!.status).toBe('refused');
    expect(result.findings[0]!.message).toMatch(
      /_drop_name and \d{14}_name_not_null do not commute|_name_not_null and \d{14}_drop_name do not commute/,
    );
  });
});
