/**
 * Bad input in the rest of the migration history: broken or unknown snapshots, odd SQL in a new
 * migration, an out folder that is not one. Each case damages a copy of one history written by
 * drizzle-kit (see history-helpers.ts) and runs the real CLI. Every case must end cleanly (see
 * harness.ts) with the exit code and the message a user needs.
 */
import { describe, expect, it } from 'vitest';
import { expectClean } from './harness.js';
import { all, editSnapshot, LATEST, read, repoWith, staged, useHistory, withNew, write } from './history-helpers.js';

useHistory();

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
