// init reuses the team's own generate / migrate scripts (and so their flags) instead of adding
// db:generate / db:migrate twins, and names them wherever it writes a command.
import YAML from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { PG_CONFIG, USERS_V1 } from '../helpers/drizzle.js';
import { cleanupAll, createRepo } from '../helpers/repo.js';
import { read } from './helpers.js';

afterAll(cleanupAll);

const MIGRATION_TS = `import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
await migrate(drizzle(process.env.DATABASE_URL!), { migrationsFolder: 'drizzle' });
`;

describe("init with the team's own scripts", () => {
  it('keeps a drizzle-kit generate script with --config and a migrator file script, and adds no twin', () => {
    const scripts = {
      'test:setup': 'tsx -r dotenv/config test/setup.ts',
      'migration:generate': 'drizzle-kit generate --config ./server/db/drizzle.config.ts',
      'migration:run': 'tsx -r dotenv/config migration.ts',
      'migration:up': 'drizzle-kit up --config ./server/db/drizzle.config.ts',
    };
    const repo = createRepo({
      'package.json': `${JSON.stringify({ name: 'app', type: 'module', scripts }, null, 2)}\n`,
      'server/db/drizzle.config.ts': PG_CONFIG({ schema: './server/db/schema.ts' }),
      'server/db/schema.ts': USERS_V1,
      'migration.ts': MIGRATION_TS,
      'test/setup.ts': MIGRATION_TS,
      'docker-compose.yml': 'services:\n  db:\n    image: postgres:16\n  app:\n    build: .\n',
    });
    const r = repo.run(['init', '--no-install', '--no-workflow']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(read(repo, 'package.json')).scripts).toEqual({
      ...scripts,
      'db:check': 'nexiom-lint --all',
      'db:push': 'nexiom-lint guard push',
      prepare: 'husky',
    });
    expect(r.stdout).toContain(
      'package.json: your own scripts stay the way to generate (`migration:generate`) and apply (`migration:run`) migrations',
    );
    expect(r.stdout).toContain('No migration yet: run `npm run migration:generate`');
    expect(YAML.parse(read(repo, 'docker-compose.yml')).services.migrator.command).toBe('npm run migration:run');

    const release = repo.run(['init', '--no-install', '--workflow', '--release-step']);
    expect(release.code).toBe(0);
    const steps = YAML.parse(read(repo, '.github/workflows/nexiom-lint.yml')).jobs.migrate.steps;
    expect(steps.at(-1).run).toBe('npm run migration:run');
  });

  it('keeps a generate script that loads an env file, and adds db:migrate when no script applies migrations', () => {
    const scripts = {
      'drizzle-generate': 'dotenv -e ../../.env -- drizzle-kit generate',
      dev: 'tsx watch src/index.ts',
    };
    const repo = createRepo({
      'package.json': '{ "name": "mono", "private": true, "workspaces": ["packages/*"] }\n',
      'bun.lock': '',
      'packages/db/package.json': `${JSON.stringify({ name: 'db', type: 'module', scripts }, null, 2)}\n`,
      'packages/db/drizzle.config.ts': PG_CONFIG(),
      'packages/db/src/schema/users.ts': USERS_V1,
    });
    const r = repo.run(['init', '--no-install', '--no-workflow']);
    expect(r.code).toBe(0);
    expect(JSON.parse(read(repo, 'packages/db/package.json')).scripts).toEqual({
      ...scripts,
      'db:migrate': 'drizzle-kit migrate',
      'db:check': 'nexiom-lint --all',
      'db:push': 'nexiom-lint guard push',
    });
    expect(r.stdout).toContain('No migration yet: run `bun run drizzle-generate`');
  });

  it('recognises a generate script that runs a zx file around drizzle-kit generate', () => {
    const scripts = { 'migrate-drizzle': 'zx ./scripts/migrate-drizzle.mjs' };
    const repo = createRepo({
      'package.json': `${JSON.stringify({ name: 'app', type: 'module', scripts }, null, 2)}\n`,
      'drizzle.config.ts': PG_CONFIG(),
      'src/schema/users.ts': USERS_V1,
      'scripts/migrate-drizzle.mjs':
        "import { $, question } from 'zx';\nconst name = await question('Migration name: ');\nawait $`drizzle-kit generate --name ${name}`;\n",
    });
    const r = repo.run(['init', '--no-install', '--no-workflow']);
    expect(r.code).toBe(0);
    expect(JSON.parse(read(repo, 'package.json')).scripts['db:generate']).toBeUndefined();
    expect(r.stdout).toContain('your own scripts stay the way to generate (`migrate-drizzle`) migrations');
  });

  it('does not take a script that runs drizzle-kit for another config', () => {
    const scripts = { 'gen:sqlite': 'drizzle-kit generate --config sqlite.config.ts' };
    const repo = createRepo({
      'package.json': `${JSON.stringify({ name: 'app', type: 'module', scripts }, null, 2)}\n`,
      'drizzle.config.ts': PG_CONFIG(),
      'src/schema/users.ts': USERS_V1,
    });
    const r = repo.run(['init', '--no-install', '--no-workflow']);
    expect(r.code).toBe(0);
    expect(JSON.parse(read(repo, 'package.json')).scripts['db:generate']).toBe('drizzle-kit generate');
    expect(r.stdout).not.toContain('your own scripts');
  });
});

describe("init where the migrations folder is the Supabase CLI's", () => {
  const config = PG_CONFIG({
    schema: './src/schema.ts',
    out: './supabase/migrations',
    extra: "migrations: { prefix: 'supabase' },",
  });

  it('db:migrate runs supabase db push, with a note, not drizzle-kit migrate', () => {
    const repo = createRepo({
      'package.json': `${JSON.stringify({ name: 'app', scripts: { 'db:gen': 'drizzle-kit generate' } }, null, 2)}\n`,
      'drizzle.config.ts': config,
      'src/schema.ts': USERS_V1,
    });
    const r = repo.run(['init', '--no-install', '--no-workflow']);
    expect(r.code).toBe(0);
    expect(JSON.parse(read(repo, 'package.json')).scripts['db:migrate']).toBe('supabase db push');
    expect(r.stdout).toContain('db:migrate runs `supabase db push`');
    expect(r.stdout).toContain("drizzle-kit migrate would skip the CLI's");
  });

  it("keeps the team's script that runs supabase db push", () => {
    const scripts = { 'db:gen': 'drizzle-kit generate', deploy: 'supabase db push --linked' };
    const repo = createRepo({
      'package.json': `${JSON.stringify({ name: 'app', scripts }, null, 2)}\n`,
      'drizzle.config.ts': config,
      'src/schema.ts': USERS_V1,
    });
    const r = repo.run(['init', '--no-install', '--no-workflow']);
    expect(r.code).toBe(0);
    expect(JSON.parse(read(repo, 'package.json')).scripts['db:migrate']).toBeUndefined();
    expect(r.stdout).toContain('apply (`deploy`)');
  });
});
