/**
 * A repository with PostgreSQL, MySQL and SQLite drizzle configs (one schema per database, as
 * homarr has), a `drizzle-kit pull` config with no schema, and Postgres configs in `examples/` and
 * `.deprecated/`. The Postgres projects are checked wherever they live; the others are skipped
 * with a note in every output, never an error, unless named with --config.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { generateIn, PG_CONFIG, USERS_V1, USERS_V2 } from '../helpers/drizzle.js';
import { cleanupAll, createRepo, type TempRepo } from '../helpers/repo.js';

afterAll(cleanupAll);

const pkg = (name: string) =>
  JSON.stringify({ name, private: true, type: 'module', scripts: { 'db:generate': 'drizzle-kit generate' } });
const other = (dialect: string) =>
  `export default { dialect: '${dialect}', schema: './src/schema.ts', out: './drizzle' };\n`;
const POSTGRES = ['.deprecated/v1', 'examples/blog', 'packages/pg'];

function repository(): TempRepo {
  const files: Record<string, string> = {
    'package.json': JSON.stringify({ name: 'root', private: true, workspaces: ['packages/*', 'examples/*'] }),
    'README.md': '# app\n',
    'packages/mysql/package.json': pkg('mysql'),
    'packages/mysql/drizzle.config.ts': other('mysql'),
    'packages/mysql/src/schema.ts': 'export {};\n',
    'packages/sqlite/package.json': pkg('sqlite'),
    'packages/sqlite/drizzle.config.ts': other('sqlite'),
    'packages/sqlite/src/schema.ts': 'export {};\n',
    'tools/introspect/package.json': pkg('introspect'),
    'tools/introspect/drizzle.config.ts':
      "export default { dialect: 'postgresql', out: './pulled', dbCredentials: { url: process.env.DATABASE_URL } };\n",
  };
  for (const dir of POSTGRES) {
    files[`${dir}/package.json`] = pkg(dir.replace(/\W/g, '-'));
    files[`${dir}/drizzle.config.ts`] = PG_CONFIG();
    files[`${dir}/src/schema/users.ts`] = USERS_V1;
  }
  const repo = createRepo(files, { ownModules: true });
  for (const dir of POSTGRES) generateIn(repo, dir, 'init');
  repo.commit('init');
  return repo;
}

const NOTES = [
  'packages/mysql/drizzle.config.ts: not checked (dialect "mysql"); nexiom-lint checks PostgreSQL projects.',
  'packages/sqlite/drizzle.config.ts: not checked (dialect "sqlite"); nexiom-lint checks PostgreSQL projects.',
  'tools/introspect/drizzle.config.ts: not checked (no "schema" (a pull or studio config)); nexiom-lint checks PostgreSQL projects.',
];

describe('a repository with several dialects', { timeout: 240_000 }, () => {
  const repo = repository();

  it('checks the Postgres projects, wherever they are, and notes the others in json', () => {
    const r = repo.run(['--all', '--rule', 'migration-integrity', '--format', 'json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.summary.projects.map((p: { configFile: string }) => p.configFile)).toEqual(
      POSTGRES.map((d) => `${d}/drizzle.config.ts`),
    );
    expect(json.summary.notes).toEqual(expect.arrayContaining(NOTES));
  });

  it('shows the notes in pretty output, on the commit path as in a full run', () => {
    repo.write({ 'README.md': '# app, again\n' });
    repo.git('add', 'README.md');
    try {
      const full = repo.run(['--staged', '--format', 'pretty']);
      expect(full.code, full.stdout + full.stderr).toBe(0);
      for (const note of NOTES) expect(full.stdout).toContain(note);
      // `--staged` alone takes the commit path's shortcut (from the cache the full run wrote).
      const hook = repo.run(['--staged']);
      expect(hook.code).toBe(0);
      expect(hook.stdout).toBe(full.stdout);
    } finally {
      repo.git('reset', '-q', '--hard');
    }
  });

  it('still blocks a Postgres schema change without its migration', () => {
    repo.write({ 'packages/pg/src/schema/users.ts': USERS_V2 });
    repo.git('add', '-A');
    try {
      const r = repo.run(['--staged', '--format', 'json']);
      expect(r.code, r.stdout + r.stderr).toBe(1);
      expect(JSON.parse(r.stdout).findings[0]).toMatchObject({
        ruleId: 'schema-without-migration',
        project: 'packages/pg/drizzle.config.ts',
      });
    } finally {
      repo.git('reset', '-q', '--hard');
    }
  });

  it('refuses a config of another dialect named with --config (exit 2, saying what to do)', () => {
    const r = repo.run(['--all', '--config', 'packages/mysql/drizzle.config.ts']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('dialect "mysql" is not supported yet');
    expect(r.stderr).toContain('--config');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('offers init only the Postgres projects in use', () => {
    const r = repo.run(['init', '--dry-run', '--no-install', '--no-workflow']);
    // MySQL, SQLite and the pull config are no choice; .deprecated/ and examples/ are set aside
    // while a project in use remains, so packages/pg is the one.
    expect(r.code, r.stderr).toBe(0);
    const out = r.stdout + r.stderr;
    expect(out).toContain('packages/pg/');
    expect(out).not.toMatch(/mysql|sqlite|introspect|\.deprecated|examples\/blog/);
  });

  it('with no Postgres project at all, only notes it (exit 0)', () => {
    const mysqlOnly = createRepo({
      'package.json': pkg('app'),
      'drizzle.config.ts': other('mysql'),
      'src/schema.ts': 'export {};\n',
    });
    mysqlOnly.commit('init');
    mysqlOnly.write({ 'src/schema.ts': 'export const x = 1;\n' });
    mysqlOnly.git('add', '-A');
    const r = mysqlOnly.run(['--staged', '--format', 'json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).summary.notes[0]).toBe(
      'drizzle.config.ts: not checked (dialect "mysql"); nexiom-lint checks PostgreSQL projects.',
    );
  });
});
