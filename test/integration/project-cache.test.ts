/**
 * The cached project model (node_modules/.cache/nexiom-lint) must never hide a project: not after
 * a run with --config, not after a run from a package folder, not when a config is added later.
 * Each repository here has its own node_modules, so the cache persists from one run to the next
 * as it does in a user's project.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupAll, createRepo, type TempRepo } from '../helpers/repo.js';
import { drizzleProject, PG_CONFIG, USERS_V1 } from '../helpers/drizzle.js';
import { nothingRelevant } from '../../src/messages.js';

afterAll(cleanupAll);

const BILLING = {
  'packages/billing/package.json': JSON.stringify({ name: 'billing', private: true }, null, 2),
  'packages/billing/drizzle.config.ts': PG_CONFIG(),
  'packages/billing/src/schema/users.ts': USERS_V1,
};

function monorepo(): TempRepo {
  const repo = createRepo(drizzleProject(USERS_V1, BILLING), { ownModules: true });
  repo.commit('init');
  return repo;
}

function configsOf(stdout: string): string[] {
  return (JSON.parse(stdout) as { summary: { projects: Array<{ configFile: string }> } }).summary.projects
    .map((p) => p.configFile)
    .sort();
}

function cacheFile(repo: TempRepo): string {
  return path.join(repo.dir, 'node_modules/.cache/nexiom-lint/projects.json');
}

describe('the project cache', () => {
  it('still finds every project after a run with --config', () => {
    const repo = monorepo();
    const one = repo.run(['--all', '--format', 'json', '--config', 'packages/billing/drizzle.config.ts']);
    expect(configsOf(one.stdout)).toEqual(['packages/billing/drizzle.config.ts']);
    expect(existsSync(cacheFile(repo))).toBe(true);
    const all = repo.run(['--all', '--format', 'json']);
    expect(configsOf(all.stdout)).toEqual(['drizzle.config.ts', 'packages/billing/drizzle.config.ts']);
  });

  it('still finds every project after a run from a package folder', () => {
    const repo = monorepo();
    const here = repo.run(['--all', '--format', 'json'], {}, 'packages/billing');
    expect(configsOf(here.stdout)).toEqual(['packages/billing/drizzle.config.ts']);
    const all = repo.run(['--all', '--format', 'json']);
    expect(configsOf(all.stdout)).toEqual(['drizzle.config.ts', 'packages/billing/drizzle.config.ts']);
  });

  it('sees a config added after the cache was written', () => {
    const repo = monorepo();
    repo.run(['--all', '--format', 'json']);
    repo.write({
      'packages/shop/package.json': JSON.stringify({ name: 'shop', private: true }, null, 2),
      'packages/shop/drizzle.config.ts': PG_CONFIG(),
      'packages/shop/src/schema/users.ts': USERS_V1,
    });
    const all = repo.run(['--all', '--format', 'json']);
    expect(configsOf(all.stdout)).toEqual([
      'drizzle.config.ts',
      'packages/billing/drizzle.config.ts',
      'packages/shop/drizzle.config.ts',
    ]);
  });

  it('does not let the commit shortcut skip a migration of a project only --config runs have seen', () => {
    const repo = monorepo();
    repo.run(['--all', '--config', 'packages/billing/drizzle.config.ts']);
    repo.write({ 'drizzle/0000_hand_written.sql': 'CREATE TABLE "notes" ("id" integer);\n' });
    repo.git('add', '-A');
    const staged = repo.run(['--staged']);
    expect(staged.stdout).not.toContain(nothingRelevant);
  });
});
