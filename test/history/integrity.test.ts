/**
 * One drizzle-kit history (init, add_phone, a custom data migration), then each way it gets
 * damaged in real projects: edits after commit, deleted snapshots, orphan SQL, hand-edited
 * journals, broken JSON, stray files.
 */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupAll, createRepo, type TempRepo } from '../helpers/repo.js';
import { drizzleProject, generate, USERS_V1, USERS_V2 } from '../helpers/drizzle.js';
import { copyRepo, findings, ids, read, readJournal, writeJournal } from './helpers.js';

afterAll(cleanupAll);

let base: TempRepo;

beforeAll(() => {
  base = createRepo(drizzleProject(USERS_V1));
  generate(base, 'init');
  base.write({ 'src/schema/users.ts': USERS_V2 });
  generate(base, 'add_phone');
  generate(base, 'backfill', ['--custom']);
  base.write({
    'drizzle/0002_backfill.sql': 'UPDATE "users" SET "phone_number" = \'\' WHERE "phone_number" IS NULL;\n',
    // Files that are not drizzle migrations: left alone.
    'drizzle/meta/_journal.json.backup': '{ "entries": [] }\n',
    'drizzle/data/backfill-emails.ts': 'export async function run() {}\n',
    'drizzle/seed.sql': "INSERT INTO users (email) VALUES ('a@example.com');\n",
    'drizzle/README.md': '# migrations\n',
  });
  base.commit('history');
});

function work(): TempRepo {
  const repo = copyRepo(base);
  repo.git('checkout', '-q', '-b', 'work');
  return repo;
}

describe('a clean history', () => {
  it('has no finding in --all, custom migration and stray files included', () => {
    expect(findings(work(), ['--all'])).toEqual([]);
  });
});

describe('migration-edited', () => {
  it('an edit after commit is an error in --base and --staged, with the line that changed', () => {
    const repo = work();
    const sql = read(repo, 'drizzle/0001_add_phone.sql');
    repo.write({ 'drizzle/0001_add_phone.sql': `${sql}\nALTER TABLE "users" ADD COLUMN "fax" text;` });
    repo.git('add', '-A');
    const staged = findings(repo, ['--staged']);
    expect(ids(staged)).toEqual(['migration-edited']);
    expect(staged[0]!.file).toBe('drizzle/0001_add_phone.sql');
    expect(staged[0]!.line).toBe(2);
    expect(staged[0]!.message).toContain('databases that ran it will never run the new text');
    expect(staged[0]!.help).toContain('npm run db:generate');
    repo.commit('edit');
    expect(ids(findings(repo, ['--base', 'main']))).toEqual(['migration-edited']);
    // --all has no base to compare with, so migration-edited is silent; the replay (run in --all)
    // sees the column the edit added, which the schema does not declare.
    const all = findings(repo, ['--all']);
    expect(ids(all)).toEqual(['replay-mismatch']);
    expect(all[0]!.details).toContain('+ column public.users.fax: text  (in the migrations, not in the schema)');
  });

  it('compares the hash as drizzle does: CRLF line ends are an edit, a mode change is not', () => {
    const repo = work();
    const file = path.join(repo.dir, 'drizzle/0000_init.sql');
    repo.git('update-index', '--chmod=+x', 'drizzle/0000_init.sql');
    expect(findings(repo, ['--staged'])).toEqual([]);
    writeFileSync(file, read(repo, 'drizzle/0000_init.sql').replace(/\n/g, '\r\n'));
    repo.git('add', '-A');
    expect(ids(findings(repo, ['--staged']))).toEqual(['migration-edited']);
  });

  it('a deleted and a renamed migration are reported', () => {
    const deleted = work();
    const journal = readJournal(deleted);
    writeJournal(deleted, { ...journal, entries: journal.entries.slice(0, 2) });
    rmSync(path.join(deleted.dir, 'drizzle/0002_backfill.sql'));
    rmSync(path.join(deleted.dir, 'drizzle/meta/0002_snapshot.json'));
    deleted.commit('drop backfill');
    const list = findings(deleted, ['--base', 'main']);
    expect(ids(list)).toEqual(['migration-edited']);
    expect(list[0]!.message).toContain('0002_backfill exists at the base but was removed from the journal');

    const renamed = work();
    const j = readJournal(renamed);
    j.entries[1]!.tag = '0001_add_phone_number';
    writeJournal(renamed, j);
    renamed.git('mv', 'drizzle/0001_add_phone.sql', 'drizzle/0001_add_phone_number.sql');
    renamed.commit('rename');
    const r = findings(renamed, ['--base', 'main']).filter((f) => f.ruleId === 'migration-edited');
    expect(r[0]!.message).toContain('was renamed (drizzle/0001_add_phone.sql → drizzle/0001_add_phone_number.sql)');
  });

  it('an allow entry with a reason accepts the edit; one without a reason does not', () => {
    const repo = work();
    repo.write({ 'drizzle/0001_add_phone.sql': `-- comment\n${read(repo, 'drizzle/0001_add_phone.sql')}` });
    repo.git('add', '-A');
    repo.write({
      'nexiom-lint.config.json': JSON.stringify({
        rules: { 'migration-edited': ['error', { allow: { '0001_add_phone': '' } }] },
      }),
    });
    const noReason = findings(repo, ['--staged']);
    expect(noReason[0]!.message).toContain('needs a reason');
    repo.write({
      'nexiom-lint.config.json': JSON.stringify({
        rules: { 'migration-edited': ['error', { allow: { '0001_add_phone': 'comment only; no database affected' } }] },
      }),
    });
    expect(findings(repo, ['--staged'])).toEqual([]);
  });
});

describe('migration-integrity', () => {
  it('a deleted snapshot', () => {
    const repo = work();
    repo.git('rm', '-q', 'drizzle/meta/0001_snapshot.json');
    const list = findings(repo, ['--staged']);
    expect(ids(list)).toEqual(['migration-integrity']);
    expect(list[0]!.message).toContain('0001_add_phone has no snapshot (drizzle/meta/0001_snapshot.json)');
    expect(ids(findings(repo, ['--all']))).toEqual(['migration-integrity']);
  });

  it('an orphan SQL file, unless settings ignore it', () => {
    const repo = work();
    repo.write({ 'drizzle/0003_manual_fix.sql': 'UPDATE users SET email = lower(email);\n' });
    const list = findings(repo, ['--all']);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      ruleId: 'migration-integrity',
      file: 'drizzle/0003_manual_fix.sql',
      severity: 'error',
    });
    expect(list[0]!.message).toContain("drizzle's migrator only runs journal entries");
    repo.write({ 'nexiom-lint.config.json': JSON.stringify({ ignore: ['drizzle/0003_manual_fix.sql'] }) });
    expect(findings(repo, ['--all'])).toEqual([]);
  });

  it('a hand-edited journal: an idx gap, a duplicate entry, a missing SQL file', () => {
    const repo = work();
    const journal = readJournal(repo);
    journal.entries[2]!.idx = 5;
    journal.entries.push(
      { ...journal.entries[1]!, idx: 6 },
      { ...journal.entries[2]!, idx: 7, tag: '0003_lost', when: Date.now() },
    );
    writeJournal(repo, journal);
    repo.git('add', '-A');
    const list = findings(repo, ['--staged']);
    const messages = list.map((f) => `${f.ruleId}: ${f.message}`);
    expect(
      messages.some((m) =>
        /migration-integrity: 0002_backfill has idx 5, not 2, its position .* migrator never reads idx/.test(m),
      ),
    ).toBe(true);
    // The last idx is what the next generate numbers from: 0008, where 0005 is due.
    expect(
      messages.some((m) =>
        /0003_lost, the last journal entry, has idx 7: drizzle-kit generate numbers the next migration 0008, not 0005/.test(
          m,
        ),
      ),
    ).toBe(true);
    expect(messages.some((m) => /0001_add_phone is listed twice/.test(m))).toBe(true);
    expect(messages.some((m) => /lists 0003_lost, but drizzle\/0003_lost.sql does not exist/.test(m))).toBe(true);
    expect(list.find((f) => /idx 5/.test(f.message))!.severity).toBe('warning');
    expect(messages.join('\n')).not.toMatch(/so this is safe/);
  });

  it('entries swapped by hand: the later one runs never where the earlier ran', () => {
    const repo = work();
    const journal = readJournal(repo);
    const [a, b, c] = journal.entries;
    writeJournal(repo, { ...journal, entries: [a!, { ...c!, idx: 1 }, { ...b!, idx: 2 }] });
    repo.git('add', '-A');
    const list = findings(repo, ['--staged']);
    expect(list.find((f) => f.ruleId === 'migration-out-of-order')!.message).toMatch(
      /0001_add_phone \(when .*\) is not later than 0002_backfill/,
    );
  });

  it('a future `when` is a warning', () => {
    const repo = work();
    const journal = readJournal(repo);
    journal.entries[2]!.when = Date.now() + 86_400_000;
    writeJournal(repo, journal);
    const list = findings(repo, ['--all']);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ ruleId: 'migration-out-of-order', severity: 'warning' });
    expect(list[0]!.message).toContain('is dated in the future');
  });

  it('invalid JSON in a snapshot is a finding with its position, not a crash', () => {
    const repo = work();
    const text = read(repo, 'drizzle/meta/0001_snapshot.json');
    repo.write({ 'drizzle/meta/0001_snapshot.json': text.replace('"tables": {', '<<<<<<< HEAD\n"tables": {') });
    const list = findings(repo, ['--all']);
    const bad = list.find((f) => f.message.includes('is not valid JSON'))!;
    expect(bad).toMatchObject({ ruleId: 'migration-integrity', file: 'drizzle/meta/0001_snapshot.json' });
    expect(bad.line).toBeGreaterThan(1);
  });

  it('finds a snapshot broken after a run that saw it valid, modified on disk or staged', () => {
    const repo = work();
    expect(findings(repo, ['--all']).filter((f) => f.message.includes('is not valid JSON'))).toEqual([]);
    const text = read(repo, 'drizzle/meta/0001_snapshot.json');
    repo.write({ 'drizzle/meta/0001_snapshot.json': text.replace('"tables": {', '"tables": {,') });
    const onDisk = findings(repo, ['--all']).filter((f) => f.message.includes('is not valid JSON'));
    expect(onDisk.map((f) => f.file)).toEqual(['drizzle/meta/0001_snapshot.json']);
    repo.git('add', '-A');
    const staged = findings(repo, ['--all']).filter((f) => f.message.includes('is not valid JSON'));
    expect(staged.map((f) => f.file)).toEqual(['drizzle/meta/0001_snapshot.json']);
  });

  it('a missing journal, and a stray file drizzle-kit would read as a snapshot', () => {
    const repo = work();
    repo.write({ 'drizzle/meta/0001_snapshot.json.orig': '{}' });
    const stray = findings(repo, ['--all']);
    // drizzle-kit generate refuses the folder too: it validates every file of meta/ as a snapshot.
    expect(stray.map((f) => [f.ruleId, f.file])).toEqual([
      ['migration-integrity', 'drizzle/meta/0001_snapshot.json.orig'],
      ['schema-drift', 'drizzle/meta/0001_snapshot.json.orig'],
    ]);
    expect(stray[1]!.message).toContain(
      'drizzle-kit generate refuses to run on drizzle/: drizzle/meta/0001_snapshot.json.orig is not a valid snapshot',
    );
    repo.git('rm', '-q', 'drizzle/meta/_journal.json');
    const list = findings(repo, ['--staged']);
    expect(
      list.some((f) => f.message.includes('drizzle\'s migrator stops with "Can\'t find meta/_journal.json file"')),
    ).toBe(true);
  });

  it('an old problem does not block a commit that does not touch it; --all still finds it', () => {
    const repo = work();
    repo.commit('orphan', { 'drizzle/0009_old_orphan.sql': 'select 1;\n' });
    repo.write({
      'src/schema/users.ts': USERS_V2.replace(
        "phoneNumber: text('phone_number'),",
        "phoneNumber: text('phone_number'),\n  age: text('age'),",
      ),
    });
    generate(repo, 'add_age');
    repo.git('add', '-A');
    expect(findings(repo, ['--staged'])).toEqual([]);
    expect(ids(findings(repo, ['--all']))).toEqual(['migration-integrity']);
  });
});

describe('a non-default out folder', () => {
  it('reads migrations from the configured out', () => {
    const repo = createRepo(
      drizzleProject(USERS_V1, {
        'drizzle.config.ts':
          "import { defineConfig } from 'drizzle-kit';\nexport default defineConfig({ dialect: 'postgresql', schema: './src/schema', out: './db/migrations' });\n",
      }),
    );
    generate(repo, 'init');
    repo.commit('init');
    expect(findings(repo, ['--all'])).toEqual([]);
    repo.write({ 'db/migrations/0001_orphan.sql': 'select 1;\n' });
    expect(findings(repo, ['--all']).map((f) => f.file)).toEqual(['db/migrations/0001_orphan.sql']);
  });
});
