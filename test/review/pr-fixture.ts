/**
 * A pull request as reviewers see it, built with the real git and the real drizzle-kit: on a
 * branch off main, a new table (`comments`, with a foreign key and an index), a dropped column
 * (`users.phone`), a type change, a NOT NULL, an enum value and a dropped table, in two generated
 * migrations. Shared by the review tests and scripts/render-comment.mjs.
 */
import { spawnSync } from 'node:child_process';
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
        'packages/billing/package.json': JSON.stringify({ name: 'billing', private: true, scripts: { 'db:generate': 'drizzle-kit generate' } }, null, 2),
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
  if (options.billing) {
    // A schema change in the second project with no migration: the failing rule of the fixture.
    repo.write({
      'packages/billing/src/schema.ts': `import { integer, pgTable, serial, text } from 'drizzle-orm/pg-core';\n\nexport const invoices = pgTable('invoices', {\n  id: serial('id').primaryKey(),\n  amountCents: integer('amount_cents').notNull(),\n  currency: text('currency').notNull(),\n});\n`,
    });
  }
  repo.commit('comments, tidy users');
  return { repo, snapshots: ['0000', '0001', '0002'].map((n) => path.join(repo.dir, `drizzle/meta/${n}_snapshot.json`)) };
}

export function billingGenerate(repo: TempRepo, name: string): void {
  const r = spawnSync(path.join(PROJECT_ROOT, 'node_modules/.bin/drizzle-kit'), ['generate', '--name', name], {
    cwd: path.join(repo.dir, 'packages/billing'),
    encoding: 'utf8',
  });
  if (r.status !== 0 || !/migration file/i.test(r.stdout + r.stderr)) throw new Error(`drizzle-kit generate failed:\n${r.stdout}${r.stderr}`);
}
