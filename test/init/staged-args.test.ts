// A lint-staged JSON config runs `nexiom-lint --staged --` and appends the staged paths: the lint
// command ignores them in --staged mode (it reads the index itself), and only there.
import { afterAll, describe, expect, it } from 'vitest';
import { drizzleProject } from '../helpers/drizzle.js';
import { cleanupAll, createRepo } from '../helpers/repo.js';

afterAll(cleanupAll);

describe('nexiom-lint --staged -- <paths>', () => {
  it('ignores the paths lint-staged appends after --, and still rejects stray arguments elsewhere', () => {
    const repo = createRepo(drizzleProject());
    repo.commit('init');
    repo.write({ 'README.md': '# app\n' });
    repo.git('add', 'README.md');
    const ok = repo.run(['--staged', '--', `${repo.dir}/README.md`, `${repo.dir}/src/schema/users.ts`]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    const stray = repo.run(['--staged', 'README.md']);
    expect(stray.code).toBe(2);
    expect(stray.stderr).toContain('Unexpected argument "README.md"');
    expect(repo.run(['--all', '--', 'README.md']).code).toBe(2);
  });
});
