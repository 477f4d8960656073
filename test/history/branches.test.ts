/**
 * Two branches that each ran db:generate, then merged: the situation migration-conflict,
 * migration-out-of-order and rebase-migrations exist for. All migrations come from drizzle-kit.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupAll, createRepo, type TempRepo } from '../helpers/repo.js';
import { drizzleProject, generate, USERS_V1, USERS_V2 } from '../helpers/drizzle.js';
import { copyRepo, findings, ids, lintJson, read, readJournal, writeJournal } from './helpers.js';

afterAll(cleanupAll);

const POSTS = `import { pgTable, serial, text } from 'drizzle-orm/pg-core';

export const posts = pgTable('posts', {
  id: serial('id').primaryKey(),
  title: text('title').notNull(),
});
`;

/**
 * main: 0000_init, then 0001_add_posts. feature (from init): 0001_add_phone, generated *before*
 * main's migration, so its `when` is older.
 */
let forked: TempRepo;

beforeAll(() => {
  forked = createRepo(drizzleProject(USERS_V1));
  generate(forked, 'init');
  forked.commit('init');
  forked.git('checkout', '-q', '-b', 'feature');
  forked.write({ 'src/schema/users.ts': USERS_V2 });
  generate(forked, 'add_phone');
  forked.commit('add phone');
  forked.git('checkout', '-q', 'main');
  forked.write({ 'src/schema/posts.ts': POSTS });
  generate(forked, 'add_posts');
  forked.commit('add posts');
  forked.git('checkout', '-q', 'feature');
});

/** feature with main merged in, the journal conflict resolved by keeping both entries. */
function merged(order: 'main-first' | 'feature-first' = 'main-first'): TempRepo {
  const repo = copyRepo(forked);
  const ours = readJournal(repo);
  const theirs = JSON.parse(repo.git('show', 'main:drizzle/meta/_journal.json'));
  try {
    repo.git('merge', '-q', 'main', '-m', 'merge main');
  } catch {
    // Conflicts in meta/: resolved below as a developer would.
  }
  const phone = ours.entries[1]!;
  const posts = theirs.entries[1]!;
  const entries = order === 'main-first' ? [ours.entries[0]!, posts, phone] : [ours.entries[0]!, phone, posts];
  writeJournal(repo, { ...ours, entries: entries.map((e, idx) => ({ ...e, idx })) });
  repo.git('checkout', '--theirs', '--', 'drizzle/meta/0001_snapshot.json');
  repo.git('add', '-A');
  repo.git('commit', '-q', '--no-verify', '-m', 'merge main');
  return repo;
}

describe('two branches that each generated, merged', () => {
  it('--all: both claim 0001, and the older one is listed after the newer', () => {
    const repo = merged('main-first');
    const list = findings(repo, ['--all']);
    const conflict = list.find((f) => f.ruleId === 'migration-conflict');
    expect(conflict?.message).toContain('0001_add_posts and 0001_add_phone claim the same prefix 0001');
    expect(conflict?.help).toContain('rebase-migrations');
    const order = list.find((f) => f.ruleId === 'migration-out-of-order');
    expect(order?.message).toMatch(/0001_add_phone .* is not later than 0001_add_posts/);
    expect(order?.file).toBe('drizzle/meta/_journal.json');
  });

  it('--base main (a PR checked out as its merge): the branch migration is older than the base newest', () => {
    const repo = merged('feature-first');
    const { findings: list, notes } = lintJson(repo, ['--base', 'main']);
    expect(ids(list)).toEqual(['migration-conflict', 'migration-out-of-order']);
    const order = list.find((f) => f.ruleId === 'migration-out-of-order')!;
    expect(order.message).toContain('0001_add_phone was generated at');
    expect(order.message).toContain('which the base already has');
    expect(order.severity).toBe('error');
    // The kept 0001 snapshot is main's: it lacks the phone column, so `generate` would now add it a
    // second time. schema-drift does not send the user there; it says why it did not judge.
    expect(notes).toContainEqual(
      expect.stringContaining(
        'drizzle/meta/0001_snapshot.json, the snapshot db:generate diffs against, belongs to the parallel branches 0001_add_phone and 0001_add_posts',
      ),
    );
    generate(repo, 'again');
    expect(read(repo, 'drizzle/0003_again.sql')).toContain('ADD COLUMN "phone_number"');
  });

  it('before the merge, the branch on its own is clean against its merge base', () => {
    const repo = copyRepo(forked);
    expect(findings(repo, ['--base', 'main'])).toEqual([]);
  });

  it('rebase-migrations --dry-run prints the plan and changes nothing', () => {
    const repo = merged('main-first');
    const before = repo.git('status', '--porcelain');
    const r = repo.run(['rebase-migrations', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('0001_add_phone');
    expect(r.stdout).toContain('Would remove:\n  drizzle/0001_add_phone.sql');
    expect(r.stdout).toContain('drizzle/meta/_journal.json');
    expect(r.stdout).toContain('Would run: npm run db:generate -- --name add_phone');
    expect(r.stdout).toContain('Dry run: nothing was changed');
    expect(repo.git('status', '--porcelain')).toBe(before);
    expect(existsSync(path.join(repo.dir, 'drizzle/0001_add_phone.sql'))).toBe(true);
  });

  it('rebase-migrations regenerates the branch change on top of main, and the history is clean again', () => {
    const repo = merged('main-first');
    const r = repo.run(['rebase-migrations']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('$ npm run db:generate -- --name add_phone');
    const journal = readJournal(repo);
    expect(journal.entries.map((e) => e.tag)).toEqual(['0000_init', '0001_add_posts', '0002_add_phone']);
    expect(existsSync(path.join(repo.dir, 'drizzle/0001_add_phone.sql'))).toBe(false);
    expect(read(repo, 'drizzle/0002_add_phone.sql')).toContain('ADD COLUMN "phone_number" text');
    // The new migration does not repeat main's table.
    expect(read(repo, 'drizzle/0002_add_phone.sql')).not.toContain('posts');
    expect(read(repo, 'drizzle/meta/0001_snapshot.json')).toBe(
      repo.git('show', 'main:drizzle/meta/0001_snapshot.json'),
    );
    expect(findings(repo, ['--all'])).toEqual([]);
    repo.commit('regenerate');
    expect(findings(repo, ['--base', 'main'])).toEqual([]);
  });

  it('rebase-migrations refuses a migrations folder with uncommitted changes (exit 2)', () => {
    const repo = merged('main-first');
    repo.write({ 'drizzle/0003_wip.sql': 'select 1;\n' });
    const r = repo.run(['rebase-migrations']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('drizzle/ has uncommitted changes (drizzle/0003_wip.sql)');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(path.join(repo.dir, 'drizzle/0001_add_phone.sql'))).toBe(true);
  });

  it('rebase-migrations on the unmerged branch says the base has newer migrations', () => {
    const repo = copyRepo(forked);
    const r = repo.run(['rebase-migrations', '--dry-run', '--base', 'main']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'the base branch has 1 newer migration(s) this branch does not have yet (0001_add_posts)',
    );
  });

  it('rebase-migrations with nothing of its own to rebase says so', () => {
    const repo = copyRepo(forked);
    repo.git('checkout', '-q', 'main');
    const r = repo.run(['rebase-migrations', '--base', 'main']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('nothing to rebase');
  });

  it('rebase-migrations re-creates a custom data migration after the regenerated one, with its SQL', () => {
    const repo = copyRepo(forked);
    generate(repo, 'backfill_phone', ['--custom']);
    const data = 'UPDATE "users" SET "phone_number" = \'\' WHERE "phone_number" IS NULL;\n';
    repo.commit('custom', { 'drizzle/0002_backfill_phone.sql': data });
    const r = repo.run(['rebase-migrations', '--base', 'main']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('0002_backfill_phone (custom: re-created after, with its SQL)');
    const tags = readJournal(repo).entries.map((e) => e.tag);
    expect(tags).toEqual(['0000_init', '0001_add_phone', '0002_backfill_phone']);
    expect(read(repo, 'drizzle/0002_backfill_phone.sql')).toBe(data);
    expect(findings(repo, ['--all'])).toEqual([]);
  });
});
