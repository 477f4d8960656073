// A project with a past: an old migration already has a finding. init records it in the findings
// baseline, the init commit passes through the real hook, db:check (--all) is green, and a new
// problem of the same kind still fails.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { drizzleProject, generate, USERS_V1 } from '../helpers/drizzle.js';
import { cleanupAll, createRepo } from '../helpers/repo.js';
import { INSTALLED_DEV_DEPENDENCIES, installedModules, gitCommit as commit } from './helpers.js';

afterAll(cleanupAll);

const withColumn = (column: string) =>
  USERS_V1.replace("email: text('email').notNull(),", `email: text('email').notNull(),\n  ${column}`);

describe('init in a project that already has findings', () => {
  it('records them, the init commit passes, db:check is green, and a new problem still fails', () => {
    const base = drizzleProject(USERS_V1);
    const pkg = { ...JSON.parse(base['package.json']!), devDependencies: INSTALLED_DEV_DEPENDENCIES };
    const repo = createRepo({ ...base, 'package.json': `${JSON.stringify(pkg, null, 2)}\n` }, { linkModules: false });
    installedModules(repo.dir);
    generate(repo, 'init');
    // Long applied: a NOT NULL column without a default (sql-add-column-not-null).
    repo.write({ 'src/schema/users.ts': withColumn("name: text('name').notNull(),") });
    generate(repo, 'add_name');
    repo.commit('history');
    expect(repo.run(['--all']).code).toBe(1);

    const dry = repo.run(['init', '--no-install', '--no-workflow', '--dry-run']);
    expect(dry.stdout).toContain('record the findings the project already has, if any, in nexiom-lint-baseline.json');
    expect(existsSync(path.join(repo.dir, 'nexiom-lint-baseline.json'))).toBe(false);
    const r = repo.run(['init', '--no-install', '--no-workflow']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/created +nexiom-lint-baseline\.json +\d+ findings? the project already has \(1 error\)/);
    expect(r.stdout).toMatch(/git add -- [^`]*nexiom-lint-baseline\.json/);
    const recorded = JSON.parse(readFileSync(path.join(repo.dir, 'nexiom-lint-baseline.json'), 'utf8')) as {
      entries: Array<{ rule: string; file: string }>;
    };
    expect(recorded.entries.map((e) => e.rule)).toContain('sql-add-column-not-null');

    repo.git('add', '-A');
    const init = commit(repo, 'set up nexiom-lint');
    expect(init.output).not.toContain('error');
    expect(init.code).toBe(0);

    const check = repo.run(['--all']);
    expect(check.stdout + check.stderr).toMatch(/\d+ known findings? in nexiom-lint-baseline\.json not shown/);
    expect(check.code).toBe(0);
    expect(repo.run(['--all', '--no-baseline']).code).toBe(1);

    // A second init changes nothing, the baseline included.
    const again = repo.run(['init', '--no-install', '--no-workflow']);
    expect(again.stdout).not.toContain('nexiom-lint-baseline.json');
    expect(repo.git('status', '--porcelain')).toBe('');

    // A new problem of the same kind fails.
    repo.write({ 'src/schema/users.ts': withColumn("name: text('name').notNull(),\n  team: text('team').notNull(),") });
    generate(repo, 'add_team');
    repo.git('add', '-A');
    const blocked = commit(repo, 'add team');
    expect(blocked.output).toContain('sql-add-column-not-null');
    expect(blocked.code).not.toBe(0);
  }, 240_000);

  it('--no-baseline records nothing', () => {
    const repo = createRepo(drizzleProject(USERS_V1));
    generate(repo, 'init');
    repo.write({ 'src/schema/users.ts': withColumn("name: text('name').notNull(),") });
    generate(repo, 'add_name');
    repo.commit('history');
    const r = repo.run(['init', '--no-install', '--no-workflow', '--no-baseline']);
    expect(r.code).toBe(0);
    expect(existsSync(path.join(repo.dir, 'nexiom-lint-baseline.json'))).toBe(false);
  });
});
