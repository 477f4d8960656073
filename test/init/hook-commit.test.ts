// The whole pre-commit layer for real: after init, `git commit` runs husky → lint-staged →
// nexiom-lint --staged, and a schema change without a migration does not get committed.
import { afterAll, describe, expect, it } from 'vitest';
import { drizzleProject, generate, USERS_V1, USERS_V2 } from '../helpers/drizzle.js';
import { cleanupAll, createRepo, type TempRepo } from '../helpers/repo.js';
import { hooksPath, INSTALLED_DEV_DEPENDENCIES, installedModules, gitCommit as commit } from './helpers.js';

afterAll(cleanupAll);

/** A project whose hook packages are installed (linked), with a first migration committed. */
function installedProject(pkg: Record<string, unknown> = {}) {
  const base = drizzleProject(USERS_V1);
  const packageJson = { ...JSON.parse(base['package.json']!), devDependencies: INSTALLED_DEV_DEPENDENCIES, ...pkg };
  const repo = createRepo(
    { ...base, 'package.json': `${JSON.stringify(packageJson, null, 2)}\n` },
    { linkModules: false },
  );
  installedModules(repo.dir);
  generate(repo, 'init');
  repo.commit('init');
  return repo;
}

function expectBlocked(repo: TempRepo) {
  const head = repo.git('rev-parse', 'HEAD');
  repo.write({ 'src/schema/users.ts': USERS_V2 });
  repo.git('add', '-A');
  const blocked = commit(repo, 'add phone number');
  expect(blocked.code).not.toBe(0);
  expect(blocked.output).toContain('schema-without-migration');
  expect(blocked.output).toContain('npm run db:generate');
  expect(repo.git('rev-parse', 'HEAD')).toBe(head);

  generate(repo, 'add_phone');
  repo.git('add', '-A');
  const allowed = commit(repo, 'add phone number, with its migration');
  expect(allowed.output).not.toContain('schema-without-migration');
  expect(allowed.code).toBe(0);
}

describe('after init, a real git commit', () => {
  it('is blocked by the hook when the schema changed without a migration (the check in the hook itself)', () => {
    const repo = installedProject();
    const r = repo.run(['init', '--no-install', '--no-workflow', '--no-baseline']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('Install the hook');
    expect(hooksPath(repo)).toBe('.husky/_');
    repo.git('add', '-A');
    expect(commit(repo, 'set up nexiom-lint').code).toBe(0);
    expectBlocked(repo);
  });

  it('is blocked too through a package.json lint-staged key, where lint-staged appends the file list', () => {
    const repo = installedProject({ 'lint-staged': { '*.md': 'node -e 0' } });
    expect(repo.run(['init', '--no-install', '--no-workflow', '--no-baseline']).code).toBe(0);
    repo.git('add', '-A');
    expect(commit(repo, 'set up nexiom-lint').code).toBe(0);
    expectBlocked(repo);
  });

  it("is blocked again after husky's ignored folder was cleaned away (git clean -x) and init ran again", () => {
    const repo = installedProject();
    expect(repo.run(['init', '--no-install', '--no-workflow', '--no-baseline']).code).toBe(0);
    repo.git('add', '-A');
    expect(commit(repo, 'set up nexiom-lint').code).toBe(0);
    repo.git('clean', '-qfdx', '-e', 'node_modules');
    // core.hooksPath is still set, but git finds no hook there: nothing would be checked.
    expect(hooksPath(repo)).toBe('.husky/_');
    const r = repo.run(['init', '--no-install', '--no-workflow', '--no-baseline']);
    expect(r.stdout).toContain('git config core.hooksPath');
    expectBlocked(repo);
  });
});
