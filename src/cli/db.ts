/**
 * `nexiom-lint db status` and `nexiom-lint db baseline`: the only commands that talk to a live
 * database. Exit codes as everywhere: 0 fine, 1 something to act on (a skipped, edited or unknown
 * migration; a database that does not match), 2 usage or environment (no URL, cannot connect).
 */
import { createInterface } from 'node:readline/promises';
import { UsageError } from '../errors.js';
import { DB_OPTIONS, dbHelp, toDbOptions } from './db-options.js';
import type { Io } from './io.js';
import { parse } from './options.js';

export async function dbCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, DB_OPTIONS);
  const sub = positionals[0];
  if (values.help) {
    io.stdout(dbHelp());
    return 0;
  }
  if (!sub) {
    io.stderr(dbHelp());
    return 2;
  }
  if (positionals.length > 1) {
    throw new UsageError(`Unexpected argument "${positionals[1]}". Run nexiom-lint db --help.`);
  }
  const options = toDbOptions(values);
  if (sub === 'status') return (await import('./db-status.js')).dbStatus(options, io);
  if (sub === 'baseline') {
    return (await import('./db-baseline.js')).dbBaseline(options, io, {
      interactive: Boolean(process.stdin.isTTY),
      ask,
    });
  }
  throw new UsageError(`Unknown db command "${sub}": use db status or db baseline.`);
}

async function ask(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}
