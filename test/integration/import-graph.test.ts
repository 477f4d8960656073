import { afterAll, describe, expect, it } from 'vitest';
import { cleanupAll, createRepo } from '../helpers/repo.js';
import { generate, PG_CONFIG } from '../helpers/drizzle.js';

afterAll(cleanupAll);

const files = {
  'package.json': JSON.stringify({ name: 'app', type: 'module', scripts: { 'db:generate': 'drizzle-kit generate' } }),
  'drizzle.config.ts': PG_CONFIG({ schema: './src/db/schema/index.ts' }),
  'src/db/schema/index.ts': "export * from './users.js';\n// export * from './legacy.js';\n",
  'src/db/schema/users.ts': `import { pgTable, serial, text, varchar } from 'drizzle-orm/pg-core';
import { EMAIL_LENGTH } from '../../constants';

export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  email: varchar('email', { length: EMAIL_LENGTH }).notNull(),
  name: text('name'),
});
`,
  'src/db/schema/legacy.ts': 'export const unused = 1;\n',
  'src/constants.ts': 'export const EMAIL_LENGTH = 255;\n',
  'src/app.ts': "import { users } from './db/schema';\nexport { users };\n",
};

describe('the schema import graph', () => {
  it('follows a barrel file named in the config to the table files, and to constants outside the schema folder', () => {
    const repo = createRepo(files);
    generate(repo, 'init');
    repo.commit('init');

    repo.write({
      'src/db/schema/users.ts': files['src/db/schema/users.ts'].replace(
        "name: text('name'),",
        "name: text('name'),\n  bio: text('bio'),",
      ),
    });
    repo.git('add', '-A');
    const table = repo.run(['--staged', '--format', 'json']);
    expect(table.code).toBe(1);
    expect(JSON.parse(table.stdout).findings[0].file).toBe('src/db/schema/users.ts');
    repo.git('reset', '-q', '--hard');

    // A constant the schema imports changes the DDL (varchar(255) → varchar(320)).
    repo.write({ 'src/constants.ts': 'export const EMAIL_LENGTH = 320;\n' });
    repo.git('add', '-A');
    const constant = repo.run(['--staged', '--format', 'json']);
    expect(constant.code).toBe(1);
    expect(JSON.parse(constant.stdout).findings[0].message).toContain('src/constants.ts');
    // Run twice: the second run uses the cached graph and must reach the same verdict.
    expect(repo.run(['--staged']).code).toBe(1);
    repo.git('reset', '-q', '--hard');

    // Files the schema does not import (the app, a commented-out export) are not schema changes.
    repo.write({ 'src/app.ts': 'export const app = 1;\n', 'src/db/schema/legacy.ts': 'export const unused = 2;\n' });
    repo.git('add', '-A');
    const other = repo.run(['--staged']);
    expect(other.code).toBe(0);
  });
});
