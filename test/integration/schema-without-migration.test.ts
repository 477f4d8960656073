import { afterAll, describe, expect, it } from 'vitest';
import { cleanupAll, createRepo } from '../helpers/repo.js';
import { drizzleProject, generate, USERS_V1, USERS_V2 } from '../helpers/drizzle.js';

afterAll(cleanupAll);

function baseProject() {
  const repo = createRepo(drizzleProject(USERS_V1));
  generate(repo, 'init');
  repo.commit('init');
  return repo;
}

describe('schema-without-migration', () => {
  it('blocks a staged schema change without a migration, and says what to run', () => {
    const repo = baseProject();
    repo.write({ 'src/schema/users.ts': USERS_V2 });
    repo.git('add', 'src/schema/users.ts');
    const r = repo.run(['--staged']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('schema-without-migration');
    expect(r.stdout).toContain('src/schema/users.ts');
    expect(r.stdout).toContain('npm run db:generate');
  });

  it('passes when the migration is staged with the schema change', () => {
    const repo = baseProject();
    repo.write({ 'src/schema/users.ts': USERS_V2 });
    generate(repo, 'add_phone');
    repo.git('add', '-A');
    const r = repo.run(['--staged']);
    expect(r.stdout + r.stderr).not.toContain('schema-without-migration');
    expect(r.code).toBe(0);
  });

  it('judges the index, not the working tree: a generated but unstaged migration does not count', () => {
    const repo = baseProject();
    repo.write({ 'src/schema/users.ts': USERS_V2 });
    generate(repo, 'add_phone');
    repo.git('add', 'src/schema/users.ts');
    expect(repo.run(['--staged']).code).toBe(1);
  });

  it('ignores a change outside the schema', () => {
    const repo = baseProject();
    repo.write({ 'README.md': '# app\n' });
    repo.git('add', '-A');
    const r = repo.run(['--staged']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('nothing to check');
    // Code outside the schema is read by no-db-push only (a pushSchema import), never taken as a schema change.
    repo.write({ 'src/app.ts': 'export const x = 1;\n' });
    repo.git('add', '-A');
    const code = repo.run(['--staged']);
    expect(code.code).toBe(0);
    expect(code.stdout).not.toContain('schema-without-migration');
  });

  it('works on the very first commit (no HEAD)', () => {
    const repo = createRepo(drizzleProject(USERS_V1));
    repo.git('add', '-A');
    const blocked = repo.run(['--staged']);
    expect(blocked.code).toBe(1);
    generate(repo, 'init');
    repo.git('add', '-A');
    expect(repo.run(['--staged']).code).toBe(0);
  });

  it('--base compares the branch with its merge base, and prints JSON on request', () => {
    const repo = baseProject();
    repo.git('checkout', '-q', '-b', 'feature');
    repo.commit('schema only', { 'src/schema/users.ts': USERS_V2 });
    const r = repo.run(['--base', 'main', '--format', 'json']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.version).toBe(1);
    expect(json.findings).toHaveLength(1);
    expect(json.findings[0]).toMatchObject({
      ruleId: 'schema-without-migration',
      severity: 'error',
      file: 'src/schema/users.ts',
    });
    expect(json.findings[0].help).toContain('db:generate');
    expect(json.summary.errors).toBe(1);
  });
});

describe('the commit-path shortcut', () => {
  it('prints exactly what the full run prints when nothing relevant is staged', () => {
    const repo = baseProject();
    repo.write({ 'README.md': '# app\n' });
    repo.git('add', 'README.md');
    repo.run(['--staged']); // fills the project cache
    const shortcut = repo.run(['--staged']);
    const full = repo.run(['--staged', '--format', 'pretty']);
    expect(shortcut.code).toBe(0);
    expect(shortcut.stdout).toBe(full.stdout);
    expect(shortcut.stdout).toContain('nothing to check');
  });
});
