/** The settings file and --rule are checked against the rules: unknown ids and bad options are exit 2. */
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupAll, createRepo } from '../helpers/repo.js';
import { drizzleProject } from '../helpers/drizzle.js';

afterAll(cleanupAll);

/** A project whose settings are staged (so the run reads them), checked with --staged. */
function runWith(rules: Record<string, unknown>, args: string[] = ['--staged']) {
  const repo = createRepo(drizzleProject());
  repo.commit('init');
  repo.write({ 'nexiom-lint.config.json': JSON.stringify({ rules }) });
  repo.git('add', '-A');
  return repo.run(args);
}

function expectConfigFailure(r: { code: number; stdout: string; stderr: string }, ...patterns: RegExp[]) {
  expect(r.code, r.stdout + r.stderr).toBe(2);
  for (const pattern of patterns) expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('rule settings', () => {
  it('an unknown rule id is exit 2, with the closest id', () => {
    expectConfigFailure(
      runWith({ 'sql-drop-colum': 'warning' }),
      /nexiom-lint\.config\.json has 1 problem/,
      /rules\.sql-drop-colum: no rule "sql-drop-colum"\. Did you mean "sql-drop-column"\?/,
    );
  });

  it('an id far from every rule gets no suggestion', () => {
    const r = runWith({ 'no-such-thing-at-all': 'off' });
    expectConfigFailure(
      r,
      /rules\.no-such-thing-at-all: no rule "no-such-thing-at-all"\. `nexiom-lint --help` lists the rules/,
    );
    expect(r.stderr).not.toMatch(/Did you mean/);
  });

  it("options are checked against the rule's own schema, with their dotted path", () => {
    expectConfigFailure(
      runWith({ 'no-db-push': ['error', { allow: 3 }] }),
      /rules\.no-db-push\.allow: must be a glob or a list of globs/,
    );
    expectConfigFailure(
      runWith({ 'sql-require-timeouts': { severity: 'error', lockTimeout: 'yes' } }),
      /rules\.sql-require-timeouts\.lockTimeout: Invalid input: expected boolean/,
    );
  });

  it('an option the rule does not know, or any option for a rule without options, is exit 2', () => {
    expectConfigFailure(
      runWith({ 'schema-without-migration': ['error', { literall: true }] }),
      /rules\.schema-without-migration: .*literall/,
    );
    expectConfigFailure(
      runWith({ 'sql-drop-column': { severity: 'warning', reason: 'x' } }),
      /rules\.sql-drop-column\.reason: sql-drop-column takes no options/,
    );
  });

  it('every problem is reported at once', () => {
    expectConfigFailure(
      runWith({ 'sql-drop-colum': 'off', 'no-db-push': ['error', { allow: 3 }] }),
      /has 2 problem\(s\)/,
      /rules\.sql-drop-colum/,
      /rules\.no-db-push\.allow/,
    );
  });

  it('valid settings pass', () => {
    const r = runWith({
      'sql-drop-column': 'warning',
      'no-db-push': ['error', { allow: ['scripts/*.sh'] }],
      'schema-without-migration': { literal: true },
    });
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });
});

describe('--rule', () => {
  it('an unknown id is exit 2, with the closest id', () => {
    expectConfigFailure(
      runWith({}, ['--staged', '--rule', 'schema-drfit']),
      /Unknown rule "schema-drfit"\. Did you mean "schema-drift"\?/,
    );
  });
});
