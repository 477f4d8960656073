/**
 * Schema modules that hold the process open, loop, exit, throw or print, in the drift check and in
 * the replay (`--all`). Whatever they do, nexiom-lint ends in time with 0, 1 or 2 (never a hang,
 * never the module's exit code) and says what happened.
 *
 * Each case is a real repository whose migrations drizzle-kit generated; the schema is committed or
 * staged on top, and the check runs as a separate process (see usercode-helpers.ts).
 */
import { describe, expect, it } from 'vitest';
import { expectClean } from './harness.js';
import { errorObject, run, schemaWith, SETTINGS, staged, useMigrations } from './usercode-helpers.js';

useMigrations();

describe('schema modules that misbehave', () => {
  it('an open timer in a schema file: --all (drift and the replay) ends without waiting for the time limit', () => {
    const repo = staged({}, { ...schemaWith('setInterval(() => {}, 1000);'), ...SETTINGS(600) });
    const r = run(repo, ['--all'], {}, '.', 280_000);
    expectClean(r, { exit: [0], message: /0 errors|no problems/ });
  });

  it('process.exit(0) in a schema file: exit 2 in --staged', () => {
    const r = run(staged(schemaWith("console.log('seeding'); process.exit(0);")));
    expectClean(r, { exit: [2], message: /exit code 0/ });
  });

  it('process.exit(1) in a schema file under --all: exit 2, what it printed, the error object', () => {
    const repo = staged({}, schemaWith("console.error('DATABASE_URL missing'); process.exit(1);"));
    const r = run(repo, ['--all', '--format', 'json'], {}, '.', 280_000);
    expectClean(r, { exit: [2] });
    expect(errorObject(r).message).toMatch(/DATABASE_URL missing/);
  });

  it('an endless loop in a schema file is stopped at drift.timeout', () => {
    const r = run(staged({ ...schemaWith('while (true) {}'), ...SETTINGS(3) }));
    expectClean(r, { exit: [2], message: /longer than 3 s/ });
    expect(r.ms).toBeLessThan(60_000);
  });

  it('a schema file that throws', () => {
    expectClean(run(staged(schemaWith("throw new Error('schema boom');"))), { exit: [2], message: /schema boom/ });
  });

  it('a schema file that prints a lot keeps --format json parseable', () => {
    const r = run(staged(schemaWith("for (let i = 0; i < 20000; i++) console.log('schema noise', i);")), [
      '--staged',
      '--format',
      'json',
    ]);
    expectClean(r, { exit: [0] });
    expect((JSON.parse(r.stdout) as { findings: unknown[] }).findings).toEqual([]);
  });
});

describe('the replay schema loader (--all) on its own', () => {
  it('a schema with an open timer: the replay does not wait for the time limit', () => {
    const repo = staged({}, { ...schemaWith('setInterval(() => {}, 1000);'), ...SETTINGS(600) });
    const r = run(repo, ['--all', '--rule', 'replay-mismatch'], {}, '.', 280_000);
    expectClean(r, { exit: [0] });
  });

  it('a schema that exits while the replay loads it: exit 2 naming the exit code and the line', () => {
    const repo = staged({}, schemaWith("console.error('no DATABASE_URL'); process.exit(0);"));
    const r = run(repo, ['--all', '--rule', 'replay-mismatch'], {}, '.', 280_000);
    expectClean(r, { exit: [2], message: /ended with exit code 0 before it answered.*"no DATABASE_URL"/s });
  });

  it('a schema that loops while the replay loads it is stopped at drift.timeout', () => {
    const repo = staged({}, { ...schemaWith('while (true) {}'), ...SETTINGS(3) });
    const r = run(repo, ['--all', '--rule', 'replay-mismatch']);
    expectClean(r, { exit: [2], message: /longer than 3 s.*drift/s });
  });
});
