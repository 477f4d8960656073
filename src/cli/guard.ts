/**
 * `nexiom-lint guard push`: what `db:push` runs once it is switched off.
 *
 *   "db:push": "nexiom-lint guard push"                                  → exit 1, explains the safe path
 *   "db:push:unsafe": "nexiom-lint guard push --unsafe && drizzle-kit push" → exit 0 only for a local
 *       database outside CI and production, or when --yes-i-know names the target host
 *
 * Messages go to stderr: the guard's stdout stays free for the command it guards.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { ConfigError, UsageError } from '../errors.js';
import * as messages from '../messages.js';
import type { Io } from './io.js';
import { formatOptions, parse, type OptionTable } from './options.js';

export const GUARD_OPTIONS = {
  unsafe: {
    type: 'boolean',
    description: 'The deliberate push to a throwaway local database: check the target instead of refusing.',
  },
  'yes-i-know': {
    type: 'string',
    value: 'host',
    description: 'Allow a push in CI, in production or to a non-local host, by naming that host.',
  },
  url: {
    type: 'string',
    value: 'url',
    description:
      "The database drizzle-kit push will change (default: DATABASE_URL and the config's dbCredentials, both judged).",
  },
  config: {
    type: 'string',
    value: 'path',
    description: 'The drizzle config drizzle-kit push reads (default: drizzle.config.{ts,js,json} here).',
  },
  // Not `--env-file`: Node 20 reads that flag from anywhere in argv, even after the script name.
  dotenv: {
    type: 'string',
    multiple: true,
    value: 'file',
    description: 'Read variables from this .env file first (repeatable).',
  },
  help: { type: 'boolean', short: 'h', description: 'Show this help.' },
} satisfies OptionTable;

const HELP = `Usage: nexiom-lint guard push [--unsafe [--yes-i-know <host>]]

Without --unsafe: refuses (exit 1) and explains the safe path (db:generate, then db:migrate).
With --unsafe: exit 0 for a local database outside CI and production; otherwise exit 1 unless
--yes-i-know (or NEXIOM_LINT_PUSH_CONFIRM) names the target host.

  "db:push": "nexiom-lint guard push",
  "db:push:unsafe": "nexiom-lint guard push --unsafe && drizzle-kit push"

Options:
${formatOptions(GUARD_OPTIONS)}

Docs: https://github.com/nexiom/nexiom-lint/blob/main/docs/guard.md
`;

function readEnvFiles(files: string[], cwd: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const file of files) {
    const absolute = path.resolve(cwd, file);
    if (!existsSync(absolute)) throw new ConfigError(`--dotenv ${file} does not exist.`);
    Object.assign(values, parseEnv(readFileSync(absolute, 'utf8')));
  }
  return values;
}

async function projectCommands(cwd: string, env: NodeJS.ProcessEnv): Promise<messages.PushCommands> {
  const file = path.join(cwd, 'package.json');
  const { readScripts } = await import('../push/package-scripts.js');
  const { callsInText, isUnsafeScriptName } = await import('../push/command.js');
  const { detectPackageManager, drizzleKitScript, managerFromAgent, scriptCommand } =
    await import('../project/package-manager.js');
  const scripts = existsSync(file) ? readScripts(file, readFileSync(file, 'utf8')) : [];
  // The manager that runs this script knows best; else the project's own.
  const manager = managerFromAgent(env) ?? detectPackageManager(cwd).name;
  const byName = Object.fromEntries(scripts.map((s) => [s.name, s.command]));
  const generate = drizzleKitScript(byName, 'generate');
  const migrate = drizzleKitScript(byName, 'migrate');
  const unsafe = scripts.find(
    (s) => isUnsafeScriptName(s.name) && callsInText(s.command).some((c) => c.kind === 'push'),
  )?.name;
  return {
    generate: generate ? scriptCommand(manager, generate) : 'npx drizzle-kit generate',
    migrate: migrate ? scriptCommand(manager, migrate) : 'npx drizzle-kit migrate',
    unsafe: unsafe ? scriptCommand(manager, unsafe) : null,
  };
}

export async function guardCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, GUARD_OPTIONS);
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  if (positionals[0] !== 'push' || positionals.length > 1) {
    const got = positionals.length ? `"${positionals.join(' ')}"` : 'nothing';
    throw new UsageError(`nexiom-lint guard knows one command, push (got ${got}). Run nexiom-lint guard push --help.`);
  }
  const commands = await projectCommands(io.cwd, io.env);
  if (!values.unsafe) {
    io.stderr(messages.pushBlocked(commands));
    return 1;
  }
  const fromFiles = readEnvFiles((values.dotenv as string[] | undefined) ?? [], io.cwd);
  const env = { ...fromFiles, ...io.env };
  // The drizzle config reads process.env when it loads: give it the .env values too (never overriding).
  for (const [key, value] of Object.entries(fromFiles)) process.env[key] ??= value;
  const { resolveTargets } = await import('../push/target.js');
  const { judgePush } = await import('../push/guard.js');
  const targets = await resolveTargets({
    ...(typeof values.url === 'string' ? { url: values.url } : {}),
    ...(typeof values.config === 'string' ? { config: values.config } : {}),
    cwd: io.cwd,
    env,
  });
  const confirm = (values['yes-i-know'] as string | undefined) ?? (env.NEXIOM_LINT_PUSH_CONFIRM || undefined);
  const verdict = judgePush(env, targets, confirm);
  const shown = targets[0] ?? null;
  if (!verdict.allowed) {
    io.stderr(messages.pushRefused(shown, verdict.reasons, verdict.confirmName, confirm, commands));
    return 1;
  }
  io.stderr(messages.pushAllowed(shown, verdict.confirmed && verdict.reasons.length > 0));
  return 0;
}
