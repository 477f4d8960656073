/**
 * The SQL rules through the real CLI, on migrations the real drizzle-kit generated, in real git
 * repositories. The base project is generated once and copied for each test.
 */
import { appendFileSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupAll, createRepo, repoAt, tempDir, type TempRepo } from '../helpers/repo.js';
import { drizzleProject, generate, PG_CONFIG } from '../helpers/drizzle.js';

const USERS = `import { pgTable, integer, text } from 'drizzle-orm/pg-core';

export const users = pgTable('users', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  email: text('email').notNull(),
});
`;

const USERS_RISKY = `import { pgTable, integer, text, index } from 'drizzle-orm/pg-core';

export const users = pgTable('users', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  email: text('email').notNull(),
  age: integer('age').notNull(),
}, (t) => [index('users_email_idx').on(t.email)]);
`;

const USERS_SAFE = `import { pgTable, integer, text } from 'drizzle-orm/pg-core';

export const users = pgTable('users', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  email: text('email').notNull(),
  nickname: text('nickname'),
});
`;

const POSTS = `import { pgTable, integer, text, index } from 'drizzle-orm/pg-core';
import { users } from './users';

export const posts = pgTable('posts', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  userId: integer('user_id').notNull().references(() => users.id),
  title: text('title'),
}, (t) => [index('posts_user_idx').on(t.userId)]);
`;

let base: string;

beforeAll(() => {
  const repo = createRepo(drizzleProject(USERS));
  generate(repo, 'init');
  repo.commit('init');
  base = repo.dir;
});
afterAll(cleanupAll);

function copy(): TempRepo {
  const dir = tempDir();
  cpSync(base, dir, { recursive: true, verbatimSymlinks: true });
  return repoAt(dir);
}

function findingsOf(
  stdout: string,
): Array<{ ruleId: string; file: string; line: number; severity: string; help?: string }> {
  return JSON.parse(stdout).findings;
}

describe('SQL rules through the CLI', () => {
  it('flags a risky generated migration at its lines when staged, with the Drizzle way out', () => {
    const repo = copy();
    repo.write({ 'src/schema/users.ts': USERS_RISKY });
    generate(repo, 'risky');
    repo.git('add', '-A');
    const r = repo.run(['--staged', '--format', 'json']);
    expect(r.code, r.stderr).toBe(1);
    const findings = findingsOf(r.stdout);
    const sql = repo.git('show', ':drizzle/0001_risky.sql');
    const lineOf = (needle: string) => sql.split('\n').findIndex((l) => l.includes(needle)) + 1;
    expect(findings.map((f) => [f.ruleId, f.file, f.line])).toEqual([
      ['sql-add-column-not-null', 'drizzle/0001_risky.sql', lineOf('ADD COLUMN "age"')],
      ['sql-create-index', 'drizzle/0001_risky.sql', lineOf('CREATE INDEX')],
    ]);
    expect(findings[1]!.help).toContain('CONCURRENTLY');
  });

  it('passes a safe generated migration, and a new table with its foreign key and index', () => {
    const repo = copy();
    repo.write({ 'src/schema/users.ts': USERS_SAFE, 'src/schema/posts.ts': POSTS });
    generate(repo, 'safe');
    repo.git('add', '-A');
    const r = repo.run(['--staged']);
    expect(r.stdout).toContain('no problems');
    expect(r.code).toBe(0);
  });

  it('honours a suppression with a reason added to the generated file', () => {
    const repo = copy();
    repo.write({ 'src/schema/users.ts': USERS_RISKY });
    generate(repo, 'risky');
    const file = `${repo.dir}/drizzle/0001_risky.sql`;
    const sql = readFileSync(file, 'utf8');
    writeFileSync(
      file,
      sql
        .replace(
          'ALTER TABLE "users" ADD COLUMN "age"',
          '-- nexiom-lint-ignore sql-add-column-not-null: users is empty until launch\nALTER TABLE "users" ADD COLUMN "age"',
        )
        .replace('CREATE INDEX', '-- nexiom-lint-ignore sql-create-index\nCREATE INDEX'),
    );
    repo.git('add', '-A');
    const r = repo.run(['--staged', '--format', 'json']);
    expect(findingsOf(r.stdout).map((f) => f.ruleId)).toEqual(['sql-suppression']);
    expect(r.code).toBe(1);
  });

  it('--base lints only what the branch adds; --all lints history unless sql.skip lists it', () => {
    const repo = copy();
    repo.write({ 'src/schema/users.ts': USERS_RISKY });
    generate(repo, 'risky');
    repo.commit('risky');
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write({
      'src/schema/users.ts': USERS_RISKY.replace(
        "age: integer('age').notNull(),",
        "age: integer('age').notNull(),\n  bio: text('bio'),",
      ),
    });
    generate(repo, 'bio');
    repo.commit('bio');
    expect(repo.run(['--base', 'main']).code).toBe(0);
    const all = repo.run(['--all', '--format', 'json']);
    expect(new Set(findingsOf(all.stdout).map((f) => f.file))).toEqual(new Set(['drizzle/0001_risky.sql']));
    repo.write({ 'nexiom-lint.config.json': JSON.stringify({ sql: { skip: ['0001_risky'] } }) });
    expect(repo.run(['--all']).code).toBe(0);
  });

  it('reads a project written with breakpoints: false (several statements per piece)', () => {
    const repo = createRepo(
      drizzleProject(USERS, { 'drizzle.config.ts': PG_CONFIG({ extra: 'breakpoints: false,' }) }),
    );
    generate(repo, 'init');
    repo.commit('init');
    repo.write({ 'src/schema/users.ts': USERS_RISKY });
    generate(repo, 'risky');
    const sql = readFileSync(`${repo.dir}/drizzle/0001_risky.sql`, 'utf8');
    expect(sql).not.toContain('statement-breakpoint');
    const r = repo.run(['--all', '--format', 'json']);
    const lineOf = (needle: string) => sql.split('\n').findIndex((l) => l.includes(needle)) + 1;
    expect(findingsOf(r.stdout).map((f) => [f.ruleId, f.line])).toEqual([
      ['sql-add-column-not-null', lineOf('ADD COLUMN "age"')],
      ['sql-create-index', lineOf('CREATE INDEX')],
    ]);
  });

  it('reports SQL that Postgres cannot parse as a finding, not a crash', () => {
    const repo = copy();
    repo.write({ 'src/schema/users.ts': USERS_SAFE });
    generate(repo, 'safe');
    const file = `${repo.dir}/drizzle/0001_safe.sql`;
    appendFileSync(file, '\n--> statement-breakpoint\nALTER TABLE "users" ADD COLUM "x" text;\n');
    repo.git('add', '-A');
    const r = repo.run(['--staged', '--format', 'json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(findingsOf(r.stdout).map((f) => f.ruleId)).toEqual(['sql-syntax']);
  });
});
