/**
 * The bad-input matrix: every case runs the built CLI as a real process, in a repository built for
 * the case, with a private temp folder, and checks what a careful user would: the run ends (exit 0,
 * 1 or 2, never a signal or a hang), within its time limit, with a message and no stack trace, no
 * password in any output, and nothing left in the temp folder.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { BIN, GIT_ENV } from '../helpers/repo.js';

export interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** Entries the run left in its private temp folder. */
  leftovers: string[];
  timedOut: boolean;
}

export interface RunOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
  /** Kill the run after this long (ms): a hang is a failed case, not a stuck suite. */
  timeoutMs?: number;
  input?: string;
}

export function runCli(args: string[], options: RunOptions): Outcome {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'nexiom-lint-bad-'));
  const env: Record<string, string | undefined> = {
    ...process.env,
    ...GIT_ENV,
    NO_COLOR: '1',
    TMPDIR: tmp,
    ...options.env,
  };
  for (const key of [
    'GITHUB_ACTIONS',
    'GITHUB_BASE_REF',
    'GITHUB_EVENT_NAME',
    'GITHUB_EVENT_PATH',
    'FORCE_COLOR',
    'CI',
  ]) {
    if (!(options.env && key in options.env)) delete env[key];
  }
  const started = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env,
    encoding: 'utf8',
    input: options.input ?? '',
    timeout: options.timeoutMs ?? 60_000,
    killSignal: 'SIGKILL',
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - started;
  const leftovers = readdirSync(tmp);
  rmSync(tmp, { recursive: true, force: true });
  return {
    code: r.status,
    signal: r.signal,
    stdout: r.stdout ?? '',
    stderr: r.stderr ?? '',
    ms,
    leftovers,
    timedOut: (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT',
  };
}

export interface CleanOptions {
  /** The exit codes this case may end with (default: any of 0, 1, 2). */
  exit?: Array<0 | 1 | 2>;
  /** Strings that must appear in no output (passwords ...). */
  secrets?: string[];
  /** A pattern the message must match (exit 2: what to do). */
  message?: RegExp;
}

const STACK_FRAME = /^\s+at (?:.+ \()?(?:file:\/\/|node:|\/).+:\d+:\d+\)?$/m;

export function expectClean(outcome: Outcome, options: CleanOptions = {}): void {
  const all = `${outcome.stdout}\n${outcome.stderr}`;
  expect(outcome.timedOut, `the run did not end in time\n${all}`).toBe(false);
  expect(outcome.signal, `the run ended by a signal\n${all}`).toBeNull();
  expect(options.exit ?? [0, 1, 2], all).toContain(outcome.code);
  expect(all, 'a stack trace was printed').not.toMatch(STACK_FRAME);
  expect(all).not.toMatch(/this is a bug|unexpected error|\[object Object\]/i);
  if (outcome.code === 2) {
    expect(outcome.stderr.trim() || outcome.stdout.trim(), 'exit 2 without a message').not.toBe('');
  }
  if (options.message) expect(all).toMatch(options.message);
  for (const secret of options.secrets ?? []) expect(all, `a secret was printed: ${secret}`).not.toContain(secret);
  expect(outcome.leftovers, 'temp files were left behind').toEqual([]);
}
