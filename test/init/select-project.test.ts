// Which drizzle configs init offers: Postgres ones that are in use, not another dialect's, not
// those of retired code, examples or fixtures (unless nothing else exists).
import { afterAll, describe, expect, it } from 'vitest';
import { PG_CONFIG, USERS_V1 } from '../helpers/drizzle.js';
import { cleanupAll, createRepo, type FileMap } from '../helpers/repo.js';

afterAll(cleanupAll);

function pgPackage(dir: string): FileMap {
  return {
    [`${dir}/package.json`]: `{ "name": "${dir.replace(/\W/g, '-')}", "type": "module" }\n`,
    [`${dir}/drizzle.config.ts`]: PG_CONFIG(),
    [`${dir}/src/schema/users.ts`]: USERS_V1,
  };
}

const SQLITE_CONFIG = `import { defineConfig } from 'drizzle-kit';
export default defineConfig({ dialect: 'sqlite', schema: './src/schema.ts', out: './migrations' });
`;

describe('the configs init offers', () => {
  it('sets up the one live Postgres config, past SQLite, .deprecated/, examples/ and fixtures/ ones', () => {
    const repo = createRepo({
      'package.json': '{ "name": "mono", "private": true, "workspaces": ["apps/*"] }\n',
      'package-lock.json': '{}\n',
      ...pgPackage('apps/api'),
      ...pgPackage('.deprecated/old-api'),
      ...pgPackage('examples/basic'),
      ...pgPackage('apps/api/test/fixtures/tiny'),
      'apps/cache/package.json': '{ "name": "cache" }\n',
      'apps/cache/drizzle.config.ts': SQLITE_CONFIG,
      'apps/cache/src/schema.ts':
        "import { sqliteTable, text } from 'drizzle-orm/sqlite-core';\nexport const kv = sqliteTable('kv', { k: text('k') });\n",
    });
    const r = repo.run(['init', '--no-install', '--no-workflow', '--dry-run']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('nexiom-lint init: apps/api/drizzle.config.ts (npm workspace, package apps/api)');
  });

  it('offers examples when nothing else exists', () => {
    const repo = createRepo({ ...pgPackage('examples/one'), ...pgPackage('examples/two') });
    const r = repo.run(['init', '--no-install', '--no-workflow', '--dry-run']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('examples/one/drizzle.config.ts');
    expect(r.stderr).toContain('examples/two/drizzle.config.ts');
  });
});
