/**
 * Drift fixtures: a Drizzle project whose first migration the real drizzle-kit generated, built
 * once per test file and copied for each test (a copy costs milliseconds, a generate a second).
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT, repoAt, tempDir, type FileMap, type TempRepo } from '../helpers/repo.js';

export const SCHEMA_V1 = `import { bigint, index, pgEnum, pgTable, serial, text } from 'drizzle-orm/pg-core';

export const role = pgEnum('role', ['admin', 'member']);

export const users = pgTable(
  'users',
  {
    id: serial('id').primaryKey(),
    email: text('email').notNull(),
    name: text('name'),
    role: role('role').default('member'),
    visits: bigint('visits', { mode: 'number' }),
  },
  (t) => [index('users_email_idx').on(t.email)],
);
`;

/**
 * A copy of the fixture repository, with its own git history and its own node_modules folder
 * (each package linked to the project's), so that its `node_modules/.cache` is its own: a test
 * must start cold, whatever ran before it.
 */
export function copyOf(base: TempRepo, modules = path.join(PROJECT_ROOT, 'node_modules')): TempRepo {
  const dir = tempDir();
  cpSync(base.dir, dir, { recursive: true, verbatimSymlinks: true });
  const own = path.join(dir, 'node_modules');
  rmSync(own, { recursive: true, force: true });
  mkdirSync(own);
  for (const name of readdirSync(modules)) {
    if (name !== '.cache') symlinkSync(path.join(modules, name), path.join(own, name));
  }
  return repoAt(dir);
}

/** Replaces one piece of text in a file of the repository (the test fails when it is absent). */
export function edit(repo: TempRepo, file: string, from: string | RegExp, to: string): void {
  const abs = `${repo.dir}/${file}`;
  const text = readFileSync(abs, 'utf8');
  const next = text.replace(from, to);
  if (next === text) throw new Error(`edit: ${String(from)} not found in ${file}`);
  repo.write({ [file]: next } satisfies FileMap);
}

export function json(stdout: string): {
  findings: Array<{
    ruleId: string;
    message: string;
    details?: string;
    help?: string;
    severity: string;
    file?: string;
  }>;
  notes?: string[];
  summary?: { projects: Array<{ configFile: string; drift?: { status: string } }> };
} {
  return JSON.parse(stdout);
}
