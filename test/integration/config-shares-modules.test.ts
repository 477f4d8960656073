/**
 * A drizzle config that imports the project's own database module, which imports the schema (as
 * Dokploy's does: `import { dbUrl } from "@dokploy/server/db"`). drizzle-kit generate loads the
 * config and then the schema in one process, so each module runs once; nexiom-lint does the same,
 * and still learns every file the schema imports, also those the config loaded first.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generate } from '../helpers/drizzle.js';
import { cleanupAll, createRepo } from '../helpers/repo.js';

afterAll(cleanupAll);

const LOG = "import { appendFileSync } from 'node:fs';\nimport path from 'node:path';\n";
const loaded = (name: string) => `appendFileSync(path.join(process.cwd(), 'loads.log'), '${name}\\n');\n`;

const files = {
  '.gitignore': 'node_modules\nloads.log\n',
  'package.json': JSON.stringify({ name: 'app', type: 'module', scripts: { 'db:generate': 'drizzle-kit generate' } }),
  'drizzle.config.ts': `import { defineConfig } from 'drizzle-kit';
import { dbUrl } from './src/db/index';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './drizzle',
  dbCredentials: { url: dbUrl },
});
`,
  'src/db/index.ts': `${LOG}import * as schema from './schema';

${loaded('db')}export const dbUrl = process.env.DATABASE_URL ?? 'postgres://localhost:5432/app';
export { schema };
`,
  'src/db/schema.ts': `${LOG}import { pgTable, serial, varchar } from 'drizzle-orm/pg-core';
import { EMAIL_LENGTH } from '../constants';

${loaded('schema')}export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  email: varchar('email', { length: EMAIL_LENGTH }).notNull(),
});
`,
  'src/constants.ts': 'export const EMAIL_LENGTH = 255;\n',
};

describe('a config that imports the schema through the app’s database module', () => {
  it('runs each module once in a PR check, and a later change to what the schema imports is still seen', () => {
    const repo = createRepo(files, { ownModules: true });
    generate(repo, 'init');
    repo.commit('init');
    repo.write({
      'src/db/schema.ts': files['src/db/schema.ts'].replace(
        '.notNull(),',
        ".notNull(),\n  name: varchar('name', { length: 100 }),",
      ),
    });
    generate(repo, 'user_names');
    repo.commit('user names');
    const log = path.join(repo.dir, 'loads.log');
    repo.write({ 'loads.log': '' });

    // Cold, as on CI: the config and the schema load in one process, as under generate.
    const cold = repo.run(['--base', 'HEAD~1', '--format', 'json']);
    expect(cold.code, cold.stderr).toBe(0);
    expect(readFileSync(log, 'utf8').split('\n').filter(Boolean).sort()).toEqual(['db', 'schema']);

    // The constant is imported by the schema, but the config loaded it first: the verdict cached
    // for this schema must still depend on it. A commit that changes only the constant owes a
    // migration (varchar(255) → varchar(320)), on the next run with the cache kept too.
    repo.commit('longer emails', { 'src/constants.ts': 'export const EMAIL_LENGTH = 320;\n' });
    const warm = repo.run(['--base', 'HEAD~1', '--format', 'json']);
    expect(warm.code, warm.stderr).toBe(1);
    const findings = (JSON.parse(warm.stdout) as { findings: Array<{ ruleId: string; message: string }> }).findings;
    expect(findings.map((f) => f.ruleId)).toContain('schema-without-migration');
    expect(findings.find((f) => f.ruleId === 'schema-without-migration')?.message).toContain('src/constants.ts');
  });
});
