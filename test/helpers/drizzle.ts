/**
 * Drizzle projects for tests, with migrations written by the real drizzle-kit (never by hand).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GIT_ENV, PROJECT_ROOT, tempDir, type FileMap, type TempRepo } from './repo.js';

export const PG_CONFIG = (
  options: { schema?: string | string[]; out?: string; extra?: string } = {},
) => `import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: ${JSON.stringify(options.schema ?? './src/schema')},
  out: ${JSON.stringify(options.out ?? './drizzle')},
  ${options.extra ?? ''}
});
`;

export const USERS_V1 = `import { pgTable, serial, text } from 'drizzle-orm/pg-core';

export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  email: text('email').notNull(),
});
`;

export const USERS_V2 = `import { pgTable, serial, text } from 'drizzle-orm/pg-core';

export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  email: text('email').notNull(),
  phoneNumber: text('phone_number'),
});
`;

/** A minimal Drizzle project: package.json with the usual scripts, a config, one schema file. */
export function drizzleProject(schema: string = USERS_V1, extra: FileMap = {}): FileMap {
  return {
    'package.json': JSON.stringify(
      {
        name: 'app',
        private: true,
        type: 'module',
        scripts: { 'db:generate': 'drizzle-kit generate', 'db:migrate': 'drizzle-kit migrate' },
      },
      null,
      2,
    ),
    'drizzle.config.ts': PG_CONFIG(),
    'src/schema/users.ts': schema,
    ...extra,
  };
}

/** Runs `drizzle-kit generate` in the repo; throws with its output when it did not write a migration. */
export function generate(repo: TempRepo, name: string, args: string[] = []): string {
  const result = repo.exec('drizzle-kit', ['generate', '--name', name, ...args]);
  const output = result.stdout + result.stderr;
  if (result.code !== 0 || !/Your SQL migration file|migration file/i.test(output)) {
    throw new Error(`drizzle-kit generate did not write a migration:\n${output}`);
  }
  return output;
}

/** Runs `drizzle-kit generate` in a package folder of the repo (a monorepo's), as its script would. */
export function generateIn(repo: TempRepo, packageDir: string, name: string): string {
  const r = spawnSync(path.join(PROJECT_ROOT, 'node_modules/.bin/drizzle-kit'), ['generate', '--name', name], {
    cwd: path.join(repo.dir, packageDir),
    env: { ...process.env, ...GIT_ENV },
    encoding: 'utf8',
  });
  const output = r.stdout + r.stderr;
  if (r.status !== 0 || !/migration file/i.test(output)) {
    throw new Error(`drizzle-kit generate did not write a migration:\n${output}`);
  }
  return output;
}

/**
 * A schema module that notes each time it loads, wherever it loads from: `log.ts` (LOAD_LOGGER)
 * appends a line to the file LOADS_LOG names, and `loggedUsers` imports it first (before any import
 * that may fail). A worker on a copy of the tree has another cwd, so the file is named, not relative.
 */
export const LOAD_LOGGER = `import { appendFileSync } from 'node:fs';
appendFileSync(process.env.LOADS_LOG ?? '/dev/null', 'schema\\n');
`;

export const loggedUsers = (columns: string, imports = '') => `import './log';
${imports}import { pgTable, serial, text } from 'drizzle-orm/pg-core';

export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  ${columns}
});
`;

/** A log for LOAD_LOGGER (removed with the test's repositories): the environment to run with, and the loads so far. */
export function loadsLog(): { env: { LOADS_LOG: string }; count(): number } {
  const file = path.join(tempDir('nexiom-loads-'), 'loads.log');
  writeFileSync(file, '');
  return {
    env: { LOADS_LOG: file },
    count: () => readFileSync(file, 'utf8').split('\n').filter(Boolean).length,
  };
}
