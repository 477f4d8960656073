/**
 * `--trace` through the real CLI, on migrations the real drizzle-kit generated (custom ones where
 * the case is hand-written SQL), in real git repositories: the base's migrations replayed on
 * PGlite, the branch's new ones observed. The base project is generated once and copied.
 */
import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupAll, createRepo, repoAt, tempDir, type TempRepo } from '../helpers/repo.js';
import { drizzleProject, generate } from '../helpers/drizzle.js';

const USERS = `import { pgTable, integer, text } from 'drizzle-orm/pg-core';

export const users = pgTable('users', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  email: text('email').notNull(),
  name: text('name'),
  age: integer('age'),
});
`;

const POSTS = `import { pgTable, integer, text } from 'drizzle-orm/pg-core';

export const posts = pgTable('posts', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  userId: integer('user_id'),
  title: text('title'),
});
`;

let base: string;
beforeAll(() => {
  const repo = createRepo(drizzleProject(USERS, { 'src/schema/posts.ts': POSTS }));
  generate(repo, 'init');
  repo.commit('init');
  base = repo.dir;
});
afterAll(cleanupAll);

/** A copy of the base on a branch `feature`, where `change` writes the new migrations, committed. */
function branch(change: (repo: TempRepo) => void): TempRepo {
  const dir = tempDir();
  cpSync(base, dir, { recursive: true, verbatimSymlinks: true });
  const repo = repoAt(dir);
  repo.git('checkout', '-q', '-b', 'feature');
  change(repo);
  repo.commit('change');
  return repo;
}

/** A `generate --custom` migration holding `sql`. */
function custom(repo: TempRepo, name: string, sql: string): string {
  generate(repo, name, ['--custom']);
  const file = repo.git('ls-files', '--others', '--exclude-standard', 'drizzle/*.sql').trim();
  writeFileSync(path.join(repo.dir, file), sql);
  return file;
}

interface JsonFinding {
  ruleId: string;
  line: number;
  file: string;
  message: string;
  observed?: Array<{ table: string; lock: string | null; rewrite: boolean; scan: boolean; indexBuild: boolean }>;
  contradicted?: string;
  notTraced?: string;
}

function json(repo: TempRepo, args: string[]): { code: number; findings: JsonFinding[]; notes: string[] } {
  const r = repo.run(['--base', 'main', '--format', 'json', ...args]);
  expect(r.code, r.stderr).not.toBe(2);
  const out = JSON.parse(r.stdout) as { findings: JsonFinding[]; summary: { notes: string[] } };
  return { code: r.code, findings: out.findings, notes: out.summary.notes };
}

const sqlOf = (repo: TempRepo, file: string) => repo.git('show', `HEAD:${file}`);
const lineOf = (sql: string, needle: string) => sql.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('--trace', () => {
  it('a type change int → bigint: the finding carries the rewrite Postgres did, in json, markdown and SARIF', () => {
    const repo = branch((r) => {
      r.write({
        'src/schema/users.ts': USERS.replace("integer('age')", "bigint('age', { mode: 'number' })").replace(
          'integer, text',
          'integer, bigint, text',
        ),
      });
      generate(r, 'age_bigint');
    });
    const { findings } = json(repo, ['--trace']);
    expect(findings.map((f) => f.ruleId)).toEqual(['sql-column-type-change']);
    expect(findings[0]!.observed).toEqual([
      { table: 'public.users', lock: 'ACCESS EXCLUSIVE', rewrite: true, scan: true, indexBuild: true },
    ]);
    // Without --trace nothing is observed (and nothing started).
    expect(json(repo, []).findings[0]!.observed).toBeUndefined();
    const md = repo.run(['--base', 'main', '--format', 'markdown', '--trace']).stdout;
    expect(md).toContain('_What Postgres did (--trace):_ users: ACCESS EXCLUSIVE, rewritten, scanned, index built');
    const sarif = JSON.parse(repo.run(['--base', 'main', '--format', 'sarif', '--trace']).stdout);
    expect(sarif.runs[0].results[0].properties.observed[0]).toMatchObject({ table: 'public.users', rewrite: true });
  });

  it('a nullable column, an index and a foreign key in one generated migration: each statement observed on its own', () => {
    const repo = branch((r) => {
      r.write({
        'src/schema/users.ts': USERS.replace(
          "age: integer('age'),",
          "age: integer('age'),\n  nickname: text('nickname'),",
        )
          .replace('import { pgTable,', 'import { index, pgTable,')
          .replace('});\n', "}, (t) => [index('users_name_idx').on(t.name)]);\n"),
        'src/schema/posts.ts': POSTS.replace(
          "import { pgTable, integer, text } from 'drizzle-orm/pg-core';",
          "import { pgTable, integer, text } from 'drizzle-orm/pg-core';\nimport { users } from './users';",
        ).replace("integer('user_id')", "integer('user_id').references(() => users.id)"),
      });
      generate(r, 'mixed');
    });
    const file = 'drizzle/0001_mixed.sql';
    const sql = sqlOf(repo, file);
    const { findings } = json(repo, ['--trace']);
    const at = (rule: string) => findings.find((f) => f.ruleId === rule)!;
    // No rule flags the nullable column, and the trace agrees: the lock only, no rewrite, no scan.
    expect(findings.some((f) => f.line === lineOf(sql, 'ADD COLUMN "nickname"'))).toBe(false);
    expect(at('sql-create-index').line).toBe(lineOf(sql, 'CREATE INDEX'));
    expect(at('sql-create-index').observed).toEqual([
      { table: 'public.users', lock: 'ACCESS EXCLUSIVE', rewrite: false, scan: true, indexBuild: true },
    ]);
    expect(at('sql-add-foreign-key').line).toBe(lineOf(sql, 'FOREIGN KEY'));
    expect(at('sql-add-foreign-key').observed).toEqual([
      { table: 'public.posts', lock: 'SHARE ROW EXCLUSIVE', rewrite: false, scan: true, indexBuild: false },
      // users: already under the ADD COLUMN's ACCESS EXCLUSIVE; the new SHARE ROW EXCLUSIVE shows.
      { table: 'public.users', lock: 'ACCESS EXCLUSIVE', rewrite: false, scan: false, indexBuild: false },
    ]);
    expect(findings.filter((f) => f.ruleId === 'sql-traced-hazard')).toEqual([]);
  });

  it('SET NOT NULL after a validated CHECK: no scan, no finding, no traced hazard', () => {
    const prepared = branch((r) => {
      custom(
        r,
        'name_check',
        'ALTER TABLE "users" ADD CONSTRAINT "users_name_nn" CHECK ("name" IS NOT NULL) NOT VALID;--> statement-breakpoint\n' +
          'ALTER TABLE "users" VALIDATE CONSTRAINT "users_name_nn";\n',
      );
    });
    prepared.git('checkout', '-q', 'main');
    prepared.git('merge', '-q', '--ff-only', 'feature');
    prepared.git('checkout', '-q', '-b', 'not-null');
    prepared.write({ 'src/schema/users.ts': USERS.replace("text('name')", "text('name').notNull()") });
    generate(prepared, 'name_not_null');
    prepared.commit('not null');
    const r = prepared.run(['--base', 'main', '--format', 'json', '--trace']);
    expect(JSON.parse(r.stdout).findings).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('an unflagged hazard (DDL built with EXECUTE) is a sql-traced-hazard warning only with --trace', () => {
    const repo = branch((r) => {
      custom(
        r,
        'dynamic',
        `DO $$ BEGIN\n  EXECUTE format('ALTER TABLE %I ALTER COLUMN %I SET DATA TYPE bigint', 'users', 'age');\nEND $$;\n`,
      );
    });
    expect(json(repo, []).findings).toEqual([]);
    const { code, findings } = json(repo, ['--trace']);
    expect(findings.map((f) => [f.ruleId, f.line])).toEqual([['sql-traced-hazard', 1]]);
    expect(findings[0]!.message).toContain('users: ACCESS EXCLUSIVE, rewritten, scanned, index built');
    expect(code).toBe(0); // a warning
  });

  it('a statement that fails on PGlite is "not traced", never an error of the change', () => {
    const repo = branch((r) => {
      custom(
        r,
        'postgis',
        'CREATE EXTENSION IF NOT EXISTS postgis;--> statement-breakpoint\n' +
          'ALTER TABLE "users" ADD COLUMN "place" geometry(Point, 4326);--> statement-breakpoint\n' +
          'CREATE INDEX "users_email_idx" ON "users" ("email");\n',
      );
    });
    const { code, findings, notes } = json(repo, ['--trace']);
    expect(code).toBe(1); // sql-create-index, an error of its own
    expect(findings.map((f) => [f.ruleId, f.line])).toEqual([['sql-create-index', 3]]);
    // The index after the failing statements is still traced.
    expect(findings[0]!.observed?.[0]).toMatchObject({ table: 'public.users', scan: true, indexBuild: true });
    expect(notes.join('\n')).toMatch(
      /2 statement\(s\) not traced, they fail on PGlite: drizzle\/0001_postgis\.sql:1 \(extension "postgis"/,
    );
  });

  it('never on the commit path', () => {
    const repo = branch(() => undefined);
    const r = repo.run(['--staged', '--trace']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--trace does not run on the commit path');
  });
});
