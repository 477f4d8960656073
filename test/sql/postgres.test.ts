/**
 * The premises of migration-concurrently, checked on a real Postgres with drizzle-orm's own
 * migrator: what the rule flags really fails there, and the fixed migration really runs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupAll, createRepo } from '../helpers/repo.js';
import { drizzleProject, generate } from '../helpers/drizzle.js';

const ADMIN = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' };
const created: string[] = [];

async function withDatabase<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const name = `nexiom_sql_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client(ADMIN);
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  created.push(name);
  const client = new pg.Client({ ...ADMIN, database: name });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** drizzle wraps Postgres's error in "Failed query: ..."; the server's message is its cause. */
async function failure(run: Promise<unknown>): Promise<string> {
  try {
    await run;
  } catch (error) {
    return String((error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message);
  }
  return 'no error';
}

afterAll(async () => {
  const admin = new pg.Client(ADMIN);
  await admin.connect();
  for (const name of created) await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.end();
  cleanupAll();
});

const schema = (
  values: string[],
  fallback: string,
  index = false,
) => `import { pgTable, pgEnum, integer, text${index ? ', index' : ''} } from 'drizzle-orm/pg-core';

export const status = pgEnum('status', ${JSON.stringify(values)});

export const posts = pgTable('posts', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  title: text('title'),
  status: status('status').default(${JSON.stringify(fallback)}),
}${index ? ", (t) => [index('posts_title_idx').on(t.title)]" : ''});
`;

let dir: string;
const migrations = () => path.join(dir, 'drizzle');
const lint = (args: string[]) => repo.run(['--all', '--format', 'json', ...args]);
let repo: ReturnType<typeof createRepo>;

beforeAll(() => {
  repo = createRepo({
    ...drizzleProject(),
    'src/schema/users.ts': null,
    'src/schema/posts.ts': schema(['draft', 'published'], 'draft'),
  });
  generate(repo, 'init');
  dir = repo.dir;
});

describe('migration-concurrently on a real Postgres', () => {
  it("a new enum value used in the same migration fails drizzle's migrator, as flagged", async () => {
    repo.write({ 'src/schema/posts.ts': schema(['draft', 'review', 'published'], 'review') });
    generate(repo, 'review');
    const sql = readFileSync(path.join(migrations(), '0001_review.sql'), 'utf8');
    expect(sql).toContain("ADD VALUE 'review'");
    const findings = JSON.parse(lint(['--rule', 'migration-concurrently']).stdout).findings;
    const line = sql.split('\n').findIndex((l) => l.includes("SET DEFAULT 'review'")) + 1;
    expect(findings.map((f: { file: string; line: number }) => [f.file, f.line])).toEqual([
      ['drizzle/0001_review.sql', line],
    ]);

    await withDatabase(async (client) => {
      expect(await failure(migrate(drizzle(client), { migrationsFolder: migrations() }))).toMatch(
        /unsafe use of new value "review"/,
      );
    });
    // The fix the help describes: ship the value alone, use it in a later deploy.
    writeFileSync(
      path.join(migrations(), '0001_review.sql'),
      sql.replace(/ALTER TABLE "posts" ALTER COLUMN "status" SET DEFAULT 'review';(--> statement-breakpoint)?\n?/, ''),
    );
    await withDatabase(async (client) => {
      await migrate(drizzle(client), { migrationsFolder: migrations() });
      await client.query(`ALTER TABLE "posts" ALTER COLUMN "status" SET DEFAULT 'review'`);
    });
    expect(JSON.parse(lint(['--rule', 'migration-concurrently']).stdout).findings).toEqual([]);
  });

  it('CREATE INDEX CONCURRENTLY fails inside the migrator, as flagged; the plain form runs', async () => {
    repo.write({ 'src/schema/posts.ts': schema(['draft', 'review', 'published'], 'draft', true) });
    generate(repo, 'title_idx');
    const file = path.join(migrations(), '0002_title_idx.sql');
    const generated = readFileSync(file, 'utf8');
    writeFileSync(file, generated.replace('CREATE INDEX', 'CREATE INDEX CONCURRENTLY'));
    const findings = JSON.parse(lint(['--rule', 'migration-concurrently']).stdout).findings;
    expect(findings.map((f: { file: string }) => f.file)).toEqual(['drizzle/0002_title_idx.sql']);
    await withDatabase(async (client) => {
      expect(await failure(migrate(drizzle(client), { migrationsFolder: migrations() }))).toMatch(
        /cannot run inside a transaction block/,
      );
    });
    writeFileSync(file, generated);
    await withDatabase(async (client) => {
      await migrate(drizzle(client), { migrationsFolder: migrations() });
    });
  });

  it('a later data migration that writes the same text into a text column (UPDATE, INSERT) runs, and is not flagged', async () => {
    generate(repo, 'backfill', ['--custom']);
    const file = path.join(migrations(), '0003_backfill.sql');
    writeFileSync(
      file,
      `UPDATE "posts" SET "title" = 'review' WHERE "title" = 'draft';--> statement-breakpoint\nINSERT INTO "posts" ("title", "status") VALUES ('review', 'draft');\n`,
    );
    expect(JSON.parse(lint(['--rule', 'migration-concurrently']).stdout).findings).toEqual([]);
    await withDatabase(async (client) => {
      await migrate(drizzle(client), { migrationsFolder: migrations() });
      expect((await client.query(`SELECT "title", "status" FROM "posts"`)).rows).toEqual([
        { title: 'review', status: 'draft' },
      ]);
    });
    // The enum column is another matter: a fresh database runs 0001 and this in one transaction.
    writeFileSync(
      file,
      `UPDATE "posts" SET "status" = 'review' WHERE "status" = 'draft';--> statement-breakpoint\nINSERT INTO "posts" ("title", "status") VALUES ('x', 'review');\n`,
    );
    const findings = JSON.parse(lint(['--rule', 'migration-concurrently']).stdout).findings;
    expect(findings.map((f: { file: string; line: number }) => [f.file, f.line])).toEqual([
      ['drizzle/0003_backfill.sql', 1],
      ['drizzle/0003_backfill.sql', 2],
    ]);
    await withDatabase(async (client) => {
      expect(await failure(migrate(drizzle(client), { migrationsFolder: migrations() }))).toMatch(
        /unsafe use of new value "review"/,
      );
    });
  });
});
