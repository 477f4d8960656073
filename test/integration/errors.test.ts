import { execFileSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupAll, createRepo, PROJECT_ROOT, repoAt, tempDir } from '../helpers/repo.js';
import { drizzleProject, generate, USERS_V1, USERS_V2 } from '../helpers/drizzle.js';

afterAll(cleanupAll);

/** Exit 2, one clear message on stderr, no stack trace. */
function expectUsageFailure(r: { code: number; stdout: string; stderr: string }, pattern: RegExp) {
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('environment and configuration errors', () => {
  it('outside a git repository', () => {
    const repo = createRepo(drizzleProject(), { init: false });
    expectUsageFailure(repo.run(['--staged']), /not inside a git repository/);
  });

  it('without a drizzle config', () => {
    const repo = createRepo({ 'src/schema/users.ts': USERS_V1 });
    repo.git('add', '-A');
    expectUsageFailure(repo.run(['--staged']), /No drizzle config .* --config/);
  });

  it('with a drizzle config that does not load', () => {
    const repo = createRepo(drizzleProject(USERS_V1, { 'drizzle.config.ts': 'export default {{ broken' }));
    repo.git('add', '-A');
    expectUsageFailure(repo.run(['--staged']), /Could not load .*drizzle\.config\.ts/);
  });

  it('with a MySQL config named with --config', () => {
    const repo = createRepo(
      drizzleProject(USERS_V1, {
        'drizzle.config.ts': "export default { dialect: 'mysql', schema: './src/schema' };\n",
      }),
    );
    repo.git('add', '-A');
    expectUsageFailure(repo.run(['--staged', '--config', 'drizzle.config.ts']), /dialect "mysql" is not supported/);
  });

  it('with a schema path that does not exist, naming the paths tried', () => {
    const repo = createRepo({
      'package.json': '{"name":"app","type":"module"}',
      'config/drizzle.config.ts': "export default { dialect: 'postgresql', schema: '../src/schema/users.ts' };\n",
      'src/schema/users.ts': USERS_V1,
    });
    repo.git('add', '-A');
    const r = repo.run(['--staged', '--config', 'config/drizzle.config.ts']);
    expectUsageFailure(r, /schema path "..\/src\/schema\/users.ts" does not exist\. Tried /);
    expect(r.stderr).toContain("not the config's folder");
  });

  it('with a --config that does not exist', () => {
    const repo = createRepo(drizzleProject());
    repo.git('add', '-A');
    expectUsageFailure(repo.run(['--staged', '--config', 'nope.config.ts']), /does not exist/);
  });

  it('with unknown flags, formats and rules', () => {
    const repo = createRepo(drizzleProject());
    expectUsageFailure(repo.run(['--stagedd']), /Unknown option/);
    expectUsageFailure(repo.run(['--format', 'xml']), /Unknown --format "xml"/);
    expectUsageFailure(repo.run(['--rule', 'nope']), /Unknown rule "nope"/);
    expectUsageFailure(repo.run(['frobnicate']), /Unknown command "frobnicate"/);
  });

  it('with a base ref that does not exist', () => {
    const repo = createRepo(drizzleProject());
    repo.commit('init');
    expectUsageFailure(repo.run(['--base', 'origin/nope']), /"origin\/nope" does not exist/);
  });

  it('shows the stack with --debug', () => {
    const repo = createRepo(drizzleProject(), { init: false });
    const r = repo.run(['--staged', '--debug']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\n\s+at /);
  });
});

describe('shallow clones', () => {
  function shallowSetup() {
    const origin = createRepo(drizzleProject(USERS_V1));
    generate(origin, 'init');
    origin.commit('init');
    for (let i = 0; i < 3; i++) origin.commit(`main ${i}`, { [`notes/${i}.md`]: `${i}\n` });
    origin.git('checkout', '-q', '-b', 'feature');
    origin.commit('schema', { 'src/schema/users.ts': USERS_V2 });
    origin.commit('more', { 'notes/x.md': 'x\n' });
    origin.git('checkout', '-q', 'main');
    origin.commit('main moves on', { 'notes/main.md': 'm\n' });
    const clone = repoAt(tempDir());
    execFileSync('git', ['clone', '-q', '--depth', '1', '--branch', 'feature', `file://${origin.dir}`, clone.dir]);
    symlinkSync(`${PROJECT_ROOT}/node_modules`, `${clone.dir}/node_modules`);
    return clone;
  }

  it('without the base branch: exit 2 telling how to fetch it', () => {
    const clone = shallowSetup();
    const r = clone.run(['--base', 'origin/main']);
    expectUsageFailure(r, /shallow clone/);
    expect(r.stderr).toMatch(/fetch-depth: 0|git fetch/);
  });

  it('with the base branch but not the merge base: exit 2, never a verdict', () => {
    const clone = shallowSetup();
    clone.git('fetch', '-q', '--depth', '1', 'origin', 'main:refs/remotes/origin/main');
    const r = clone.run(['--base', 'origin/main']);
    expectUsageFailure(r, /shallow clone and its history does not reach the merge base/);
    // Deepening as the message says fixes it.
    clone.git('fetch', '-q', '--unshallow', 'origin');
    const ok = clone.run(['--base', 'origin/main', '--format', 'json']);
    expect(ok.code).toBe(1);
    expect(JSON.parse(ok.stdout).findings[0].ruleId).toBe('schema-without-migration');
  });
});

describe('help and version', () => {
  it('prints help listing the rules and the exit codes', () => {
    const repo = createRepo({}, { init: false });
    const r = repo.run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--staged');
    expect(r.stdout).toContain('schema-without-migration');
    expect(r.stdout).toContain('Exit codes');
  });

  it('prints the version', () => {
    const repo = createRepo({}, { init: false });
    const r = repo.run(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
