/**
 * User code that misbehaves: drizzle configs and schema modules that hold the process open, loop,
 * exit, throw, print, or export the wrong thing. Whatever they do, nexiom-lint ends in time with
 * 0, 1 or 2 (never a hang, never the config's exit code) and says what happened.
 *
 * Each case is a real repository whose migrations drizzle-kit generated; the misbehaving config
 * or schema is staged on top, and the pre-commit check (`--staged`) or the full check (`--all`)
 * runs as a separate process.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanupAll, createRepo, type FileMap, type TempRepo } from '../helpers/repo.js';
import { drizzleProject, generate, USERS_V1 } from '../helpers/drizzle.js';
import { expectClean, runCli, type Outcome } from './harness.js';

/** Whether a process still runs. A killed process whose parent is gone stays a zombie until PID 1
 * reaps it, and a container's PID 1 may never do so: a zombie has stopped running. */
function stillRunning(pid: number): boolean {
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

afterAll(cleanupAll);
// Every case is a real repository and one or more real runs; the machine may be busy.
vi.setConfig({ testTimeout: 300_000 });

/** The drizzle/ folder drizzle-kit wrote for USERS_V1, as files. */
const migrations: FileMap = {};

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

const CONFIG_HEAD = "import { defineConfig } from 'drizzle-kit';\n";
const CONFIG_BODY =
  "export default defineConfig({ dialect: 'postgresql', schema: './src/schema', out: './drizzle' });\n";
const SETTINGS = (seconds: number) => ({ 'nexiom-lint.config.json': JSON.stringify({ drift: { timeout: seconds } }) });

/** A committed project (config, schema, migrations), then `files` written and staged. */
function staged(files: FileMap, committed: FileMap = {}): TempRepo {
  const repo = createRepo({ ...drizzleProject(), ...migrations, ...committed }, { ownModules: true });
  repo.commit('init');
  repo.write(files);
  repo.git('add', '-A');
  return repo;
}

/** A config: the usual import, `code` before the export, then the usual export (or `body`). */
const config = (code: string, body = CONFIG_BODY) => ({ 'drizzle.config.ts': `${CONFIG_HEAD}${code}\n${body}` });

function run(
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

function errorObject(outcome: Outcome): { message: string } {
  const parsed = JSON.parse(outcome.stdout) as { version: number; error: { message: string } };
  expect(parsed.version).toBe(1);
  return parsed.error;
}

const NO_PROBLEMS = /no problems/;

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

describe('a drizzle config that ends the process is reported, never its exit code', () => {
  const GUARD = "if (!process.env.DATABASE_URL) { console.error('DATABASE_URL is not set'); process.exit(1); }";

  it('the DATABASE_URL guard: exit 2, the line it printed, the variable and the placeholder', () => {
    const r = run(staged(config(GUARD)));
    expectClean(r, {
      exit: [2],
      message:
        /drizzle\.config\.ts exited with code 1 after printing "DATABASE_URL is not set".*DATABASE_URL=postgres:\/\/localhost\/x npx nexiom-lint/s,
    });
    expect(r.stderr).toMatch(/Nothing connects to a database during a check/);
  });

  it('the same guard with --format json: the error object on stdout', () => {
    const r = run(staged(config(GUARD)), ['--staged', '--format', 'json']);
    expectClean(r, { exit: [2] });
    expect(errorObject(r).message).toMatch(/exited with code 1 after printing "DATABASE_URL is not set"/);
  });

  it('the same guard with the placeholder the message suggests: the check runs', () => {
    const r = run(staged(config(GUARD)), ['--staged'], { DATABASE_URL: 'postgres://localhost/x' });
    expectClean(r, { exit: [0], message: NO_PROBLEMS });
  });

  it('process.exit(0): a commit is not let through', () => {
    const r = run(staged(config("console.log('config loaded'); process.exit(0);")));
    expectClean(r, { exit: [2], message: /exited with code 0 after printing "config loaded".*nothing was checked/s });
  });

  it('process.exit(0) with a migration missing: still exit 2, not 0', () => {
    const schema = USERS_V1.replace(
      "email: text('email').notNull(),",
      "email: text('email').notNull(),\n  name: text('name'),",
    );
    const r = run(staged({ ...config('process.exit(0);'), 'src/schema/users.ts': schema }));
    expectClean(r, { exit: [2], message: /exited with code 0/ });
  });

  it('process.exit(1) without printing: the variables the config reads and lacks are named', () => {
    const r = run(staged(config('if (!process.env.POSTGRES_URL) process.exit(1);')));
    expectClean(r, {
      exit: [2],
      message: /exited with code 1 without printing anything.*POSTGRES_URL=postgres:\/\/localhost\/x/s,
    });
  });

  it('process.exit(7) from an imported env module', () => {
    const repo = staged({
      ...config("import './src/env';"),
      'src/env.ts': "console.error('Missing environment variable: API_SECRET_KEY');\nprocess.exit(7);\n",
    });
    expectClean(run(repo), {
      exit: [2],
      message: /exited with code 7 after printing "Missing environment variable: API_SECRET_KEY".*API_SECRET_KEY=x/s,
    });
  });

  it('a config that kills its own process', () => {
    expectClean(run(staged(config("process.kill(process.pid, 'SIGKILL');"))), {
      exit: [2],
      message: /ended by the signal SIGKILL/,
    });
  });

  it('a config that replaces process.exit and then calls it', () => {
    const r = run(
      staged(
        config('const exit = process.exit; process.exit = ((c) => exit(c)) as typeof process.exit; process.exit(4);'),
      ),
    );
    expectClean(r, { exit: [2], message: /exited with code 4/ });
  });
});

describe('a drizzle config that throws or exports the wrong thing', () => {
  it('throws at the top level', () => {
    expectClean(run(staged(config("throw new Error('boom from the config');"))), {
      exit: [2],
      message: /Could not load drizzle\.config\.ts: boom from the config/,
    });
  });

  it('an async default export that rejects', () => {
    const r = run(
      staged({
        'drizzle.config.ts': "export default async () => { throw new Error('secrets service unreachable'); };\n",
      }),
    );
    expectClean(r, { exit: [2], message: /Could not load drizzle\.config\.ts: secrets service unreachable/ });
  });

  it('an async default export that resolves to a config: the check runs', () => {
    const body = "export default async () => ({ dialect: 'postgresql', schema: './src/schema', out: './drizzle' });\n";
    expectClean(run(staged({ 'drizzle.config.ts': body })), { exit: [0], message: NO_PROBLEMS });
  });

  it('an env validator (t3-env style) that prints the missing variables and throws', () => {
    const code = [
      "const missing = ['DB_URL', 'AUTH_SECRET'].filter((k) => !process.env[k]);",
      "if (missing.length) { console.error('❌ Invalid environment variables:', { DB_URL: ['Required'] }); throw new Error('Invalid environment variables'); }",
    ].join('\n');
    const r = run(staged(config(code)), ['--staged', '--format', 'json']);
    expectClean(r, { exit: [2] });
    expect(errorObject(r).message).toMatch(/Invalid environment variables.*DB_URL=postgres:\/\/localhost\/x/s);
  });

  it('exports a number', () => {
    expectClean(run(staged({ 'drizzle.config.ts': 'export default 42;\n' })), {
      exit: [2],
      message: /does not export a config object.*a number/,
    });
  });

  it('exports an array', () => {
    expectClean(
      run(
        staged({
          'drizzle.config.ts': `${CONFIG_HEAD}export default [defineConfig({ dialect: 'postgresql', schema: './src/schema' })];\n`,
        }),
      ),
      {
        exit: [2],
        message: /does not export a config object.*an array/,
      },
    );
  });

  it('has no default export', () => {
    const r = run(
      staged({ 'drizzle.config.ts': "export const config = { dialect: 'postgresql', schema: './src/schema' };\n" }),
    );
    expectClean(r, { exit: [2], message: /drizzle\.config\.ts/ });
  });

  it('has a syntax error', () => {
    expectClean(run(staged({ 'drizzle.config.ts': 'export default {{ broken' })), {
      exit: [2],
      message: /Could not load drizzle\.config\.ts/,
    });
  });

  it('reads a file that does not exist', () => {
    const r = run(
      staged(
        config(
          "import { readFileSync } from 'node:fs';\nconst secrets = JSON.parse(readFileSync('./secrets.json', 'utf8'));",
        ),
      ),
    );
    expectClean(r, { exit: [2], message: /Could not load drizzle\.config\.ts: ENOENT.*secrets\.json/ });
  });

  it('imports a package that is not installed', () => {
    const r = run(staged(config("import 'dotenv-that-is-not-installed/config';")));
    expectClean(r, { exit: [2], message: /imports dotenv-that-is-not-installed\/config, which is not installed/ });
  });

  it('imports a file that does not exist', () => {
    expectClean(run(staged(config("import { env } from './src/env';\nconsole.log(env);"))), {
      exit: [2],
      message: /Could not load drizzle\.config\.ts/,
    });
  });

  it('prints a lot, then fails: the message stays short', () => {
    const r = run(staged(config("for (let i = 0; i < 50000; i++) console.error('noise line', i);\nprocess.exit(1);")));
    expectClean(r, { exit: [2], message: /exited with code 1 after printing "noise line \d+"/ });
    expect(r.stderr.length).toBeLessThan(5000);
  });
});

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

function schemaWith(code: string): FileMap {
  return { 'src/schema/users.ts': `${USERS_V1}\n${code}\n` };
}
