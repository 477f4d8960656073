/**
 * Whose drift is it? The target's verdict says whether db:generate would write something; the
 * base only says whether the change introduced it. Real git repositories, migrations written by
 * the real drizzle-kit.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupAll, createRepo, GIT_ENV, PROJECT_ROOT, tempDir, type TempRepo } from '../helpers/repo.js';
import { drizzleProject, generate } from '../helpers/drizzle.js';
import { copyOf, edit, SCHEMA_V1 } from './fixture.js';

const FILE = 'src/schema/users.ts';
const ADD_CITY = 'ALTER TABLE "users" ADD COLUMN "city" text;';

interface Output {
  findings: Array<{
    ruleId: string;
    severity: string;
    message: string;
    file: string;
    details?: string;
    preExisting?: boolean;
  }>;
  summary: {
    projects: Array<{ configFile: string; drift: { status: string; introduced?: boolean; statements?: string[] } }>;
    notes: string[];
  };
}
const parse = (stdout: string) => JSON.parse(stdout) as Output;

let base: TempRepo;
beforeAll(() => {
  base = createRepo(drizzleProject(SCHEMA_V1));
  generate(base, 'init');
  base.commit('init');
});
afterAll(cleanupAll);

/** Each test runs drizzle-kit and the CLI several times. */
const SLOW = 240_000;

describe('a revert: the column and the migration that added it both removed', () => {
  it(
    'needs no new migration: only migration-edited reports the removal, in --base and --staged',
    () => {
      const repo = copyOf(base);
      edit(repo, FILE, "name: text('name'),", "name: text('name'),\n    phone: text('phone'),");
      generate(repo, 'add_phone');
      repo.commit('add phone');
      repo.git('checkout', '-q', '-b', 'revert');
      repo.git('revert', '--no-edit', 'HEAD');
      const r = repo.run(['--base', 'main', '--format', 'json']);
      expect(r.stdout).not.toContain('DROP COLUMN');
      const out = parse(r.stdout);
      expect(out.findings.map((f) => f.ruleId)).toEqual(['migration-edited']);
      expect(out.summary.projects[0]!.drift).toEqual({ status: 'same' });
      repo.git('reset', '-q', '--soft', 'HEAD~1');
      const staged = repo.run(['--staged', '--format', 'json']);
      expect(staged.stdout).not.toContain('DROP COLUMN');
      expect(parse(staged.stdout).findings.map((f) => f.ruleId)).toEqual(['migration-edited']);
    },
    SLOW,
  );
});

describe('drift main already has', () => {
  let repo: TempRepo;
  beforeAll(() => {
    repo = copyOf(base);
    edit(repo, FILE, "name: text('name'),", "name: text('name'),\n    city: text('city'),");
    repo.commit('city, without its migration');
  }, SLOW);

  it(
    'is a pre-existing warning on a change that does not touch the project, naming the commit',
    () => {
      repo.git('checkout', '-q', '-b', 'readme', 'main');
      repo.commit('docs', { 'README.md': '# app\n' });
      const r = repo.run(['--base', 'main', '--format', 'json']);
      expect(r.code).toBe(0);
      const out = parse(r.stdout);
      expect(out.findings).toHaveLength(1);
      expect(out.findings[0]).toMatchObject({
        ruleId: 'schema-drift',
        severity: 'warning',
        file: FILE,
        preExisting: true,
        details: ADD_CITY,
      });
      expect(out.findings[0]!.message).toContain('city, without its migration');
      expect(out.summary.projects[0]!.drift).toEqual({ status: 'differs', introduced: false, statements: [ADD_CITY] });
      // The default mode (merge base with the default branch, working tree) does the same.
      expect(parse(repo.run(['--format', 'json']).stdout).findings.map((f) => f.severity)).toEqual(['warning']);
      // --staged stays fast: an untouched project is not even loaded.
      repo.write({ 'README.md': '# app, again\n' });
      repo.git('add', '-A');
      const staged = parse(repo.run(['--staged', '--format', 'json']).stdout);
      expect(staged.findings).toEqual([]);
      expect(staged.summary.projects[0]!.drift).toEqual({ status: 'unchecked' });
      repo.git('reset', '-q', '--hard');
    },
    SLOW,
  );

  it(
    'is an error on a change that touches the project, still marked pre-existing',
    () => {
      repo.git('checkout', '-q', '-b', 'comment', 'main');
      edit(repo, FILE, 'export const users', '// The people who sign in.\nexport const users');
      repo.commit('comment');
      const r = repo.run(['--base', 'main', '--format', 'json']);
      expect(r.code).toBe(1);
      const out = parse(r.stdout);
      expect(out.findings.map((f) => [f.ruleId, f.severity, f.preExisting])).toEqual([['schema-drift', 'error', true]]);
      expect(out.findings[0]!.message).toContain('Pre-existing');
      expect(out.summary.projects[0]!.drift.introduced).toBe(false);
    },
    SLOW,
  );

  it(
    'is the change\'s own when it adds drift of its own, and --all has no "introduced"',
    () => {
      repo.git('checkout', '-q', '-b', 'more', 'main');
      edit(repo, FILE, "city: text('city'),", "city: text('city'),\n    zip: text('zip'),");
      repo.commit('zip, without its migration');
      const out = parse(repo.run(['--base', 'main', '--format', 'json']).stdout);
      expect(out.findings.map((f) => [f.ruleId, f.severity, f.preExisting])).toEqual([
        ['schema-without-migration', 'error', undefined],
      ]);
      expect(out.summary.projects[0]!.drift).toMatchObject({ status: 'differs', introduced: true });
      expect(out.summary.projects[0]!.drift.statements).toContain('ALTER TABLE "users" ADD COLUMN "zip" text;');
      const all = parse(repo.run(['--all', '--format', 'json']).stdout);
      expect(all.summary.projects[0]!.drift).toEqual({
        status: 'differs',
        statements: expect.arrayContaining([ADD_CITY]),
      });
      const unchecked = parse(repo.run(['--all', '--rule', 'migration-integrity', '--format', 'json']).stdout);
      expect(unchecked.summary.projects[0]!.drift).toEqual({ status: 'unchecked' });
    },
    SLOW,
  );

  it(
    'an untouched project whose schema no longer loads is a warning, not a failed run',
    () => {
      repo.git('checkout', '-q', '-b', 'broken', 'main');
      edit(repo, FILE, 'export const users', "throw new Error('needs DATABASE_URL');\nexport const users");
      repo.commit('broken on main');
      repo.commit('docs', { 'README.md': '# broken\n' });
      const r = repo.run(['--base', 'HEAD~1', '--format', 'json']);
      expect(r.code).toBe(0);
      const out = parse(r.stdout);
      expect(out.findings).toMatchObject([{ ruleId: 'schema-drift', severity: 'warning', preExisting: true }]);
      expect(out.findings[0]!.message).toContain('needs DATABASE_URL');
      expect(out.summary.projects[0]!.drift).toEqual({ status: 'unusable', introduced: false });
    },
    SLOW,
  );
});

describe('the verdict cache', () => {
  it(
    'is not read back by another release of nexiom-lint',
    () => {
      const repo = copyOf(base);
      edit(repo, FILE, "name: text('name'),", "name: text('name'),\n    phone: text('phone'),");
      repo.git('add', '-A');
      expect(repo.run(['--staged', '--rule', 'schema-drift']).code).toBe(1);
      const dir = path.join(repo.dir, 'node_modules/.cache/nexiom-lint/drift');
      for (const name of readdirSync(dir)) {
        const stored = JSON.parse(readFileSync(path.join(dir, name), 'utf8'));
        for (const entry of stored.entries as Array<{ verdicts: Record<string, { statements?: string[] }> }>) {
          for (const verdict of Object.values(entry.verdicts)) verdict.statements = ['SELECT 1 /* cached */'];
        }
        writeFileSync(path.join(dir, name), JSON.stringify(stored));
      }
      const run = (bin: string) =>
        spawnSync(process.execPath, [bin, '--staged', '--format', 'json', '--rule', 'schema-drift'], {
          cwd: repo.dir,
          env: { ...process.env, ...GIT_ENV, NO_COLOR: '1' },
          encoding: 'utf8',
        }).stdout;
      // The same release reads its own (doctored) entry back ...
      expect(parse(run(path.join(PROJECT_ROOT, 'bin/nexiom-lint.js'))).findings[0]!.details).toBe(
        'SELECT 1 /* cached */;',
      );
      // ... the next release (the same build, another version in package.json) does not.
      const next = tempDir();
      for (const part of ['bin', 'dist']) {
        cpSync(path.join(PROJECT_ROOT, part), path.join(next, part), { recursive: true });
      }
      const pkg = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8'));
      writeFileSync(path.join(next, 'package.json'), JSON.stringify({ ...pkg, version: `${pkg.version}-next` }));
      mkdirSync(path.join(next, 'node_modules'));
      for (const name of readdirSync(path.join(PROJECT_ROOT, 'node_modules'))) {
        if (name !== '.cache') {
          symlinkSync(path.join(PROJECT_ROOT, 'node_modules', name), path.join(next, 'node_modules', name));
        }
      }
      expect(parse(run(path.join(next, 'bin/nexiom-lint.js'))).findings[0]!.details).toBe(
        'ALTER TABLE "users" ADD COLUMN "phone" text;',
      );
    },
    SLOW,
  );
});
