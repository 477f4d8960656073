/**
 * Drizzle configs that hold the process open, or never finish loading. Whatever they do,
 * nexiom-lint ends in time with 0, 1 or 2 (never a hang) and says what happened.
 *
 * Each case is a real repository whose migrations drizzle-kit generated; the config is staged on
 * top, and the pre-commit check (`--staged`) runs as a separate process (see usercode-helpers.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectClean } from './harness.js';
import { config, NO_PROBLEMS, run, SETTINGS, staged, stillRunning, useMigrations } from './usercode-helpers.js';

useMigrations();

describe('a drizzle config that holds the process open still lets the run end', () => {
  it('an interval timer', () => {
    const r = run(staged(config('setInterval(() => {}, 1000);')));
    expectClean(r, { exit: [0], message: NO_PROBLEMS });
  });

  it('a listening server', () => {
    const r = run(staged(config("import net from 'node:net';\nnet.createServer().listen(0, '127.0.0.1');")));
    expectClean(r, { exit: [0], message: NO_PROBLEMS });
  });

  it('a database pool created at import (a real connection to the local Postgres)', () => {
    const code = [
      "import pg from 'pg';",
      "const pool = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:5432/test' });",
      "await pool.query('select 1').catch(() => undefined);",
    ].join('\n');
    const r = run(staged(config(code)));
    expectClean(r, { exit: [0], message: NO_PROBLEMS });
  });

  it('an env loader that reads .env from the package folder, the tool started in a subfolder', () => {
    const repo = staged({
      ...config("process.loadEnvFile('.env');\nif (!process.env.DATABASE_URL) throw new Error('no DATABASE_URL');"),
      '.env': 'DATABASE_URL=postgres://localhost/x\n',
    });
    const r = run(repo, ['--staged'], {}, 'src/schema');
    expectClean(r, { exit: [0], message: NO_PROBLEMS });
  });

  it('a dotenv-style reader that takes the schema path from the environment', () => {
    const code = [
      "import { readFileSync } from 'node:fs';",
      "for (const line of readFileSync('.env.local', 'utf8').split('\\n')) {",
      "  const [key, ...rest] = line.split('='); if (key) process.env[key] ??= rest.join('=');",
      '}',
      'setTimeout(() => {}, 600_000);',
    ].join('\n');
    const body =
      "export default defineConfig({ dialect: 'postgresql', schema: process.env.SCHEMA_DIR!, out: './drizzle' });\n";
    const repo = staged({ ...config(code, body), '.env.local': 'SCHEMA_DIR=./src/schema\n' });
    expectClean(run(repo, ['--staged'], {}, 'drizzle'), { exit: [0], message: NO_PROBLEMS });
  });

  it('a process the config starts is stopped with it', () => {
    const code = [
      "import { spawn } from 'node:child_process';",
      "import { writeFileSync } from 'node:fs';",
      "const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'inherit' });",
      "writeFileSync('grandchild.pid', String(child.pid));",
    ].join('\n');
    const repo = staged(config(code));
    const r = run(repo);
    expectClean(r, { exit: [0], message: NO_PROBLEMS });
    const pid = Number(readFileSync(path.join(repo.dir, 'grandchild.pid'), 'utf8'));
    expect(stillRunning(pid), 'the process the config started is still running').toBe(false);
  });

  it('an error its background work raises after the export', () => {
    const r = run(
      staged(
        config(
          "setTimeout(() => { throw new Error('late connection error'); }, 1);\nPromise.reject(new Error('ECONNREFUSED'));",
        ),
      ),
    );
    expectClean(r, { exit: [0], message: NO_PROBLEMS });
  });

  it('process.exitCode set by the config does not become the exit code', () => {
    expectClean(run(staged(config('process.exitCode = 1;'))), { exit: [0], message: NO_PROBLEMS });
  });

  it('a config that prints a lot keeps --format json parseable', () => {
    const r = run(
      staged(
        config(
          "for (let i = 0; i < 20000; i++) console.log('loading env', i);\nconsole.error('warn: x'.repeat(1000));",
        ),
      ),
      ['--staged', '--format', 'json'],
    );
    expectClean(r, { exit: [0] });
    expect((JSON.parse(r.stdout) as { findings: unknown[] }).findings).toEqual([]);
  });
});

describe('a drizzle config that never finishes is stopped at drift.timeout', () => {
  it('an endless loop', () => {
    const r = run(staged({ ...config('while (true) {}'), ...SETTINGS(3) }));
    expectClean(r, {
      exit: [2],
      message: /drizzle\.config\.ts took longer than 3 s and was stopped.*"drift": \{ "timeout"/s,
    });
    expect(r.ms).toBeLessThan(60_000);
  });

  it('a promise that waits on a timer forever', () => {
    const r = run(staged({ ...config('await new Promise(() => setInterval(() => {}, 1000));'), ...SETTINGS(3) }));
    expectClean(r, { exit: [2], message: /took longer than 3 s/ });
  });

  it('an async default export that never settles, with nothing left to wait on', () => {
    const r = run(staged({ 'drizzle.config.ts': 'export default async () => new Promise(() => {});\n' }));
    expectClean(r, {
      exit: [2],
      message: /never finished loading: its default export waits on a promise that never settles/,
    });
  });

  it('a prompt on stdin (closed: nothing can answer)', () => {
    const code = [
      "import readline from 'node:readline/promises';",
      'const rl = readline.createInterface({ input: process.stdin, output: process.stdout });',
      "const answer = await rl.question('Which database? ');",
      'rl.close();',
    ].join('\n');
    expectClean(run(staged({ ...config(code), ...SETTINGS(5) })), { exit: [2] });
  });
});
