/**
 * A drizzle config that imports through the tsconfig `paths` of the package drizzle-kit runs in
 * (tablecn's `@/env.js`; Dokploy's workspace subpath that the package's `exports` do not list):
 * drizzle-kit's loader applies those paths, so the config must load here too, not stop with exit 2.
 */
import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generate, generateIn, PG_CONFIG, USERS_V1, USERS_V2 } from '../helpers/drizzle.js';
import { cleanupAll, createRepo } from '../helpers/repo.js';

afterAll(cleanupAll);

const findingsOf = (stdout: string) =>
  (JSON.parse(stdout) as { findings: Array<{ ruleId: string }> }).findings.map((f) => f.ruleId);

describe('configs that import through tsconfig paths', { timeout: 240_000 }, () => {
  it('loads a config importing "@/env.js" and catches the missing migration', () => {
    const repo = createRepo(
      {
        'package.json': JSON.stringify({
          name: 'app',
          private: true,
          type: 'module',
          scripts: { 'db:generate': 'drizzle-kit generate' },
        }),
        'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['./src/*'] } } }),
        'src/env.js': 'export const env = { DATABASE_URL: "postgres://localhost/app" };\n',
        'drizzle.config.ts': PG_CONFIG({ extra: 'dbCredentials: { url: env.DATABASE_URL },' }).replace(
          "import { defineConfig } from 'drizzle-kit';",
          "import { defineConfig } from 'drizzle-kit';\nimport { env } from '@/env.js';",
        ),
        'src/schema/users.ts': USERS_V1,
      },
      { ownModules: true },
    );
    generate(repo, 'init');
    repo.commit('init');
    repo.commit('phone, no migration', { 'src/schema/users.ts': USERS_V2 });
    const r = repo.run(['--base', 'HEAD~1', '--format', 'json']);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(findingsOf(r.stdout)).toContain('schema-without-migration');
  });

  it("loads a config importing a workspace package's subpath that only paths map", () => {
    const repo = createRepo(
      {
        'package.json': JSON.stringify({ name: 'root', private: true, workspaces: ['apps/*', 'packages/*'] }),
        'packages/core/package.json': JSON.stringify({
          name: '@acme/core',
          type: 'module',
          exports: { '.': './src/index.ts' },
        }),
        'packages/core/src/index.ts': 'export const index = 1;\n',
        'packages/core/src/db/url.ts': 'export const url = "postgres://localhost/app";\n',
        'apps/web/package.json': JSON.stringify({
          name: 'web',
          private: true,
          type: 'module',
          scripts: { 'db:generate': 'drizzle-kit generate' },
        }),
        'apps/web/tsconfig.json': JSON.stringify({
          compilerOptions: { baseUrl: '.', paths: { '@acme/core/*': ['../../packages/core/src/*'] } },
        }),
        'apps/web/drizzle.config.ts': PG_CONFIG({ extra: 'dbCredentials: { url },' }).replace(
          "import { defineConfig } from 'drizzle-kit';",
          "import { defineConfig } from 'drizzle-kit';\nimport { url } from '@acme/core/db/url';",
        ),
        'apps/web/src/schema/users.ts': USERS_V1,
      },
      { ownModules: true },
    );
    // The workspace link a package manager makes.
    mkdirSync(path.join(repo.dir, 'node_modules/@acme'), { recursive: true });
    symlinkSync('../../packages/core', path.join(repo.dir, 'node_modules/@acme/core'), 'dir');
    generateIn(repo, 'apps/web', 'init');
    repo.commit('init');
    const clean = repo.run(['--all', '--format', 'json', '--rule', 'schema-drift']);
    expect(clean.code, clean.stdout + clean.stderr).toBe(0);
    repo.commit('phone, no migration', { 'apps/web/src/schema/users.ts': USERS_V2 });
    const r = repo.run(['--base', 'HEAD~1', '--format', 'json']);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(findingsOf(r.stdout)).toContain('schema-without-migration');
  });

  it('serializes a schema that imports a bare name under baseUrl ("lib/limits")', () => {
    const schema = USERS_V1.replace(
      "import { pgTable, serial, text } from 'drizzle-orm/pg-core';",
      "import { pgTable, serial, text, varchar } from 'drizzle-orm/pg-core';\nimport { EMAIL_LENGTH } from 'lib/limits';",
    ).replace("email: text('email').notNull(),", "email: varchar('email', { length: EMAIL_LENGTH }).notNull(),");
    const repo = createRepo(
      {
        'package.json': JSON.stringify({
          name: 'app',
          private: true,
          type: 'module',
          scripts: { 'db:generate': 'drizzle-kit generate' },
        }),
        'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '~/*': ['./app/*'] } } }),
        'lib/limits.ts': 'export const EMAIL_LENGTH = 200;\n',
        'drizzle.config.ts': PG_CONFIG(),
        'src/schema/users.ts': schema,
      },
      { ownModules: true },
    );
    generate(repo, 'init');
    repo.commit('init');
    const same = repo.run(['--all', '--format', 'json', '--rule', 'schema-drift']);
    expect(same.code, same.stdout + same.stderr).toBe(0);
    // A longer email, no migration: the constant's file is a schema change drizzle-kit sees.
    repo.commit('longer emails', { 'lib/limits.ts': 'export const EMAIL_LENGTH = 320;\n' });
    const r = repo.run(['--base', 'HEAD~1', '--format', 'json']);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(findingsOf(r.stdout)).toContain('schema-without-migration');
  });
});
