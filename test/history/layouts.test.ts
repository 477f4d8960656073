/**
 * Every layout and prefix: timestamp prefixes, a journal started by drizzle-kit 0.20 (pre-0.21
 * header), the 1.0 folder layout (fixture written by drizzle-kit 1.0, see fixtures/make-fixtures.sh),
 * and a clean history of 500 migrations.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { migrationFileHash } from '../../src/project/hash.js';
import { snapshotIdsFromHead, snapshotIdsOf } from '../../src/project/migrations.js';
import { cleanupAll, createRepo, PROJECT_ROOT, repoAt, tempDir, type TempRepo } from '../helpers/repo.js';
import { drizzleProject, generate, PG_CONFIG, USERS_V1, USERS_V2 } from '../helpers/drizzle.js';
import { findings, ids, lintJson, nextSecond, readJournal, writeJournal, type JsonFinding } from './helpers.js';

afterAll(cleanupAll);

const FIXTURES = path.join(PROJECT_ROOT, 'test/fixtures');

function cloneFixture(bundle: string): TempRepo {
  const dir = tempDir();
  execFileSync('git', ['clone', '-q', '-b', 'main', path.join(FIXTURES, bundle), dir]);
  symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const repo = repoAt(dir);
  repo.git('config', 'user.name', 'Test');
  repo.git('config', 'user.email', 'test@example.com');
  return repo;
}

const POSTS = `import { pgTable, serial, text } from 'drizzle-orm/pg-core';

export const posts = pgTable('posts', { id: serial('id').primaryKey(), title: text('title') });
`;

describe('the hash', () => {
  it("equals drizzle-orm migrator's for BOM, CRLF and invalid UTF-8", () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'meta'));
    const files: Record<string, Buffer> = {
      '0000_bom': Buffer.from('\uFEFFCREATE TABLE a (id int);\n'),
      '0001_crlf': Buffer.from('CREATE TABLE b (id int);\r\n--> statement-breakpoint\r\nSELECT 1;\r\n'),
      '0002_latin1': Buffer.from([0x53, 0x45, 0x4c, 0x45, 0x43, 0x54, 0x20, 0x27, 0xe9, 0x27, 0x3b]),
    };
    const entries = Object.keys(files).map((tag, idx) => ({
      idx,
      version: '7',
      when: 1000 + idx,
      tag,
      breakpoints: true,
    }));
    writeFileSync(
      path.join(dir, 'meta/_journal.json'),
      JSON.stringify({ version: '7', dialect: 'postgresql', entries }),
    );
    for (const [tag, content] of Object.entries(files)) writeFileSync(path.join(dir, `${tag}.sql`), content);
    const drizzle = readMigrationFiles({ migrationsFolder: dir });
    expect(drizzle.map((m) => m.hash)).toEqual(Object.values(files).map(migrationFileHash));
  });
});

describe('timestamp prefixes', () => {
  it('a clean history passes; two branches that each generated conflict after the merge', () => {
    const config = PG_CONFIG({ extra: "migrations: { prefix: 'timestamp' }," });
    const repo = createRepo(drizzleProject(USERS_V1, { 'drizzle.config.ts': config }));
    generate(repo, 'init');
    repo.commit('init');
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write({ 'src/schema/users.ts': USERS_V2 });
    nextSecond();
    generate(repo, 'add_phone');
    repo.commit('phone');
    expect(readJournal(repo).entries[1]!.tag).toMatch(/^\d{14}_add_phone$/);
    expect(findings(repo, ['--all'])).toEqual([]);
    repo.git('checkout', '-q', 'main');
    repo.write({ 'src/schema/posts.ts': POSTS });
    nextSecond();
    generate(repo, 'add_posts');
    repo.commit('posts');
    repo.git('checkout', '-q', 'feature');
    const ours = readJournal(repo);
    const theirs = JSON.parse(repo.git('show', 'main:drizzle/meta/_journal.json'));
    try {
      repo.git('merge', '-q', 'main', '-m', 'merge');
    } catch {
      // only the journal conflicts: timestamp names do not collide
    }
    // Resolved by keeping both entries, sorted by time: the journal looks perfectly ordered.
    writeJournal(repo, { ...ours, entries: [ours.entries[0]!, ours.entries[1]!, { ...theirs.entries[1]!, idx: 2 }] });
    repo.commit('merge main');
    const all = findings(repo, ['--all']);
    expect(all.find((f) => f.ruleId === 'migration-conflict')!.message).toMatch(
      /_add_phone and \d+_add_posts were both generated on top of \d+_init/,
    );
    const { findings: pr, notes } = lintJson(repo, ['--base', 'main']);
    expect(ids(pr)).toEqual(['migration-conflict', 'migration-out-of-order']);
    expect(pr.find((f) => f.ruleId === 'migration-out-of-order')!.message).toContain('which the base already has');
    // The latest snapshot is one branch's: drizzle-kit generate refuses the collision, so
    // schema-drift does not ask for it.
    expect(notes).toContainEqual(
      expect.stringMatching(
        /drizzle\/meta\/\d{14}_snapshot\.json, the snapshot db:generate diffs against, belongs to the parallel branches \d{14}_add_phone and \d{14}_add_posts/,
      ),
    );
    expect(() => generate(repo, 'again')).toThrow(/which is a collision/);
  });
});

describe('a journal begun by drizzle-kit 0.20 ("version": "5", "dialect": "pg")', () => {
  it('is read as it is: entry versions 5 and 7 mixed, no finding', () => {
    const repo = cloneFixture('legacy-journal.bundle');
    const journal = readJournal(repo);
    expect(journal).toMatchObject({ version: '5', dialect: 'pg' });
    expect(journal.entries.map((e) => e.version)).toEqual(['5', '5', '7']);
    expect(findings(repo, ['--all'])).toEqual([]);
    expect(findings(repo, ['--base', 'HEAD~3'])).toEqual([]);
  });
});

describe('the 1.0 folder layout', () => {
  // The fixture is read with this project's drizzle-kit 0.31, which cannot generate in the folder
  // layout: schema-drift says so once, as a warning (test/drift/kit-1.0.test.ts runs a real 1.0).
  const isKitWarning = (f: JsonFinding) =>
    f.ruleId === 'schema-drift' &&
    f.severity === 'warning' &&
    f.message.includes('1.0 folder layout, but drizzle-kit 0.31');
  const history = (list: JsonFinding[]) => list.filter((f) => !isKitWarning(f));

  it('a clean history passes', () => {
    const list = findings(cloneFixture('v1-layout.bundle'), ['--all']);
    expect(list.filter(isKitWarning)).toHaveLength(1);
    expect(history(list)).toEqual([]);
  });

  it('a branch merged with main: open branches and an older folder are warnings', () => {
    const repo = cloneFixture('v1-layout.bundle');
    repo.git('checkout', '-q', '-b', 'feature', 'origin/feature');
    repo.git('merge', '-q', '--no-edit', 'main');
    const all = history(findings(repo, ['--all']));
    expect(all.map((f) => [f.ruleId, f.severity])).toEqual([['migration-conflict', 'warning']]);
    expect(all[0]!.message).toMatch(
      /_add_phone and \d+_add_posts are open branches|_add_posts and \d+_add_phone are open branches/,
    );
    const pr = findings(repo, ['--base', 'main']);
    const order = pr.find((f) => f.ruleId === 'migration-out-of-order')!;
    expect(order.severity).toBe('warning');
    expect(order.message).toMatch(/_add_phone sorts before \d+_add_posts, which the base already has/);
  });

  it('an edited, a renamed and a snapshot-less migration', () => {
    const repo = cloneFixture('v1-layout.bundle');
    const folders = repo.git('ls-tree', '--name-only', 'HEAD', 'drizzle/').trim().split('\n');
    const [init, posts] = folders as [string, string];
    writeFileSync(path.join(repo.dir, init, 'migration.sql'), 'CREATE TABLE "users" ("id" serial);\n');
    repo.git('add', '-A');
    expect(ids(history(findings(repo, ['--staged'])))).toEqual(['migration-edited']);
    repo.git('reset', '-q', '--hard');
    renameSync(path.join(repo.dir, posts), path.join(repo.dir, `${posts}_v2`));
    repo.git('add', '-A');
    const renamed = findings(repo, ['--staged']).find((f) => f.ruleId === 'migration-edited')!;
    expect(renamed.message).toContain('under a new name it runs again where it already ran');
    repo.git('reset', '-q', '--hard');
    rmSync(path.join(repo.dir, posts, 'snapshot.json'));
    repo.git('add', '-A');
    const list = history(findings(repo, ['--staged']));
    expect(list.map((f) => f.ruleId)).toEqual(['migration-integrity']);
    expect(list[0]!.message).toContain('has no snapshot.json');
  });
});

describe('a clean history of 500 migrations (drizzle-kit output, see bench/history-fixture.mjs)', () => {
  it('has no finding, in --all and against an older base', () => {
    const repo = cloneFixture('history-500.bundle');
    expect(readJournal(repo).entries).toHaveLength(500);
    expect(findings(repo, ['--all'])).toEqual([]);
    expect(findings(repo, ['--base', 'HEAD~20'])).toEqual([]);
  });

  it('reads the same ids from the top of a snapshot as from parsing all of it (0.x and 1.0 output)', () => {
    const history = cloneFixture('history-500.bundle');
    const v1 = cloneFixture('v1-layout.bundle');
    const files = [
      ...['0000', '0049', '0499'].map((p) => path.join(history.dir, `drizzle/meta/${p}_snapshot.json`)),
      ...v1
        .git('ls-files', 'drizzle')
        .trim()
        .split('\n')
        .filter((f) => f.endsWith('snapshot.json'))
        .map((f) => path.join(v1.dir, f)),
    ];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const fast = snapshotIdsFromHead(text);
      expect(fast).not.toBeNull();
      expect(fast).toEqual(snapshotIdsOf(JSON.parse(text)));
    }
  });
});
