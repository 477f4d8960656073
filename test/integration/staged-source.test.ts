/**
 * The hook runs for every staged source file, so the commit path must answer cheaply for code the
 * schema does not import, and never wrongly: not for a file the schema imports, not for code that
 * pushes the schema, not for a partially staged file, not after a commit changed the schema's imports.
 * GIT_TRACE shows which git commands a run started: the shortcut starts only `git diff`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generate, PG_CONFIG } from '../helpers/drizzle.js';
import { cleanupAll, createRepo, tempDir, type TempRepo } from '../helpers/repo.js';

afterAll(cleanupAll);

const schema = (importApp: boolean) => `import { pgTable, serial, varchar } from 'drizzle-orm/pg-core';
import { EMAIL_LENGTH } from '../constants';
${importApp ? "import { NAME_LENGTH } from '../app';\n" : ''}
export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  email: varchar('email', { length: EMAIL_LENGTH }),${importApp ? "\n  name: varchar('name', { length: NAME_LENGTH })," : ''}
});
`;
const PUSH = "import { pushSchema } from 'drizzle-kit/api';\nexport const push = pushSchema;\n";

function project(): TempRepo {
  const repo = createRepo(
    {
      'package.json': JSON.stringify({
        name: 'app',
        private: true,
        type: 'module',
        scripts: { 'db:generate': 'drizzle-kit generate' },
      }),
      'drizzle.config.ts': PG_CONFIG(),
      'src/schema/users.ts': schema(false),
      'src/constants.ts': 'export const EMAIL_LENGTH = 255;\n',
      'src/app.ts': 'export const NAME_LENGTH = 50;\n',
    },
    { ownModules: true },
  );
  generate(repo, 'init');
  repo.commit('init');
  return repo;
}

/** Runs `--staged` as the hook does, and the git commands it started. */
function hook(repo: TempRepo): { code: number; stdout: string; git: string[] } {
  const trace = path.join(tempDir('trace-'), 'git.log');
  const r = repo.run(['--staged'], { GIT_TRACE: trace });
  let log = '';
  try {
    log = readFileSync(trace, 'utf8');
  } catch {
    // No git command at all.
  }
  const git = [...log.matchAll(/trace: (?:built-in|exec): git (\S+)/g)].map((m) => m[1]!);
  return { code: r.code, stdout: r.stdout, git };
}

describe('the commit path with source files staged', { timeout: 240_000 }, () => {
  it('answers for code the schema does not import, as the full run would, starting only git diff', () => {
    const repo = project();
    repo.write({ 'src/app.ts': 'export const NAME_LENGTH = 60;\n' });
    repo.git('add', '-A');
    const full = repo.run(['--staged', '--format', 'pretty']); // the import graph of HEAD is cached
    expect(full.code).toBe(0);
    const fast = hook(repo);
    expect(fast.code).toBe(0);
    expect(fast.stdout).toBe(full.stdout);
    expect(new Set(fast.git)).toEqual(new Set(['diff']));
  });

  it('still checks a file the schema imports, and code that pushes the schema', () => {
    const repo = project();
    repo.write({ 'src/app.ts': 'export const NAME_LENGTH = 60;\n' });
    repo.git('add', '-A');
    repo.run(['--staged']);
    repo.git('reset', '-q', '--hard');

    repo.write({ 'src/constants.ts': 'export const EMAIL_LENGTH = 320;\n' });
    repo.git('add', '-A');
    const imported = hook(repo);
    expect(imported.code, imported.stdout).toBe(1);
    expect(imported.stdout).toContain('schema-without-migration');
    repo.git('reset', '-q', '--hard');

    repo.write({ 'src/push.ts': PUSH });
    repo.git('add', '-A');
    const push = hook(repo);
    expect(push.code, push.stdout).toBe(1);
    expect(push.stdout).toContain('no-db-push');
  });

  it('judges a partially staged file as it is staged', () => {
    const repo = project();
    repo.write({ 'src/app.ts': 'export const NAME_LENGTH = 60;\n' });
    repo.git('add', '-A');
    repo.run(['--staged']);
    // The push is staged, then removed from the working tree only.
    repo.write({ 'src/app.ts': `export const NAME_LENGTH = 60;\n${PUSH}` });
    repo.git('add', '-A');
    repo.write({ 'src/app.ts': 'export const NAME_LENGTH = 60;\n' });
    const r = hook(repo);
    expect(r.code, r.stdout).toBe(1);
    expect(r.stdout).toContain('no-db-push');
  });

  it('does not trust a cached graph once a commit changed what the schema imports', () => {
    const repo = project();
    repo.write({ 'src/app.ts': 'export const NAME_LENGTH = 60;\n' });
    repo.git('add', '-A');
    repo.run(['--staged']);
    repo.git('reset', '-q', '--hard');
    // A commit made elsewhere (pulled, or with --no-verify): the schema now imports src/app.ts.
    repo.commit('name column', { 'src/schema/users.ts': schema(true) });
    generate(repo, 'name');
    repo.commit('its migration');

    repo.write({ 'src/app.ts': 'export const NAME_LENGTH = 80;\n' });
    repo.git('add', '-A');
    const r = hook(repo);
    expect(r.code, r.stdout).toBe(1);
    expect(r.stdout).toContain('src/app.ts');
  });
});

describe('the commit path with the arguments a monorepo hook passes', { timeout: 240_000 }, () => {
  it('answers for --config <project> and for the file list a data config appends after --', () => {
    const repo = project();
    repo.write({ 'src/app.ts': 'export const NAME_LENGTH = 60;\n' });
    repo.git('add', '-A');
    const full = repo.run(['--staged', '--format', 'pretty']);
    expect(full.code).toBe(0);
    expect(repo.run(['--staged', '--config', 'drizzle.config.ts', '--format', 'pretty']).stdout).toBe(full.stdout);
    for (const args of [
      ['--staged', '--config', 'drizzle.config.ts'],
      ['--staged', '--', path.join(repo.dir, 'src/app.ts')],
    ]) {
      const trace = path.join(tempDir('trace-'), 'git.log');
      const r = repo.run(args, { GIT_TRACE: trace });
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(full.stdout);
      const git = [...readFileSync(trace, 'utf8').matchAll(/trace: (?:built-in|exec): git (\S+)/g)].map((m) => m[1]!);
      expect(new Set(git), args.join(' ')).toEqual(new Set(['diff']));
    }
  });
});
