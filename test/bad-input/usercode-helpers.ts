/**
 * The repositories and runs the misbehaving-user-code tests are written in: a real repository whose
 * migrations drizzle-kit generated, the misbehaving config or schema staged on top, and the
 * pre-commit check (`--staged`) or the full check (`--all`) run as a separate process.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, vi } from 'vitest';
import { cleanupAll, createRepo, type FileMap, type TempRepo } from '../helpers/repo.js';
import { drizzleProject, generate, USERS_V1 } from '../helpers/drizzle.js';
import { runCli, type Outcome } from './harness.js';

/** Whether a process still runs. A killed process whose parent is gone stays a zombie until PID 1
 * reaps it, and a container's PID 1 may never do so: a zombie has stopped running. */
export function stillRunning(pid: number): boolean {
  const deadline = Date.now() + 3000;
  for (;;) {
    let state: string;
    try {
      state = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0] ?? '';
    } catch {
      return false;
    }
    if (state === 'Z' || state === 'X') return false;
    if (Date.now() > deadline) return true;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
  }
}

/** The drizzle/ folder drizzle-kit wrote for USERS_V1, as files. */
const migrations: FileMap = {};

/** Sets the file's test timeout, generates `migrations` before its tests and removes every
 * repository after them. */
export function useMigrations(): void {
  afterAll(cleanupAll);
  // Every case is a real repository and one or more real runs; the machine may be busy.
  vi.setConfig({ testTimeout: 300_000 });

  beforeAll(() => {
    const repo = createRepo(drizzleProject());
    generate(repo, 'init');
    const out = path.join(repo.dir, 'drizzle');
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const abs = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(abs);
        else migrations[path.relative(repo.dir, abs)] = readFileSync(abs, 'utf8');
      }
    };
    walk(out);
    expect(Object.keys(migrations).length).toBeGreaterThan(1);
  }, 120_000);
}

export const CONFIG_HEAD = "import { defineConfig } from 'drizzle-kit';\n";
const CONFIG_BODY =
  "export default defineConfig({ dialect: 'postgresql', schema: './src/schema', out: './drizzle' });\n";
export const SETTINGS = (seconds: number) => ({
  'nexiom-lint.config.json': JSON.stringify({ drift: { timeout: seconds } }),
});

/** A committed project (config, schema, migrations), then `files` written and staged. */
export function staged(files: FileMap, committed: FileMap = {}): TempRepo {
  const repo = createRepo({ ...drizzleProject(), ...migrations, ...committed }, { ownModules: true });
  repo.commit('init');
  repo.write(files);
  repo.git('add', '-A');
  return repo;
}

/** A config: the usual import, `code` before the export, then the usual export (or `body`). */
export const config = (code: string, body = CONFIG_BODY) => ({ 'drizzle.config.ts': `${CONFIG_HEAD}${code}\n${body}` });

export function run(
  repo: TempRepo,
  args: string[] = ['--staged'],
  env: Record<string, string | undefined> = {},
  cwd = '.',
  timeoutMs = 120_000,
): Outcome {
  const outcome = runCli(args, { cwd: path.join(repo.dir, cwd), env: { DATABASE_URL: undefined, ...env }, timeoutMs });
  // Nothing may outlive a run in the temp folder: tsx's transform cache and the replay's PGlite
  // template live in node_modules/.cache/nexiom-lint.
  return outcome;
}

export function errorObject(outcome: Outcome): { message: string } {
  const parsed = JSON.parse(outcome.stdout) as { version: number; error: { message: string } };
  expect(parsed.version).toBe(1);
  return parsed.error;
}

export const NO_PROBLEMS = /no problems/;

export function schemaWith(code: string): FileMap {
  return { 'src/schema/users.ts': `${USERS_V1}\n${code}\n` };
}
