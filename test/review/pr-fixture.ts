/**
 * A pull request as reviewers see it, built with the real git and the real drizzle-kit: on a
 * branch off main, a new table (`comments`, with a foreign key and an index), a dropped column
 * (`users.phone`), a type change, a NOT NULL, an enum value and a dropped table, in two generated
 * migrations. Shared by the review tests and scripts/render-comment.mjs.
 *
 * With `billing`, a second project changes its schema without a migration. The PR then fails on
 * that and on the SQL safety rules (the drop, the type change, the NOT NULL ...); the helpers
 * below take it to a clean state the way an author would.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createRepo, PROJECT_ROOT, type FileMap, type TempRepo } from '../helpers/repo.js';
import { drizzleProject, generate } from '../helpers/drizzle.js';
import { SCHEMA_V1, SCHEMA_V2, SCHEMA_V2_STEP1 } from './fixtures.js';

export interface PrFixture {
  repo: TempRepo;
  /** The snapshot files, in order: base, after step 1, after step 2. */
  snapshots: string[];
}

export function buildPrFixture(options: { billing?: boolean } = {}): PrFixture {
  const billing: FileMap = options.billing
    ? {
        'packages/billing/package.json': JSON.stringify(
          { name: 'billing', private: true, scripts: { 'db:generate': 'drizzle-kit generate' } },
          null,
          2,
        ),
        'packages/billing/drizzle.config.ts': `import { defineConfig } from 'drizzle-kit';\nexport default defineConfig({ dialect: 'postgresql', schema: './src/schema.ts', out: './drizzle' });\n`,
        'packages/billing/src/schema.ts': `import { integer, pgTable, serial } from 'drizzle-orm/pg-core';\n\nexport const invoices = pgTable('invoices', {\n  id: serial('id').primaryKey(),\n  amountCents: integer('amount_cents').notNull(),\n});\n`,
      }
    : {};
  const repo = createRepo(drizzleProject(SCHEMA_V1, billing));
  generate(repo, 'init');
  if (options.billing) billingGenerate(repo, 'init');
  repo.commit('init');
  repo.git('checkout', '-q', '-b', 'feature/comments');
  repo.write({ 'src/schema/users.ts': SCHEMA_V2_STEP1 });
  generate(repo, 'tidy_users');
  repo.write({ 'src/schema/users.ts': SCHEMA_V2 });
  generate(repo, 'comments');
  // A schema change in the second project with no migration.
  if (options.billing) repo.write({ 'packages/billing/src/schema.ts': billingSchema("text('currency').notNull()") });
  repo.commit('comments, tidy users');
  return {
    repo,
    snapshots: ['0000', '0001', '0002'].map((n) => path.join(repo.dir, `drizzle/meta/${n}_snapshot.json`)),
  };
}

function billingSchema(currency: string): string {
  return `import { integer, pgTable, serial, text } from 'drizzle-orm/pg-core';\n\nexport const invoices = pgTable('invoices', {\n  id: serial('id').primaryKey(),\n  amountCents: integer('amount_cents').notNull(),\n  currency: ${currency},\n});\n`;
}

/** The suppressions an author adds to accept the PR's risky statements, each with its reason. */
export const ACCEPTED_RISKS: Array<{ file: string; statement: string; directive: string }> = [
  {
    file: 'drizzle/0001_tidy_users.sql',
    statement: 'DROP TABLE "legacy_events"',
    directive: 'sql-drop-table: no reader since v3.1; the rows are archived',
  },
  {
    file: 'drizzle/0001_tidy_users.sql',
    statement: 'ALTER TABLE "users" ALTER COLUMN "email"',
    directive: 'sql-column-type-change: users holds a few hundred staff accounts',
  },
  {
    file: 'drizzle/0001_tidy_users.sql',
    statement: 'ALTER TABLE "users" ALTER COLUMN "name"',
    directive: 'sql-set-not-null: users holds a few hundred staff accounts, all named',
  },
  {
    file: 'drizzle/0001_tidy_users.sql',
    statement: 'ALTER TABLE "users" DROP COLUMN "phone"',
    directive: 'sql-drop-column: unread since v2.3, which every instance runs',
  },
  {
    file: 'drizzle/0002_comments.sql',
    statement: 'CREATE TABLE "comments"',
    directive: 'sql-prefer-identity: every table here has serial ids; they move to identity together',
  },
];

/** Writes each `-- nexiom-lint-ignore` line above its statement in the PR's generated migrations. */
export function acceptRisks(repo: TempRepo): void {
  for (const { file, statement, directive } of ACCEPTED_RISKS) {
    const sql = readFileSync(path.join(repo.dir, file), 'utf8');
    if (!sql.includes(statement)) throw new Error(`${file} has no statement starting with ${statement}`);
    repo.write({ [file]: sql.replace(statement, `-- nexiom-lint-ignore ${directive}\n${statement}`) });
  }
}

/** The billing fix: the new NOT NULL column gets a default (safe to add), then its migration. */
export function fixBilling(repo: TempRepo): void {
  repo.write({ 'packages/billing/src/schema.ts': billingSchema("text('currency').notNull().default('EUR')") });
  billingGenerate(repo, 'currency');
}

export function billingGenerate(repo: TempRepo, name: string): void {
  const r = spawnSync(path.join(PROJECT_ROOT, 'node_modules/.bin/drizzle-kit'), ['generate', '--name', name], {
    cwd: path.join(repo.dir, 'packages/billing'),
    encoding: 'utf8',
  });
  if (r.status !== 0 || !/migration file/i.test(r.stdout + r.stderr)) {
    throw new Error(`drizzle-kit generate failed:\n${r.stdout}${r.stderr}`);
  }
}
