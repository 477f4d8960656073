/**
 * The history the bad-input history tests damage: one history written by drizzle-kit (init,
 * add_phone), copied for each case, and the edits and runs the cases are written in.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { cleanupAll, createRepo, type TempRepo } from '../helpers/repo.js';
import { drizzleProject, generate, USERS_V1, USERS_V2 } from '../helpers/drizzle.js';
import { copyRepo } from '../history/helpers.js';
import { runCli, type Outcome } from './harness.js';

export const JOURNAL = 'drizzle/meta/_journal.json';
export const LATEST = 'drizzle/meta/0001_snapshot.json';
const HISTORY = ['--rule', 'migration-integrity', '--rule', 'migration-out-of-order', '--rule', 'migration-conflict'];

/** The committed history (init, add_phone); set by `useHistory` before the file's tests. */
export let base: TempRepo;
/** `base` with a third migration, generated but not committed; set by `useHistory`. */
export let withNew: TempRepo;

/** Builds `base` and `withNew` before the file's tests and removes every repository after them. */
export function useHistory(): void {
  afterAll(cleanupAll);

  beforeAll(() => {
    base = createRepo(drizzleProject(USERS_V1));
    generate(base, 'init');
    base.write({ 'src/schema/users.ts': USERS_V2 });
    generate(base, 'add_phone');
    base.commit('history');
    // A third migration, generated but not committed: the --staged cases stage it with their damage.
    withNew = copyRepo(base);
    withNew.write({
      'src/schema/users.ts': USERS_V2.replace(
        "phoneNumber: text('phone_number'),",
        "phoneNumber: text('phone_number'),\n  city: text('city'),",
      ),
    });
    generate(withNew, 'add_city');
  }, 240_000);
}

type Json = Record<string, unknown> & { entries: Array<Record<string, unknown>> };

export function repoWith(edit: (repo: TempRepo) => void, from: TempRepo = base): TempRepo {
  const repo = copyRepo(from);
  edit(repo);
  return repo;
}

export const read = (repo: TempRepo, file: string) => readFileSync(path.join(repo.dir, file), 'utf8');
export const write = (repo: TempRepo, file: string, content: string | Buffer) =>
  writeFileSync(path.join(repo.dir, file), content);

export function editJournal(change: (journal: Json) => void): (repo: TempRepo) => void {
  return (repo) => {
    const journal = JSON.parse(read(repo, JOURNAL)) as Json;
    change(journal);
    write(repo, JOURNAL, JSON.stringify(journal, null, 2));
  };
}

export function editSnapshot(
  change: (snapshot: Record<string, unknown>) => void,
  file = LATEST,
): (repo: TempRepo) => void {
  return (repo) => {
    const snapshot = JSON.parse(read(repo, file)) as Record<string, unknown>;
    change(snapshot);
    write(repo, file, JSON.stringify(snapshot, null, 2));
  };
}

export const all = (repo: TempRepo, args = HISTORY): Outcome => runCli(['--all', ...args], { cwd: repo.dir });
export function staged(repo: TempRepo, args = HISTORY): Outcome {
  repo.git('add', '-A');
  return runCli(['--staged', ...args], { cwd: repo.dir });
}
export const text = (o: Outcome) => `${o.stdout}\n${o.stderr}`;
