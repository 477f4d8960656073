/**
 * drizzle-kit before 0.30 wrote every foreign key inside `DO $$ BEGIN ... EXCEPTION WHEN
 * duplicate_object THEN null; END $$;`. Real output of drizzle-kit 0.24 (installed from the npm
 * registry into a folder outside the project, kept between runs; skipped, saying so, only when
 * that install is impossible), linted through the CLI in a real git repository.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PG_CONFIG } from '../helpers/drizzle.js';
import { cleanupAll, createRepo, type TempRepo } from '../helpers/repo.js';

const KIT = '0.24.2';
const ORM = '0.33.0';
const HOME = path.join(os.tmpdir(), `nexiom-lint-drizzle-${KIT}-pg`);
const MODULES = path.join(HOME, 'node_modules');

function install(): string | null {
  if (['drizzle-kit', 'drizzle-orm'].every((p) => existsSync(path.join(MODULES, p, 'package.json')))) return null;
  mkdirSync(HOME, { recursive: true });
  writeFileSync(path.join(HOME, 'package.json'), JSON.stringify({ name: 'kit-0-24-pg', private: true }));
  const r = spawnSync(
    'npm',
    ['install', '--no-audit', '--no-fund', '--ignore-scripts', '-E', `drizzle-kit@${KIT}`, `drizzle-orm@${ORM}`],
    {
      cwd: HOME,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return r.status === 0 ? null : `npm install drizzle-kit@${KIT} failed: ${r.stderr.slice(-500)}`;
}

const installError = install();
if (installError) console.warn(`Skipping the drizzle-kit ${KIT} tests: ${installError}`);

const schema = (withAuthor: boolean) => `import { integer, pgTable, serial, text } from 'drizzle-orm/pg-core';

export const users = pgTable('users', { id: serial('id').primaryKey(), email: text('email').notNull() });
export const posts = pgTable('posts', {
  id: serial('id').primaryKey(),
  title: text('title'),${withAuthor ? "\n  authorId: integer('author_id').references(() => users.id)," : ''}
});
export const comments = pgTable('comments', {
  id: serial('id').primaryKey(),
  postId: integer('post_id').references(() => posts.id),
});
`;

function generate(repo: TempRepo, name: string): string {
  const r = spawnSync(process.execPath, [path.join(MODULES, 'drizzle-kit/bin.cjs'), 'generate', '--name', name], {
    cwd: repo.dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.status !== 0) throw new Error(`drizzle-kit generate failed:\n${r.stdout}${r.stderr}`);
  const file = readdirSync(path.join(repo.dir, 'drizzle')).find((f) => f.endsWith(`_${name}.sql`))!;
  return `drizzle/${file}`;
}

const findings = (repo: TempRepo, args: string[]) =>
  (
    JSON.parse(repo.run([...args, '--format', 'json', '--rule', 'sql-add-foreign-key']).stdout).findings as Array<{
      file: string;
      line: number;
    }>
  ).map((f) => [f.file, f.line]);

describe.skipIf(installError !== null)(`drizzle-kit ${KIT}: foreign keys in DO blocks`, () => {
  let repo: TempRepo;
  let init: string;
  beforeAll(() => {
    repo = createRepo(
      {
        'package.json': JSON.stringify({ name: 'app', private: true, type: 'module' }),
        'drizzle.config.ts': PG_CONFIG(),
        'src/schema/index.ts': schema(false),
      },
      { linkModules: false },
    );
    mkdirSync(path.join(repo.dir, 'node_modules'));
    for (const name of readdirSync(MODULES)) {
      symlinkSync(path.join(MODULES, name), path.join(repo.dir, 'node_modules', name));
    }
    init = generate(repo, 'init');
    repo.commit('init');
  }, 180_000);
  afterAll(cleanupAll);

  it('passes the first migration: its DO-block foreign key is on a table created just before', () => {
    expect(readFileSync(path.join(repo.dir, init), 'utf8')).toMatch(
      /DO \$\$ BEGIN\n ALTER TABLE "comments" ADD CONSTRAINT/,
    );
    expect(findings(repo, ['--all'])).toEqual([]);
  });

  it('flags the foreign key a later migration adds to an existing table, at its line inside the DO block', () => {
    repo.write({ 'src/schema/index.ts': schema(true) });
    const file = generate(repo, 'author');
    const sql = readFileSync(path.join(repo.dir, file), 'utf8');
    expect(sql).toContain('DO $$ BEGIN');
    repo.git('add', '-A');
    const line = sql.split('\n').findIndex((l) => l.includes('ADD CONSTRAINT "posts_author_id_users_id_fk"')) + 1;
    expect(line).toBeGreaterThan(1);
    expect(findings(repo, ['--staged'])).toEqual([[file, line]]);
  });
});
