/**
 * The project the bad-input URL tests run in (a drizzle config that reads DATABASE_URL, one
 * migration) and the runs they are written in: the test run's own database settings never leak in.
 */
import { afterAll, beforeAll } from 'vitest';
import { drizzleProject, generate, PG_CONFIG } from '../helpers/drizzle.js';
import { cleanupAll, createRepo, type TempRepo } from '../helpers/repo.js';
import { runCli, type Outcome } from './harness.js';

/** The test run's own database settings must not leak into a case. */
const CLEAN = {
  CI: undefined,
  NODE_ENV: undefined,
  DATABASE_URL: undefined,
  PGHOST: undefined,
  NEXIOM_LINT_PUSH_CONFIRM: undefined,
};
const FROM_ENV = PG_CONFIG({ extra: 'dbCredentials: { url: process.env.DATABASE_URL! },' });

/** The project the runs start in; set by `useProject` before the file's tests. */
export let repo: TempRepo;

/** Builds `repo` before the file's tests and removes every repository after them. */
export function useProject(): void {
  afterAll(cleanupAll);

  beforeAll(() => {
    repo = createRepo(drizzleProject(undefined, { 'drizzle.config.ts': FROM_ENV }));
    generate(repo, 'init');
    repo.commit('init');
  });
}

export const run = (args: string[], env: Record<string, string | undefined> = {}, cwd = repo.dir): Outcome =>
  runCli(args, { cwd, env: { ...CLEAN, ...env } });
export const guard = (args: string[], env: Record<string, string | undefined> = {}, cwd?: string) =>
  run(['guard', 'push', '--unsafe', ...args], env, cwd);
export const err = (o: Outcome) => `${o.stdout}\n${o.stderr}`;
