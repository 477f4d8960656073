/** The options of `nexiom-lint db status` and `db baseline`: one table feeds the parser and `--help`. */
import { UsageError } from '../errors.js';
import { formatOptions, type OptionTable, type ParsedValues } from './options.js';

export const DB_OPTIONS = {
  url: {
    type: 'string',
    value: 'url',
    description: 'The database (postgres://..., or pglite:<dir>). Default: DATABASE_URL, then dbCredentials.url.',
  },
  config: {
    type: 'string',
    multiple: true,
    value: 'path',
    description: 'The drizzle config (needed when the repository has several).',
  },
  format: { type: 'string', short: 'f', value: 'name', description: 'status: pretty (default) or json.' },
  to: {
    type: 'string',
    value: 'tag',
    description: 'baseline: mark migrations up to this one (tag or index, e.g. 0003). Default: all.',
  },
  'dry-run': { type: 'boolean', description: 'baseline: check and print the rows it would write; write nothing.' },
  yes: {
    type: 'boolean',
    short: 'y',
    description: 'baseline: do not ask for confirmation (required without a terminal).',
  },
  force: {
    type: 'boolean',
    description: 'baseline: skip the check that the database matches the migrations (loudly).',
  },
  timeout: {
    type: 'string',
    value: 'seconds',
    description: 'Seconds to wait for the server to accept the connection (default 10).',
  },
  cwd: { type: 'string', value: 'dir', description: 'Run as if started in <dir>.' },
  debug: { type: 'boolean', description: 'Show stack traces on errors.' },
  help: { type: 'boolean', short: 'h', description: 'Show this help.' },
} satisfies OptionTable;

export function dbHelp(): string {
  return `Usage:
  nexiom-lint db status [options]      every migration: applied, pending, will be skipped, edited; rows that match no file
  nexiom-lint db baseline [options]    mark migrations as applied on a database that already has their schema,
                                       after checking that it matches them (never runs migration SQL)

Options:
${formatOptions(DB_OPTIONS)}

Exit codes: 0 fine, 1 skipped/edited/unknown migrations (status) or a database that does not match (baseline),
2 usage, configuration or connection error.
Docs: https://github.com/nexiom/nexiom-lint/blob/main/docs/database.md
`;
}

export interface DbOptions {
  url?: string;
  configs: string[];
  format: 'pretty' | 'json';
  to?: string;
  dryRun: boolean;
  yes: boolean;
  force: boolean;
  timeoutSeconds: number;
  cwd?: string;
}

export function toDbOptions(values: ParsedValues): DbOptions {
  const format = (values.format as string | undefined) ?? 'pretty';
  if (format !== 'pretty' && format !== 'json') {
    throw new UsageError(`--format must be pretty or json (got "${format}").`);
  }
  const timeout = values.timeout === undefined ? 10 : Number(values.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0) {
    throw new UsageError(`--timeout must be a number of seconds (got "${values.timeout}").`);
  }
  if (values['dry-run'] && values.yes) {
    throw new UsageError('--dry-run and --yes cannot be combined: --dry-run writes nothing.');
  }
  return {
    ...(values.url !== undefined ? { url: values.url as string } : {}),
    configs: (values.config as string[] | undefined) ?? [],
    format,
    ...(values.to !== undefined ? { to: values.to as string } : {}),
    dryRun: values['dry-run'] === true,
    yes: values.yes === true,
    force: values.force === true,
    timeoutSeconds: timeout,
    ...(values.cwd !== undefined ? { cwd: values.cwd as string } : {}),
  };
}
