// The check the hook runs before any Node starts: `git diff --cached --quiet -- <pathspecs>`.
// It must never let through a commit the full check would look at: every path the engine calls
// relevant is matched by the pathspecs (one git call over a tree of every kind of file), and a
// real `git commit` through the installed hook, of one file of each kind, runs nexiom-lint and is
// blocked wherever `nexiom-lint --staged` blocks it; a README-only commit starts no Node. When the
// drizzle config changed since init wrote the list, every commit runs the check until init runs again.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clearlyIrrelevant } from '../../src/engine/relevance.js';
import { hookPathspecs } from '../../src/init/hook-pattern.js';
import type { InitContext } from '../../src/init/context.js';
import { hydrate, type SerializedProject } from '../../src/project/cache.js';
import { schemaRegexes } from '../../src/project/drizzle-config.js';
import { drizzleProject, generate, PG_CONFIG, USERS_V2 } from '../helpers/drizzle.js';
import { cleanupAll, createRepo, type TempRepo } from '../helpers/repo.js';
import { INSTALLED_DEV_DEPENDENCIES, installedModules, read, gitCommit as commit } from './helpers.js';
import { FILE_NAMES } from '../helpers/file-names.js';

afterAll(cleanupAll);

const SEGMENTS = [
  '',
  'src/',
  'src/db/schema/',
  'src/db/schema/legacy/',
  'drizzle/',
  'drizzle/meta/',
  'db/migrations/20250101000000_x/',
  'packages/api/',
  '.github/workflows/',
  '.gitlab/',
  'ci/',
  '.husky/',
  '.husky/_/',
  'bin/',
  'scripts/',
  'script/',
  'tools/',
  '.githooks/',
  'hooks/',
  'docs/',
  'node_modules/x/',
  'packages/api/scripts/',
  'ops/docker/',
];

async function context(schema: string[], out: string): Promise<{ ctx: InitContext; project: SerializedProject }> {
  const project = {
    configFile: 'drizzle.config.ts',
    baseDir: '',
    dialect: 'postgresql',
    schema,
    out,
    prefix: 'index',
    breakpoints: true,
    migrationsTable: '__drizzle_migrations',
    migrationsSchema: 'drizzle',
    generateCommand: 'npm run db:generate',
    scripts: {},
    schemaRegexes: await schemaRegexes(schema, (p) => !/\.[a-z]+$/i.test(p)),
  } as SerializedProject;
  const ctx = {
    repoRoot: '/',
    project,
    allConfigs: [project.configFile],
    packageDir: '',
    installRoot: '',
  } as unknown as InitContext;
  return { ctx, project };
}

describe("the hook's pathspecs", () => {
  it.each([
    ['a schema folder', ['src/db/schema', '!src/db/schema/legacy/**'], 'drizzle'],
    ['a schema glob', ['src/**/*.schema.ts', 'db/enums.sql'], 'db/migrations'],
  ])('match every staged path the engine would look at (%s)', async (_, schema, out) => {
    const { ctx, project } = await context(schema, out);
    const repo = createRepo({}, { linkModules: false });
    const files: Record<string, string> = {};
    for (const dir of SEGMENTS) for (const name of FILE_NAMES) files[`${dir}${name}`] = 'x\n';
    repo.write(files);
    repo.git('add', '-A', '--force');
    const pathspecs = hookPathspecs(ctx)!;
    const matched = new Set(
      repo
        .git('-c', 'core.quotepath=off', 'diff', '--cached', '--name-only', '-z', '--no-renames', '--', ...pathspecs)
        .split('\0'),
    );
    const relevant = Object.keys(files).filter((f) => !clearlyIrrelevant({ status: 'A', path: f }, [hydrate(project)]));
    expect(relevant.filter((f) => !matched.has(f))).toEqual([]);
    // And it is a filter: the README of each folder does not start the check.
    expect(matched.has('README.md')).toBe(false);
    expect(matched.has('docs/notes.md')).toBe(false);
  });

  it('are none when the migrations folder is the repository root: then the hook always runs the check', async () => {
    expect(hookPathspecs((await context(['src/schema'], '')).ctx)).toBeNull();
    expect(hookPathspecs((await context(['**/*.ts'], 'drizzle')).ctx)).toBeNull();
  });
});

function installed(): TempRepo {
  const base = drizzleProject();
  const pkg = { ...JSON.parse(base['package.json']!), devDependencies: INSTALLED_DEV_DEPENDENCIES };
  const repo = createRepo(
    { ...base, 'package.json': `${JSON.stringify(pkg, null, 2)}\n`, 'README.md': '# app\n' },
    { linkModules: false },
  );
  installedModules(repo.dir);
  generate(repo, 'init');
  repo.commit('init');
  expect(repo.run(['init', '--no-install', '--no-workflow']).code).toBe(0);
  repo.git('add', '-A');
  repo.git('commit', '-q', '--no-verify', '-m', 'set up nexiom-lint');
  return repo;
}

/** Stages `files` alone, commits through the hook, and undoes whatever happened. */
function commitOnly(repo: TempRepo, files: Record<string, string | null>) {
  repo.write(files);
  for (const f of Object.keys(files)) repo.git('add', '-A', '--', f);
  const direct = repo.run(['--staged']);
  const head = repo.git('rev-parse', 'HEAD').trim();
  const r = commit(repo, 'change');
  if (repo.git('rev-parse', 'HEAD').trim() !== head) repo.git('reset', '-q', '--hard', head);
  else repo.git('reset', '-q', '--hard');
  return { ...r, direct };
}

describe('a real git commit through the hook init installs', { timeout: 240_000 }, () => {
  it('runs nexiom-lint for each kind of relevant file, blocks what the check blocks, and skips a README', () => {
    const repo = installed();
    expect(read(repo, '.husky/pre-commit')).toContain('git diff --cached --quiet --no-renames');
    expect(existsSync(path.join(repo.dir, 'lint-staged.config.mjs'))).toBe(false);

    const readme = commitOnly(repo, { 'README.md': '# app, the best\n' });
    expect(readme.code, readme.output).toBe(0);
    expect(readme.output).not.toContain('nexiom-lint');

    const push = 'drizzle-kit push --force';
    const kinds: Array<[string, Record<string, string | null>]> = [
      ['a schema file', { 'src/schema/users.ts': USERS_V2 }],
      ['a file in the schema folder that is no source', { 'src/schema/notes.md': 'x\n' }],
      ['a migration', { 'drizzle/0000_notes.md': 'x\n' }],
      ['an edited migration', { [repo.git('ls-files', 'drizzle/*.sql').trim().split('\n')[0]!]: '-- edited\n' }],
      ['a deleted snapshot', { 'drizzle/meta/0000_snapshot.json': null }],
      ['the drizzle config', { 'drizzle.config.ts': `${PG_CONFIG()}// edited\n` }],
      [
        'package.json',
        {
          'package.json': JSON.stringify({
            name: 'app',
            type: 'module',
            scripts: { deploy: push },
            devDependencies: INSTALLED_DEV_DEPENDENCIES,
          }),
        },
      ],
      [
        'a workflow',
        {
          '.github/workflows/deploy.yml': `on: push\njobs:\n  d:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npx ${push}\n`,
        },
      ],
      ['a Dockerfile', { Dockerfile: `FROM node:20\nRUN npx ${push}\n` }],
      ['a Makefile', { Makefile: `deploy:\n\tnpx ${push}\n` }],
      ['a shell script', { 'scripts/deploy': `#!/bin/sh\nnpx ${push}\n` }],
      ['a compose file', { 'compose.yml': `services:\n  m:\n    image: node\n    command: npx ${push}\n` }],
      ['the settings file', { 'nexiom-lint.config.json': '{ "rules": {} }\n' }],
      ['a tsconfig', { 'tsconfig.json': '{ "compilerOptions": { "paths": { "@/*": ["./src/*"] } } }\n' }],
      ['a source file the schema does not import', { 'src/app.ts': 'export const app = 1;\n' }],
      ['a README renamed into the schema folder', { 'README.md': null, 'src/schema/README.md': '# app\n' }],
    ];
    const blocked: string[] = [];
    for (const [kind, files] of kinds) {
      const r = commitOnly(repo, files);
      if (r.direct.code !== 0) blocked.push(kind);
      expect(r.output, kind).toContain('nexiom-lint');
      if (r.direct.code !== 0) {
        expect(r.code, `${kind} must be blocked as --staged blocks it:\n${r.output}`).not.toBe(0);
      } else expect(r.code, `${kind}:\n${r.output}`).toBe(0);
    }
    // The kinds the check blocks on their own (the rest pass, checked).
    expect(blocked).toEqual(
      expect.arrayContaining(['a schema file', 'an edited migration', 'package.json', 'a workflow', 'a Dockerfile']),
    );
  });

  it('runs the check on every commit once the config changed, until init runs again', () => {
    const repo = installed();
    // `out` moves: the list init wrote names drizzle/, not migrations/.
    repo.write({ 'drizzle.config.ts': PG_CONFIG({ out: './migrations' }) });
    repo.git('mv', 'drizzle', 'migrations');
    repo.git('add', '-A');
    repo.git('commit', '-q', '--no-verify', '-m', 'migrations/');
    const stale = commitOnly(repo, { 'migrations/notes.md': 'x\n' });
    expect(stale.output).toContain('changed since nexiom-lint init wrote .husky/pre-commit');
    expect(stale.output).toContain('nexiom-lint: no problems');

    expect(repo.run(['init', '--no-install', '--no-workflow']).code).toBe(0);
    expect(read(repo, '.husky/pre-commit')).toContain("':(top,literal)migrations'");
    repo.git('add', '-A');
    repo.git('commit', '-q', '--no-verify', '-m', 'hook updated');
    const fresh = commitOnly(repo, { 'migrations/notes.md': 'x\n' });
    expect(fresh.output).not.toContain('changed since');
    expect(fresh.output).toContain('nexiom-lint');
    const readme = commitOnly(repo, { 'README.md': '# app, again\n' });
    expect(readme.code).toBe(0);
    expect(readme.output).not.toContain('nexiom-lint');
  });
});
