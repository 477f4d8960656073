/**
 * A table in a subfolder of a schema folder: drizzle-kit reads only the files directly in the
 * folder, so `generate` never writes it. Every mode must say the same: no migration is owed.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { drizzleProject, generate, USERS_V1 } from '../helpers/drizzle.js';
import { cleanupAll, createRepo } from '../helpers/repo.js';

afterAll(cleanupAll);

const ARCHIVE = `import { pgTable, serial, text } from 'drizzle-orm/pg-core';

export const archived = pgTable('archived', {
  id: serial('id').primaryKey(),
  note: text('note'),
});
`;

describe('a table in a nested schema folder', { timeout: 300_000 }, () => {
  it('is no schema change for drizzle-kit, in --staged as in --all (the replay included)', () => {
    const repo = createRepo(drizzleProject(USERS_V1), { ownModules: true });
    generate(repo, 'init');
    repo.commit('init');
    repo.write({ 'src/schema/archive/archived.ts': ARCHIVE });
    repo.git('add', '-A');
    const staged = repo.run(['--staged', '--format', 'json']);
    expect(staged.code, staged.stdout + staged.stderr).toBe(0);
    repo.commit('an archived table in a subfolder');
    // What drizzle-kit itself says.
    const kit = repo.exec('drizzle-kit', ['generate']);
    expect(kit.stdout + kit.stderr).toMatch(/No schema changes/);
    const all = repo.run(['--all', '--replay', '--format', 'json']);
    const ids = (JSON.parse(all.stdout) as { findings: Array<{ ruleId: string }> }).findings.map((f) => f.ruleId);
    expect(ids).not.toContain('replay-mismatch');
    expect(ids).not.toContain('schema-drift');
  });
});
