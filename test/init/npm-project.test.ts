// `nexiom-lint init` in a plain npm project: what a dry run shows, what a real run writes, and
// that a second run changes nothing.
import { existsSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { PG_CONFIG, USERS_V1 } from '../helpers/drizzle.js';
import { cleanupAll, createRepo, PROJECT_ROOT } from '../helpers/repo.js';
import { hooksPath, read, snapshot } from './helpers.js';

afterAll(cleanupAll);

// Tabs, an inline array and a key after "scripts": all of it must survive byte for byte.
const PACKAGE_JSON = `{
\t"name": "app",
\t"private": true,
\t"type": "module",
\t"scripts": {
\t\t"dev": "node server.js",
\t\t"db:push": "drizzle-kit push",
\t\t"push:prod": "dotenv -e .env.prod -- drizzle-kit push --force",
\t\t"db:studio": "drizzle-kit studio"
\t},
\t"files": ["dist", "src"],
\t"devDependencies": {
\t\t"drizzle-kit": "^0.31.0"
\t}
}
`;

function npmProject() {
  return createRepo({
    'package.json': PACKAGE_JSON,
    'drizzle.config.ts': PG_CONFIG(),
    'src/schema/users.ts': USERS_V1,
  });
}

describe('init in an npm project', () => {
  it('--dry-run prints a diff of every file it would touch and changes nothing', () => {
    const repo = npmProject();
    const before = snapshot(repo);
    const r = repo.run(['init', '--dry-run', '--no-install']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--- a/package.json\n+++ b/package.json\n');
    for (const line of [
      '-\t\t"db:push": "drizzle-kit push",',
      '+\t\t"db:push": "nexiom-lint guard push",',
      '+\t\t"db:push:unsafe": "drizzle-kit push",',
    ]) {
      expect(r.stdout.split('\n')).toContain(line);
    }
    for (const created of ['.husky/pre-commit', '.github/workflows/nexiom-lint.yml']) {
      expect(r.stdout).toContain(`--- /dev/null\n+++ b/${created}\n`);
    }
    // The hook runs nexiom-lint itself: no lint-staged config.
    expect(r.stdout).not.toContain('lint-staged.config');
    expect(r.stdout).toContain('Would also run husky (git config core.hooksPath .husky/_)');
    expect(r.stdout).toContain('nothing was written');
    expect(snapshot(repo)).toEqual(before);
  });

  it('writes the scripts, the hook and the workflow, then changes nothing on a second run', async () => {
    const repo = npmProject();
    const r = repo.run(['init', '--no-install']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);

    expect(read(repo, 'package.json')).toBe(`{
\t"name": "app",
\t"private": true,
\t"type": "module",
\t"scripts": {
\t\t"dev": "node server.js",
\t\t"db:push": "nexiom-lint guard push",
\t\t"db:push:unsafe": "drizzle-kit push",
\t\t"push:prod:unsafe": "dotenv -e .env.prod -- drizzle-kit push --force",
\t\t"db:studio": "drizzle-kit studio",
\t\t"db:generate": "drizzle-kit generate",
\t\t"db:migrate": "drizzle-kit migrate",
\t\t"db:check": "nexiom-lint --all",
\t\t"prepare": "husky"
\t},
\t"files": ["dist", "src"],
\t"devDependencies": {
\t\t"drizzle-kit": "^0.31.0"
\t}
}
`);
    // The hook decides in sh whether a staged file may concern the check (hook-check.test.ts).
    const hook = read(repo, '.husky/pre-commit');
    expect(hook).toMatch(/^# nexiom-lint: the check starts only when a staged file may concern it\n/);
    expect(hook).toContain("elif ! git diff --cached --quiet --no-renames -- \\\n  ':(top,glob)**/*.[jt]s' \\\n");
    expect(hook).toContain(
      "  ':(top,literal)src/schema' \\\n  ':(top,literal)drizzle' \\\n  ':(top,literal)drizzle.config.ts'; then\n  nexiom-lint --staged\nfi\n",
    );
    expect(hooksPath(repo)).toBe('.husky/_');
    expect(existsSync(path.join(repo.dir, 'lint-staged.config.mjs'))).toBe(false);

    const workflow = YAML.parse(read(repo, '.github/workflows/nexiom-lint.yml'));
    expect(workflow.on).toEqual({ pull_request: null });
    expect(workflow.permissions['pull-requests']).toBe('write');
    const steps = workflow.jobs.check.steps;
    expect(steps[0]).toEqual({ uses: 'actions/checkout@v4', with: { 'fetch-depth': 0 } });
    expect(steps.map((s: { run?: string }) => s.run).filter(Boolean)).toEqual([
      'npm install',
      'npx nexiom-lint --comment --format github',
    ]);
    expect(Object.keys(workflow.jobs)).toEqual(['check']);
    expect(read(repo, '.github/workflows/nexiom-lint.yml')).toContain('  # migrate:\n');

    expect(r.stdout).toContain('updated  package.json');
    expect(r.stdout).toContain('created  .husky/pre-commit');
    expect(r.stdout).toContain('set      git config core.hooksPath');
    expect(r.stdout).toContain('`npm install --save-dev husky nexiom-lint`');
    expect(r.stdout).toContain('`npm run db:generate`');

    const after = snapshot(repo);
    const again = repo.run(['init', '--no-install']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Nothing to change');
    expect(snapshot(repo)).toEqual(after);
    const dry = repo.run(['init', '--dry-run', '--no-install']);
    expect(dry.stdout).not.toContain('+++');
    expect(dry.stdout).toContain('Nothing to change');
  });

  it('--release-step writes the db:migrate job live, on pushes to the default branch', () => {
    const repo = npmProject();
    repo.commit('init');
    expect(repo.run(['init', '--no-install', '--release-step']).code).toBe(0);
    const workflow = YAML.parse(read(repo, '.github/workflows/nexiom-lint.yml'));
    expect(workflow.on).toEqual({ pull_request: null, push: { branches: ['main'] } });
    expect(workflow.jobs.check.if).toBe("github.event_name == 'pull_request'");
    expect(workflow.jobs.migrate.if).toBe("github.event_name == 'push'");
    const migrate = workflow.jobs.migrate.steps.at(-1);
    expect(migrate).toEqual({ run: 'npm run db:migrate', env: { DATABASE_URL: '${{ secrets.DATABASE_URL }}' } });
  });

  it('skips the workflow when origin is not on GitHub, unless asked', () => {
    const repo = npmProject();
    repo.git('remote', 'add', 'origin', 'https://git.example.com/team/app.git');
    const r = repo.run(['init', '--no-install']);
    expect(r.stdout).toContain('is not on GitHub');
    expect(r.stdout).toContain('Run `npx nexiom-lint` in your CI');
    expect(snapshot(repo)['.github/workflows/nexiom-lint.yml']).toBeUndefined();
    expect(repo.run(['init', '--no-install', '--workflow']).stdout).toContain(
      'created  .github/workflows/nexiom-lint.yml',
    );
  });

  it('refuses with a clear message outside a Drizzle project and on bad flags', () => {
    const plain = createRepo({ 'package.json': '{ "name": "x" }\n' });
    const r = plain.run(['init', '--no-install']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('No drizzle config');
    expect(r.stderr).not.toContain('    at ');
    const both = plain.run(['init', '--workflow', '--no-workflow']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('cannot be combined');
  });

  it('sets up a project below the git root the way husky documents it', () => {
    const repo = createRepo(
      {
        'app/package.json': '{\n  "name": "app"\n}\n',
        'app/package-lock.json': '{ "lockfileVersion": 3 }\n',
        'app/drizzle.config.ts': PG_CONFIG(),
        'app/src/schema/users.ts': USERS_V1,
      },
      { linkModules: false },
    );
    symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(repo.dir, 'app/node_modules'));
    const r = repo.run(['init', '--no-install', '--cwd', 'app']);
    expect(r.stderr).toBe('');
    const hook = read(repo, 'app/.husky/pre-commit');
    expect(hook).toMatch(/^cd app\n# nexiom-lint: /);
    expect(hook).toContain(`git hash-object --no-filters -- 'drizzle.config.ts'`);
    expect(hook).toContain(
      "  ':(top,literal)app/src/schema' \\\n  ':(top,literal)app/drizzle' \\\n  ':(top,literal)app/drizzle.config.ts'; then\n",
    );
    expect(JSON.parse(read(repo, 'app/package.json')).scripts.prepare).toBe('cd .. && husky app/.husky');
    expect(hooksPath(repo)).toBe('app/.husky/_');
    const steps = YAML.parse(read(repo, '.github/workflows/nexiom-lint.yml')).jobs.check.steps;
    expect(steps[1].with).toEqual({
      'node-version': 20,
      cache: 'npm',
      'cache-dependency-path': 'app/package-lock.json',
    });
    expect(steps[2]).toEqual({ run: 'npm ci', 'working-directory': 'app' });
    expect(steps[3]['working-directory']).toBe('app');
  });
});
