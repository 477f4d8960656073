/**
 * Bad input in the migration history: broken journals, broken or unknown snapshots, odd SQL. One
 * history written by drizzle-kit (init, add_phone), then each case damages a copy the way hand
 * edits, merges and other tools do, and runs the real CLI. Every case must end cleanly (see
 * harness.ts) with the exit code and the message a user needs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupAll, createRepo, type TempRepo } from '../helpers/repo.js';
import { drizzleProject, generate, USERS_V1, USERS_V2 } from '../helpers/drizzle.js';
import { copyRepo } from '../history/helpers.js';
import { expectClean, runCli, type Outcome } from './harness.js';

afterAll(cleanupAll);

const JOURNAL = 'drizzle/meta/_journal.json';
const LATEST = 'drizzle/meta/0001_snapshot.json';
const HISTORY = ['--rule', 'migration-integrity', '--rule', 'migration-out-of-order', '--rule', 'migration-conflict'];

let base: TempRepo;
let withNew: TempRepo;

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

type Json = Record<string, unknown> & { entries: Array<Record<string, unknown>> };

function repoWith(edit: (repo: TempRepo) => void, from: TempRepo = base): TempRepo {
  const repo = copyRepo(from);
  edit(repo);
  return repo;
}

const read = (repo: TempRepo, file: string) => readFileSync(path.join(repo.dir, file), 'utf8');
const write = (repo: TempRepo, file: string, content: string | Buffer) =>
  writeFileSync(path.join(repo.dir, file), content);

function editJournal(change: (journal: Json) => void): (repo: TempRepo) => void {
  return (repo) => {
    const journal = JSON.parse(read(repo, JOURNAL)) as Json;
    change(journal);
    write(repo, JOURNAL, JSON.stringify(journal, null, 2));
  };
}

function editSnapshot(change: (snapshot: Record<string, unknown>) => void, file = LATEST): (repo: TempRepo) => void {
  return (repo) => {
    const snapshot = JSON.parse(read(repo, file)) as Record<string, unknown>;
    change(snapshot);
    write(repo, file, JSON.stringify(snapshot, null, 2));
  };
}

const all = (repo: TempRepo, args = HISTORY): Outcome => runCli(['--all', ...args], { cwd: repo.dir });
function staged(repo: TempRepo, args = HISTORY): Outcome {
  repo.git('add', '-A');
  return runCli(['--staged', ...args], { cwd: repo.dir });
}
const text = (o: Outcome) => `${o.stdout}\n${o.stderr}`;

describe('broken journals', () => {
  it('invalid JSON: an error with its line, not a crash', () => {
    const o = all(repoWith((r) => write(r, JOURNAL, '{ "version": "7", "entries": [\n  { "idx": 0,\n')));
    expectClean(o, { exit: [1], message: /_journal\.json is not valid JSON/ });
  });

  it('a journal that is a list, or whose entries are not a list', () => {
    expectClean(all(repoWith((r) => write(r, JOURNAL, '[]'))), { exit: [1], message: /not a drizzle journal/ });
    expectClean(all(repoWith(editJournal((j) => (j.entries = {} as never)))), {
      exit: [1],
      message: /not a drizzle journal/,
    });
  });

  it('an entry that is null or a number is named by its position', () => {
    const o = all(repoWith(editJournal((j) => j.entries.push(null as never, 7 as never))));
    expectClean(o, {
      exit: [1],
      message: /journal entry #2 \(no tag\) in drizzle\/meta\/_journal\.json is null, not an object/,
    });
    expect(text(o)).toMatch(/journal entry #3 \(no tag\) .* is 7, not an object/);
  });

  it('an entry without a tag: "journal entry #1 (no tag)", never ".sql" or "undefined.sql" as its name', () => {
    const o = all(repoWith(editJournal((j) => delete j.entries[1]!.tag)));
    expectClean(o, { exit: [1], message: /journal entry #1 \(no tag\) in drizzle\/meta\/_journal\.json has no tag/ });
    expect(text(o)).not.toMatch(/undefined|drizzle\/\.sql\b/);
  });

  it('a tag that is a number', () => {
    expectClean(all(repoWith(editJournal((j) => (j.entries[1]!.tag = 1)))), {
      exit: [1],
      message: /no usable tag \(tag: 1\)/,
    });
  });

  it('a missing idx on the last entry: the next generate writes 0NaN_ files (never shown as NaN)', () => {
    const o = all(repoWith(editJournal((j) => delete j.entries[1]!.idx)));
    expectClean(o, { exit: [1], message: /0001_add_phone, the last journal entry, has no idx: .*0NaN_<name>\.sql/ });
    expect(text(o)).not.toMatch(/idx NaN/);
  });

  it('a string idx on the last entry: generate throws', () => {
    expectClean(all(repoWith(editJournal((j) => (j.entries[1]!.idx = '1')))), {
      exit: [1],
      message: /toFixed is not a function/,
    });
  });

  it('a duplicate idx on the last entry: the next generate overwrites a snapshot', () => {
    const o = all(repoWith(editJournal((j) => (j.entries[1]!.idx = 0))));
    expectClean(o, {
      exit: [1],
      message: /writes drizzle\/meta\/0001_snapshot\.json over the snapshot of 0001_add_phone/,
    });
    expect(text(o)).not.toMatch(/so this is safe/);
  });

  it('a wrong idx that nothing reads is a warning that says so', () => {
    const o = all(repoWith(editJournal((j) => (j.entries[0]!.idx = 5))));
    expectClean(o, { exit: [0], message: /0000_init has idx 5, not 0.*migrator never reads idx/ });
  });

  it('a missing idx in the middle is a warning, shown as "no idx"', () => {
    const o = all(repoWith(editJournal((j) => delete j.entries[0]!.idx)));
    expectClean(o, { exit: [0], message: /0000_init has no idx, not 0/ });
  });

  it('a when in nanoseconds: an error, not "Invalid time value"', () => {
    const o = all(repoWith(editJournal((j) => (j.entries[1]!.when = (j.entries[1]!.when as number) * 1_000_000))));
    expectClean(o, { exit: [1], message: /micro- or nanoseconds.*silently skips every migration generated later/ });
    expect(text(o)).not.toMatch(/Invalid time value/);
  });

  it('a when with a fraction, or past bigint: Postgres rejects it', () => {
    expectClean(all(repoWith(editJournal((j) => (j.entries[1]!.when = 1700000000000.5)))), {
      exit: [1],
      message: /Postgres rejects it/,
    });
    expectClean(all(repoWith(editJournal((j) => (j.entries[1]!.when = 1e300)))), {
      exit: [1],
      message: /Postgres rejects it/,
    });
  });

  it('a when written as a numeric string is a warning; a word is an error', () => {
    expectClean(all(repoWith(editJournal((j) => (j.entries[1]!.when = String(j.entries[1]!.when))))), {
      exit: [0],
      message: /compares it as a number, so it runs/,
    });
    expectClean(all(repoWith(editJournal((j) => (j.entries[1]!.when = 'yesterday')))), {
      exit: [1],
      message: /no valid "when".*"yesterday"/,
    });
  });

  it('a negative when is a warning', () => {
    expectClean(all(repoWith(editJournal((j) => (j.entries[0]!.when = -5)))), { exit: [0], message: /before 1970/ });
  });

  it('the same entry twice', () => {
    expectClean(all(repoWith(editJournal((j) => j.entries.push({ ...j.entries[1]!, idx: 2 })))), {
      exit: [1],
      message: /listed twice/,
    });
  });

  it('an entry removed: its SQL never runs', () => {
    expectClean(all(repoWith(editJournal((j) => j.entries.pop()))), {
      exit: [1],
      message: /0001_add_phone\.sql is named like a drizzle migration but is not in/,
    });
  });

  it('a huge journal (20,000 entries without files) ends in time with an error', () => {
    const o = all(
      repoWith(
        editJournal((j) => {
          for (let i = 2; i < 20_000; i++) {
            j.entries.push({
              idx: i,
              version: '7',
              when: 1_800_000_000_000 + i,
              tag: `${String(i).padStart(4, '0')}_x`,
              breakpoints: true,
            });
          }
        }),
      ),
    );
    expectClean(o, { exit: [1], message: /does not exist/ });
    expect(o.ms).toBeLessThan(30_000);
  });

  it('a byte order mark: the migrator cannot parse it either', () => {
    const o = all(repoWith((r) => write(r, JOURNAL, `\uFEFF${read(r, JOURNAL)}`)));
    expectClean(o, { exit: [1], message: /not valid JSON/ });
  });

  it('CRLF line ends are fine', () => {
    expectClean(all(repoWith((r) => write(r, JOURNAL, read(r, JOURNAL).replace(/\n/g, '\r\n')))), { exit: [0] });
  });

  it('a nanosecond when staged with a new migration is an error in --staged too', () => {
    const o = staged(
      repoWith(
        editJournal((j) => (j.entries[2]!.when = (j.entries[2]!.when as number) * 1_000_000)),
        withNew,
      ),
    );
    expectClean(o, { exit: [1], message: /0002_add_city has "when" \d+, a time in micro- or nanoseconds/ });
  });
});

describe('broken and unknown snapshots', () => {
  it('an unknown version of the latest snapshot is an error in --staged and --all', () => {
    const repo = repoWith(editSnapshot((s) => (s.version = '99')));
    expectClean(staged(repo), {
      exit: [1],
      message: /version 99 snapshot.*unsupported version, please update drizzle-kit/,
    });
    expectClean(all(repo), { exit: [1], message: /version 99 snapshot/ });
  });

  it('a malformed top level: wrong type, unknown key, wrong dialect, no version', () => {
    expectClean(all(repoWith(editSnapshot((s) => (s.enums = [])))), {
      exit: [1],
      message: /"enums" is not an object.*data is malformed/,
    });
    expectClean(all(repoWith(editSnapshot((s) => (s.extra = 1)))), {
      exit: [1],
      message: /a key drizzle-kit does not know: "extra"/,
    });
    expectClean(all(repoWith(editSnapshot((s) => (s.dialect = 'mysql')))), {
      exit: [1],
      message: /"dialect" is "mysql"/,
    });
    expectClean(all(repoWith(editSnapshot((s) => delete s.version))), { exit: [1], message: /no "version"/ });
  });

  it('a snapshot that is not JSON, empty, or a list', () => {
    expectClean(all(repoWith((r) => write(r, LATEST, '<<<<<<< HEAD\n{}\n'))), {
      exit: [1],
      message: /0001_snapshot\.json is not valid JSON/,
    });
    expectClean(all(repoWith((r) => write(r, LATEST, ''))), {
      exit: [1],
      message: /0001_snapshot\.json is not valid JSON/,
    });
    expectClean(all(repoWith((r) => write(r, LATEST, '[]'))), { exit: [1], message: /not a JSON object/ });
  });

  it('an older snapshot damaged: reported in --all, with the chain', () => {
    const o = all(repoWith((r) => write(r, 'drizzle/meta/0000_snapshot.json', '{ "id": ')));
    expectClean(o, { exit: [1], message: /0000_snapshot\.json is not valid JSON/ });
  });
});

describe('odd SQL in a new migration (--staged)', () => {
  const sqlCase = (content: string | Buffer) =>
    repoWith((r) => write(r, 'drizzle/0002_add_city.sql', content), withNew);
  const SQL = ['--rule', 'sql-syntax'];

  it('a NUL byte is a sql-syntax error with its line', () => {
    const o = staged(sqlCase('ALTER TABLE "users" ADD COLUMN "city" text;\n\0\n'), SQL);
    expectClean(o, { exit: [1], message: /2 +error +Postgres cannot parse this statement: the file holds a NUL byte/ });
  });

  it('a syntax error is an error in --staged and --all', () => {
    const repo = sqlCase('ALTER TABLE "users" ADD COLUMN "city" textt yy;');
    expectClean(staged(repo, SQL), { exit: [1], message: /syntax error at or near "yy"/ });
    expectClean(all(repo, SQL), { exit: [1], message: /syntax error at or near "yy"/ });
  });

  it('invalid UTF-8, an empty file, only comments, only breakpoints: no crash, nothing to parse', () => {
    for (const content of [
      Buffer.from([0x41, 0x4c, 0x54, 0xff, 0xfe, 0x3b]),
      '',
      '-- nothing here\n/* nor here */\n',
      '--> statement-breakpoint\n--> statement-breakpoint\n',
    ]) {
      expectClean(staged(sqlCase(content), SQL), { exit: [0, 1] });
    }
  });

  it('a 5 MB migration is read and parsed in time', () => {
    const statement = 'INSERT INTO "users" ("email") VALUES (\'someone@example.com\');\n';
    const o = staged(
      sqlCase(
        `ALTER TABLE "users" ADD COLUMN "city" text;\n${statement.repeat(Math.ceil((5 * 1024 * 1024) / statement.length))}`,
      ),
      SQL,
    );
    expectClean(o, { exit: [0] });
    expect(o.ms).toBeLessThan(45_000);
  });
});

describe('the out folder', () => {
  it('outside the repository: a migration-integrity error that says so, in --staged and --all', () => {
    const repo = repoWith((r) =>
      write(r, 'drizzle.config.ts', read(r, 'drizzle.config.ts').replace('"./drizzle"', '"../elsewhere"')),
    );
    expectClean(staged(repo, ['--rule', 'migration-integrity']), {
      exit: [1],
      message: /"out" in drizzle\.config\.ts is \.\.\/elsewhere\/, outside this git repository/,
    });
    expectClean(all(repo, ['--rule', 'migration-integrity']), { exit: [1], message: /outside this git repository/ });
  });

  it('naming a file', () => {
    const repo = repoWith((r) =>
      write(r, 'drizzle.config.ts', read(r, 'drizzle.config.ts').replace('"./drizzle"', '"./package.json"')),
    );
    expectClean(all(repo, ['--rule', 'migration-integrity']), {
      exit: [1],
      message: /is package\.json, a file, not a folder/,
    });
  });
});
