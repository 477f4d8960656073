// The hook sees what the schema imports: the hook init writes starts nexiom-lint for a file the
// schema imports from another workspace package, and a real `git commit` of it is blocked; a
// README-only commit does not start it. Where lint-staged runs nexiom-lint (an earlier init, or a
// project that already runs lint-staged), an entry whose pattern listed only the schema paths is
// upgraded by running init again, once.
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { drizzleProject, generateIn, PG_CONFIG } from '../helpers/drizzle.js';
import { cleanupAll, createRepo, type FileMap, type TempRepo } from '../helpers/repo.js';
import { INSTALLED_DEV_DEPENDENCIES, installedModules, read, snapshot, gitCommit as commit } from './helpers.js';

afterAll(cleanupAll);

const LEGACY = '{src/schema/**,drizzle/**,drizzle.config.ts,package.json}';

const pkg = (value: Record<string, unknown>) => `${JSON.stringify(value, null, 2)}\n`;

function workspace(): TempRepo {
  const repo = createRepo(
    {
      'package.json': pkg({
        name: 'acme',
        private: true,
        workspaces: ['packages/*'],
        devDependencies: INSTALLED_DEV_DEPENDENCIES,
      }),
      'README.md': '# acme\n',
      'packages/db/package.json': pkg({
        name: '@acme/db',
        private: true,
        type: 'module',
        scripts: { 'db:generate': 'drizzle-kit generate' },
      }),
      'packages/db/drizzle.config.ts': PG_CONFIG(),
      'packages/db/src/schema/users.ts': `import { pgTable, serial, varchar } from 'drizzle-orm/pg-core';
import { EMAIL_LENGTH } from '@acme/shared';

export const users = pgTable('users', { id: serial('id').primaryKey(), email: varchar('email', { length: EMAIL_LENGTH }) });
`,
      'packages/shared/package.json': pkg({
        name: '@acme/shared',
        private: true,
        type: 'module',
        exports: { '.': './src/index.ts' },
      }),
      'packages/shared/src/index.ts': 'export const EMAIL_LENGTH = 255;\n',
    },
    { linkModules: false },
  );
  installedModules(repo.dir);
  mkdirSync(path.join(repo.dir, 'node_modules/@acme'));
  symlinkSync(path.join(repo.dir, 'packages/shared'), path.join(repo.dir, 'node_modules/@acme/shared'), 'dir');
  generateIn(repo, 'packages/db', 'init');
  repo.commit('init');
  return repo;
}

describe('the hook init installs', { timeout: 240_000 }, () => {
  it('blocks a commit of a constant the schema imports from another workspace package', () => {
    const repo = workspace();
    expect(repo.run(['init', '--no-install', '--no-workflow']).code).toBe(0);
    repo.git('add', '-A');
    expect(commit(repo, 'set up nexiom-lint').code).toBe(0);

    const pathspecs = [...read(repo, '.husky/pre-commit').matchAll(/^ {2}'(:\([^']+)'/gm)].map((m) => m[1]!);
    const matched = (file: string) => {
      repo.write({ [file]: `// ${file}\n` });
      repo.git('add', '--', file);
      const r = spawnSync('git', ['diff', '--cached', '--quiet', '--no-renames', '--', ...pathspecs], {
        cwd: repo.dir,
      });
      repo.git('reset', '-q', '--hard');
      return r.status === 1;
    };
    expect(matched('packages/shared/src/index.ts')).toBe(true);
    expect(matched('README.md')).toBe(false);
    expect(matched('docs/guide.md')).toBe(false);

    const head = repo.git('rev-parse', 'HEAD');
    repo.write({ 'packages/shared/src/index.ts': 'export const EMAIL_LENGTH = 320;\n' });
    repo.git('add', '-A');
    const blocked = commit(repo, 'longer emails');
    expect(blocked.code, blocked.output).not.toBe(0);
    expect(blocked.output).toContain('schema-without-migration');
    expect(blocked.output).toContain('packages/shared/src/index.ts');
    expect(repo.git('rev-parse', 'HEAD')).toBe(head);
    repo.git('reset', '-q', '--hard');

    repo.write({ 'README.md': '# acme, the app\n' });
    repo.git('add', '-A');
    expect(commit(repo, 'readme').code).toBe(0);
  });
});

describe('running init again on an earlier install', { timeout: 240_000 }, () => {
  /**
   * Init as it is now where lint-staged runs nexiom-lint, then the entry's pattern put back to
   * what an earlier init wrote. An earlier init wrote its own lint-staged.config.mjs and a hook
   * that ran lint-staged: the hook is given, the config is init's.
   */
  function earlierInstall(extra: FileMap, file: string): TempRepo {
    const base = drizzleProject();
    const repo = createRepo({ ...base, '.husky/pre-commit': 'lint-staged\n', ...extra });
    expect(repo.run(['init', '--no-install', '--no-workflow']).code).toBe(0);
    const text = read(repo, file);
    const current = /((?:'|")\{\*\.[^'"]+(?:'|"))/.exec(text)![1]!;
    repo.write({ [file]: text.replace(current, `${current[0]}${LEGACY}${current[0]}`) });
    return repo;
  }

  it.each([
    ['a code config init wrote', {}, 'lint-staged.config.mjs'],
    [
      'a package.json "lint-staged" key',
      {
        'package.json': pkg({
          ...JSON.parse(drizzleProject()['package.json']!),
          'lint-staged': { '*.md': 'prettier --write' },
        }),
      },
      'package.json',
    ],
    [
      'a YAML .lintstagedrc',
      { '.lintstagedrc.yaml': '# formatting\n"*.md": prettier --write\n' },
      '.lintstagedrc.yaml',
    ],
  ])('upgrades the pattern in %s, once', (_, extra, file) => {
    const repo = earlierInstall(extra as FileMap, file);
    const before = snapshot(repo);
    const upgrade = repo.run(['init', '--no-install', '--no-workflow']);
    expect(upgrade.code, upgrade.stderr).toBe(0);
    const after = snapshot(repo);
    // Only the pattern changed, in that one file.
    const changed = Object.keys(after).filter((f) => after[f] !== before[f]);
    expect(changed).toEqual([file]);
    expect(after[file]).not.toContain(LEGACY);
    expect(after[file]!.replace(/\{\*\.\{ts[^'"]+/, LEGACY)).toBe(before[file]);
    const again = repo.run(['init', '--no-install', '--no-workflow']);
    expect(again.stdout).toContain('Nothing to change');
    expect(snapshot(repo)).toEqual(after);
  });

  it('leaves an entry the user wrote, saying which pattern it needs', () => {
    const repo = createRepo({
      ...drizzleProject(),
      '.lintstagedrc.json': '{\n  "src/**/*.ts": "nexiom-lint --staged --"\n}\n',
    });
    const r = repo.run(['init', '--no-install', '--no-workflow']);
    expect(r.code).toBe(0);
    expect(read(repo, '.lintstagedrc.json')).toBe('{\n  "src/**/*.ts": "nexiom-lint --staged --"\n}\n');
    expect(r.stdout).toContain('.lintstagedrc.json runs nexiom-lint for a pattern init did not write');
    expect(r.stdout).toContain('**/tsconfig*.json');
  });
});
