/**
 * Bad input in the migration journal: broken JSON, odd entries, idx and when values drizzle-kit or
 * its migrator trips on. Each case damages a copy of one history written by drizzle-kit (see
 * history-helpers.ts) the way hand edits, merges and other tools do, and runs the real CLI. Every
 * case must end cleanly (see harness.ts) with the exit code and the message a user needs.
 */
import { describe, expect, it } from 'vitest';
import { expectClean } from './harness.js';
import {
  all,
  editJournal,
  JOURNAL,
  read,
  repoWith,
  staged,
  text,
  useHistory,
  withNew,
  write,
} from './history-helpers.js';

useHistory();

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
