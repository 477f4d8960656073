/**
 * A PR that edits a file the schema's entry re-exports (`schema/index.ts` → `users.ts`) and forgets
 * the migration: the base's schema and the target's have the same entry file, so the same cache
 * key, and different import graphs. Both verdicts are kept: the check run again on the same commits
 * loads no schema (before, each side's verdict replaced the other's and every run loaded both).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { drizzleProject, generate, LOAD_LOGGER, loadsLog, loggedUsers, PG_CONFIG } from '../helpers/drizzle.js';
import { cleanupAll, createRepo } from '../helpers/repo.js';

afterAll(cleanupAll);

describe('the drift cache, when the base and the target share the schema entry', () => {
  it('keeps both sides’ verdicts: a second PR check loads no schema', () => {
    const repo = createRepo(
      drizzleProject(loggedUsers("email: text('email'),"), {
        'drizzle.config.ts': PG_CONFIG({ schema: './src/schema/index.ts' }),
        'src/schema/index.ts': "export * from './users';\n",
        'src/schema/log.ts': LOAD_LOGGER,
      }),
      { ownModules: true },
    );
    generate(repo, 'init');
    repo.commit('init');
    repo.commit('add a column, no migration', {
      'src/schema/users.ts': loggedUsers("email: text('email'),\n  name: text('name'),"),
    });
    const log = loadsLog();

    const first = repo.run(['--base', 'HEAD~1', '--format', 'json'], log.env);
    expect(first.code).toBe(1);
    const report = JSON.parse(first.stdout);
    expect(report.findings.map((f: { ruleId: string }) => f.ruleId)).toContain('schema-without-migration');
    // The target's schema and the base's own were serialized (did the change introduce the drift?).
    expect(report.summary.projects[0].drift).toMatchObject({ status: 'differs', introduced: true });
    expect(log.count()).toBe(2);

    const second = repo.run(['--base', 'HEAD~1', '--format', 'json'], log.env);
    expect(second.code).toBe(1);
    expect(JSON.parse(second.stdout)).toEqual(report);
    expect(log.count()).toBe(2);
  });
});
