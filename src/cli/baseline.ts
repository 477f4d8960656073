/**
 * `nexiom-lint baseline`: records today's findings in nexiom-lint-baseline.json so that later
 * runs report only new ones. Runs the full check (`--all`) of the whole repository; `--dry-run`
 * prints what it would write.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BASELINE_FILE, baselineOf, serializeBaseline } from '../baseline/index.js';
import { lint } from '../engine/run.js';
import { findRepo } from '../git/changeset.js';
import { UsageError } from '../errors.js';
import type { Io } from './io.js';
import { formatOptions, parse } from './options.js';

const OPTIONS = {
  'dry-run': { type: 'boolean', description: 'Print the file instead of writing it.' },
  cwd: { type: 'string', value: 'dir', description: 'Run as if started in <dir>.' },
  help: { type: 'boolean', short: 'h', description: 'Show this help.' },
} as const;

export async function baselineCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, OPTIONS);
  if (values.help) {
    io.stdout(
      `nexiom-lint baseline: record today's findings in ${BASELINE_FILE}; later runs report only new findings.\n\n` +
        `Usage: nexiom-lint baseline [--dry-run]\n\n${formatOptions(OPTIONS)}\n\n` +
        `Commit the file. A fixed finding leaves it the next time you run this command; \`nexiom-lint --all --no-baseline\` shows everything.\n`,
    );
    return 0;
  }
  if (positionals.length) {
    throw new UsageError(`Unexpected argument "${positionals[0]}". Run nexiom-lint baseline --help.`);
  }
  const cwd = values.cwd ? path.resolve(io.cwd, values.cwd as string) : io.cwd;
  const repo = await findRepo(cwd);
  const result = await lint({ cwd, mode: 'all', env: io.env });
  const baseline = baselineOf(result.findings);
  const text = serializeBaseline(baseline);
  const total = baseline.entries.reduce((n, e) => n + e.count, 0);
  if (values['dry-run']) {
    io.stdout(text);
    io.stderr(
      `nexiom-lint: would record ${total} finding${total === 1 ? '' : 's'} in ${BASELINE_FILE} (dry run: nothing written).\n`,
    );
    return 0;
  }
  await writeFile(path.join(repo.root, BASELINE_FILE), text);
  io.stderr(
    `nexiom-lint: recorded ${total} finding${total === 1 ? '' : 's'} in ${BASELINE_FILE}; later runs report only new findings. Commit the file.\n`,
  );
  return 0;
}
