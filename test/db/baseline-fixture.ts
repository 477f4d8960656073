/**
 * The project and helpers of the `db baseline` tests on the real Postgres server: a drizzle project
 * with one migration, the ways its tables get into a database (push, raw SQL), the CLI started
 * without waiting, and the real drizzle-orm migrator.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { drizzleProject, generate, PG_CONFIG } from '../helpers/drizzle.js';
import { type TestDatabase } from '../helpers/pg.js';
import { BIN, createRepo, type RunResult, type TempRepo } from '../helpers/repo.js';

const SCHEMA_V1 = `import { pgTable, serial, text, integer, index, uniqueIndex, pgEnum } from 'drizzle-orm/pg-core';

export const mood = pgEnum('mood', ['sad', 'ok', 'happy']);

export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  email: text('email').notNull(),
  mood: mood('mood').default('ok'),
}, (t) => [uniqueIndex('users_email_idx').on(t.email)]);

export const posts = pgTable('posts', {
  id: serial('id').primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  title: text('title').notNull(),
}, (t) => [index('posts_user_idx').on(t.userId)]);
`;
export const SCHEMA_V2 = SCHEMA_V1.replace(
  "title: text('title').notNull(),",
  "title: text('title').notNull(),\n  body: text('body'),",
);

export const CONFIG_EXTRA = 'dbCredentials: { url: process.env.DATABASE_URL! },';

export function project(extra = CONFIG_EXTRA): TempRepo {
  const repo = createRepo(drizzleProject(SCHEMA_V1, { 'drizzle.config.ts': PG_CONFIG({ extra }) }));
  generate(repo, 'init');
  repo.commit('init');
  return repo;
}

export function push(repo: TempRepo, db: TestDatabase): void {
  const r = repo.exec('drizzle-kit', ['push', '--force'], { DATABASE_URL: db.url });
  if (r.code !== 0) throw new Error(`drizzle-kit push failed:\n${r.stdout}${r.stderr}`);
}

/** Runs one migration file's SQL on the database, as drizzle's migrator would (without recording it). */
export async function applySql(repo: TempRepo, db: TestDatabase, file: string): Promise<void> {
  await db.query(readFileSync(path.join(repo.dir, file), 'utf8').split('--> statement-breakpoint').join('\n'));
}

/** The guide's "raw SQL" way: the tables exist, made by hand from the same DDL (faster than push). */
export async function createBySql(repo: TempRepo, db: TestDatabase): Promise<void> {
  await applySql(repo, db, 'drizzle/0000_init.sql');
}

export function runAsync(repo: TempRepo, args: string[], env: Record<string, string>): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: repo.dir,
      env: { ...process.env, NO_COLOR: '1', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

export async function migrateWithDrizzle(
  repo: TempRepo,
  url: string,
  config: { migrationsTable?: string; migrationsSchema?: string } = {},
) {
  const pool = new pg.Pool({ connectionString: url });
  try {
    await migrate(drizzle(pool), { migrationsFolder: path.join(repo.dir, 'drizzle'), ...config });
  } finally {
    await pool.end();
  }
}
