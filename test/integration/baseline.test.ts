/**
 * The findings baseline, as a team adopting nexiom-lint on an old history uses it: record the
 * findings once, commit the file, and from then on only new findings fail; lines moving around a
 * known finding do not bring it back; a fixed finding makes its entry stale until the file is
 * written again; drift already there does not block an unrelated change, but a change to that
 * project's schema must fix it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drizzleProject, generate, USERS_V1 } from '../helpers/drizzle.js';
import { cleanupAll, createRepo, type TempRepo } from '../helpers/repo.js';

const USERS_NO_EMAIL = `import { pgTable, serial, text } from 'drizzle-orm/pg-core';

export const users = pgTable('users', {
  id: serial('id').primaryKey(),
});
`;

const USERS_WITH_CITY = USERS_NO_EMAIL.replace(
  "id: serial('id').primaryKey(),",
  "id: serial('id').primaryKey(),\n  city: text('city'),",
);
const USERS_WITH_CITY_AND_ZIP = USERS_WITH_CITY.replace(
  "city: text('city'),",
  "city: text('city'),\n  zip: text('zip'),",
);

const SETTINGS = (extra: Record<string, string> = {}) =>
  JSON.stringify({ rules: { 'replay-mismatch': 'off', ...extra } });

interface Json {
  findings: Array<{ ruleId: string; file: string | null; line?: number }>;
  summary: { notes: string[]; baseline?: { known: number; stale: number | null } };
}
const json = (stdout: string) => JSON.parse(stdout) as Json;

let repo: TempRepo;

beforeAll(() => {
  // An old history: a serial id (a warning), then a dropped column (an error), both long applied.
  // The replay is not what this file is about: it is off, as a team without a database in CI sets it.
  repo = createRepo(drizzleProject(USERS_V1, { 'nexiom-lint.config.json': SETTINGS() }), { ownModules: true });
  generate(repo, 'init');
  repo.write({ 'src/schema/users.ts': USERS_NO_EMAIL });
  generate(repo, 'drop_email');
  repo.commit('history');
});

afterAll(cleanupAll);

// Each case runs the CLI several times on a real project (drizzle-kit, the SQL parser).
describe('nexiom-lint baseline', { timeout: 240_000 }, () => {
  it('records the findings of the whole history, and later full runs pass with a note', () => {
    const before = repo.run(['--all', '--format', 'json']);
    expect(before.code).toBe(1);
    const rules = json(before.stdout).findings.map((f) => f.ruleId);
    expect(rules).toContain('sql-drop-column');
    expect(rules).toContain('sql-prefer-identity');

    const dry = repo.run(['baseline', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stderr).toContain('dry run: nothing written');
    expect(() => readFileSync(path.join(repo.dir, 'nexiom-lint-baseline.json'))).toThrow();

    const written = repo.run(['baseline']);
    expect(written.code).toBe(0);
    expect(written.stderr).toMatch(/recorded \d+ findings in nexiom-lint-baseline.json/);
    const file = JSON.parse(readFileSync(path.join(repo.dir, 'nexiom-lint-baseline.json'), 'utf8'));
    expect(file.version).toBe(1);
    expect(file.entries.map((e: { rule: string }) => e.rule)).toContain('sql-drop-column');
    repo.commit('baseline');

    const after = repo.run(['--all', '--format', 'json']);
    expect(after.code).toBe(0);
    const result = json(after.stdout);
    expect(result.findings).toEqual([]);
    expect(result.summary.baseline).toMatchObject({ known: rules.length, stale: 0 });
    expect(repo.run(['--all']).stdout).toMatch(/\d+ known findings in nexiom-lint-baseline.json not shown/);

    const everything = repo.run(['--all', '--no-baseline', '--format', 'json']);
    expect(everything.code).toBe(1);
    expect(
      json(everything.stdout)
        .findings.map((f) => f.ruleId)
        .sort(),
    ).toEqual([...rules].sort());
  });

  it('keeps a known finding known when lines move around it', () => {
    const file = 'drizzle/0001_drop_email.sql';
    const sql = readFileSync(path.join(repo.dir, file), 'utf8');
    repo.write({ [file]: `-- dropped in v2\n-- see the changelog\n${sql}` });
    const r = repo.run(['--all', '--format', 'json', '--rule', 'sql-drop-column']);
    expect(r.code).toBe(0);
    // The file moved the finding two lines down; it is still the known one.
    const shown = repo.run(['--all', '--no-baseline', '--format', 'json', '--rule', 'sql-drop-column']);
    expect(json(shown.stdout).findings[0]!.line).toBe(3);
    repo.write({ [file]: sql });
  });

  it('reports a new problem, and only the new one', () => {
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write({ 'src/schema/users.ts': USERS_WITH_CITY });
    generate(repo, 'city');
    repo.write({ 'src/schema/users.ts': USERS_NO_EMAIL });
    generate(repo, 'drop_city');
    repo.commit('add and drop city');
    const r = repo.run(['--base', 'main', '--format', 'json']);
    expect(r.code).toBe(1);
    const found = json(r.stdout).findings;
    expect(found.map((f) => f.ruleId)).toContain('sql-drop-column');
    expect(found.every((f) => f.file !== 'drizzle/0001_drop_email.sql')).toBe(true);
    expect(found.some((f) => f.file?.endsWith('_drop_city.sql'))).toBe(true);
    repo.git('checkout', '-q', 'main');
  });

  it('calls an entry stale once its finding is gone, and shrinks the file when written again', () => {
    repo.write({ 'nexiom-lint.config.json': SETTINGS({ 'sql-prefer-identity': 'off' }) });
    const r = repo.run(['--all', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(json(r.stdout).summary.baseline?.stale).toBe(1);
    expect(json(r.stdout).summary.notes.join('\n')).toContain(
      'no longer match a finding: run `nexiom-lint baseline` to shrink the file',
    );
    repo.run(['baseline']);
    const file = JSON.parse(readFileSync(path.join(repo.dir, 'nexiom-lint-baseline.json'), 'utf8'));
    expect(file.entries.map((e: { rule: string }) => e.rule)).not.toContain('sql-prefer-identity');
    expect(json(repo.run(['--all', '--format', 'json']).stdout).summary.baseline?.stale).toBe(0);
    repo.write({ 'nexiom-lint.config.json': SETTINGS() });
    repo.run(['baseline']);
    repo.commit('baseline again');
  });

  it('lets known drift pass an unrelated change, and makes a change to that schema fix it', () => {
    // Someone changed the schema on main without db:generate; the team baselines it.
    repo.commit('forgot db:generate', { 'src/schema/users.ts': USERS_WITH_CITY });
    const drift = repo.run(['--all', '--format', 'json', '--rule', 'schema-drift']);
    expect(json(drift.stdout).findings.map((f) => f.ruleId)).toEqual(['schema-drift']);
    repo.run(['baseline']);
    repo.commit('baseline with the drift');

    repo.git('checkout', '-q', '-b', 'docs');
    repo.commit('docs', { 'README.md': '# app\n' });
    expect(repo.run(['--base', 'main']).code).toBe(0);
    expect(repo.run(['--all']).code).toBe(0);

    repo.git('checkout', '-q', 'main');
    repo.git('checkout', '-q', '-b', 'zip');
    repo.commit('zip, still without a migration', { 'src/schema/users.ts': USERS_WITH_CITY_AND_ZIP });
    const touched = repo.run(['--base', 'main', '--format', 'json']);
    expect(touched.code).toBe(1);
    expect(json(touched.stdout).findings.map((f) => f.ruleId)).toContain('schema-without-migration');
    repo.git('checkout', '-q', 'main');
  });

  it('stops with a clear message on a baseline file that is not what it writes', () => {
    repo.write({ 'nexiom-lint-baseline.json': '{ "version": 1, "entries": [ { "rule": 3 } ] }' });
    const r = repo.run(['--all']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nexiom-lint-baseline.json does not have the shape nexiom-lint writes');
    repo.write({ 'nexiom-lint-baseline.json': '{ not json' });
    expect(repo.run(['--all']).stderr).toContain('is not valid JSON');
    repo.git('checkout', '--', 'nexiom-lint-baseline.json');
  });
});
