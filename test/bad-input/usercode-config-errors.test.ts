/**
 * Drizzle configs that exit, kill themselves, throw, print, or export the wrong thing. Whatever
 * they do, nexiom-lint ends with 0, 1 or 2 (never the config's exit code) and says what happened.
 *
 * Each case is a real repository whose migrations drizzle-kit generated; the config is staged on
 * top, and the pre-commit check (`--staged`) runs as a separate process (see usercode-helpers.ts).
 */
import { describe, expect, it } from 'vitest';
import { USERS_V1 } from '../helpers/drizzle.js';
import { expectClean } from './harness.js';
import { config, CONFIG_HEAD, errorObject, NO_PROBLEMS, run, staged, useMigrations } from './usercode-helpers.js';

useMigrations();

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
    // The install command of the project's own package manager.
    const pnpm = run(
      staged({
        ...config("import 'dotenv-that-is-not-installed/config';"),
        'pnpm-lock.yaml': "lockfileVersion: '9.0'\n",
      }),
    );
    expectClean(pnpm, { exit: [2], message: /\(`pnpm install --frozen-lockfile`\) first/ });
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
