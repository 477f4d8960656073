/**
 * The CLI entry: argv → command → exit code. Returns the code; only bin/ sets process.exitCode.
 * Commands other than the default lint are loaded lazily, so the pre-commit path imports nothing
 * it does not use.
 */
import { isNexiomError, UsageError } from '../errors.js';
import { COMMANDS, isCommand, type Command, type CommandName } from './commands.js';
import { errorJson, wantsJson, type Io } from './io.js';

// The help text of the default command lists the commands from here.

/** Each command's module, loaded only when that command runs. */
const LOADERS: Record<CommandName, () => Promise<Command>> = {
  lint: async () => (await import('./lint.js')).lintCommand,
  init: async () => (await import('./init.js')).initCommand,
  guard: async () => (await import('./guard.js')).guardCommand,
  'rebase-migrations': async () => (await import('./rebase-migrations.js')).rebaseMigrationsCommand,
  baseline: async () => (await import('./baseline.js')).baselineCommand,
  db: async () => (await import('./db.js')).dbCommand,
};

export async function main(argv: string[], io: Io): Promise<number> {
  const debug = argv.includes('--debug');
  // A failure after the report was printed (writing --output, posting the comment) adds no
  // second JSON document to stdout.
  let printed = false;
  const caller = io;
  io = { ...io, stdout: (text) => ((printed = true), caller.stdout(text)) };
  try {
    const first = argv[0];
    if (first && !first.startsWith('-') && isCommand(first)) {
      const command = await LOADERS[first]();
      return await command(argv.slice(1), io);
    }
    if (first && !first.startsWith('-')) {
      throw new UsageError(
        `Unknown command "${first}". Commands: ${Object.keys(COMMANDS).join(', ')}. Run nexiom-lint --help.`,
      );
    }
    const command = await LOADERS.lint();
    return await command(argv, io);
  } catch (error) {
    return reportError(error, io, debug, !printed && wantsJson(argv));
  }
}

/**
 * Exit 2 with the error on stderr; with `json` (`--format json`, no report printed yet) also the
 * error object on stdout, so that a parser of stdout never reads an empty string.
 */
export function reportError(error: unknown, io: Io, debug: boolean, json = false): number {
  const message = (error as Error)?.message ?? String(error);
  if (json) io.stdout(errorJson(isNexiomError(error) ? error.message : `unexpected error: ${message}`));
  if (isNexiomError(error)) {
    io.stderr(`nexiom-lint: ${error.message}\n`);
    if (debug && error.stack) io.stderr(`${error.stack}\n`);
    if (debug && error.cause) io.stderr(`caused by: ${(error.cause as Error)?.stack ?? JSON.stringify(error.cause)}\n`);
    return error.exitCode;
  }
  io.stderr(
    `nexiom-lint: unexpected error: ${message}\n` +
      (debug
        ? `${(error as Error)?.stack ?? ''}\n`
        : 'Run again with --debug for details, and report it at https://github.com/nexiom/nexiom-lint/issues\n'),
  );
  return 2;
}
