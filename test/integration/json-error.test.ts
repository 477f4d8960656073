/**
 * `--format json` on exit 2: stdout holds `{ "version": 1, "error": { "message" } }`, never an
 * empty string, for every way a run can fail before its report; stderr has the same message.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupAll, createRepo } from '../helpers/repo.js';
import { drizzleProject } from '../helpers/drizzle.js';

afterAll(cleanupAll);

function errorOf(r: { code: number; stdout: string; stderr: string }): string {
  expect(r.code, r.stdout + r.stderr).toBe(2);
  const parsed = JSON.parse(r.stdout) as { version: number; error: { message: string } };
  expect(parsed.version).toBe(1);
  expect(Object.keys(parsed)).toEqual(['version', 'error']);
  expect(r.stderr).toContain(parsed.error.message.split('\n')[0]);
  return parsed.error.message;
}

describe('--format json when the run cannot finish', () => {
  it('outside a git repository', () => {
    const repo = createRepo(drizzleProject(), { init: false });
    expect(errorOf(repo.run(['--staged', '--format', 'json']))).toMatch(/not inside a git repository/);
  });

  it('an unknown rule, with -f json and --format=json alike', () => {
    const repo = createRepo(drizzleProject());
    expect(errorOf(repo.run(['--all', '-f', 'json', '--rule', 'nope']))).toMatch(/Unknown rule "nope"/);
    expect(errorOf(repo.run(['--all', '--format=json', '--rule', 'nope']))).toMatch(/Unknown rule "nope"/);
  });

  it('a drizzle config that calls process.exit(0)', () => {
    const repo = createRepo(
      drizzleProject(undefined, { 'drizzle.config.ts': 'process.exit(0);\nexport default {};\n' }),
    );
    repo.git('add', '-A');
    expect(errorOf(repo.run(['--staged', '--format', 'json']))).toMatch(/drizzle\.config\.ts exited with code 0/);
  });

  it('db status --format json with a config that throws', () => {
    const repo = createRepo(
      drizzleProject(undefined, { 'drizzle.config.ts': "throw new Error('no secrets here');\n" }),
    );
    repo.commit('init');
    expect(errorOf(repo.run(['db', 'status', '--format', 'json']))).toMatch(
      /Could not load drizzle\.config\.ts: no secrets here/,
    );
  });

  it('the pretty format prints nothing on stdout', () => {
    const repo = createRepo(drizzleProject(), { init: false });
    const r = repo.run(['--staged']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
  });
});
