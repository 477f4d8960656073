/**
 * The options table: one declaration feeds both the argv parser and `--help`.
 * argv → options is pure and testable without running anything.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors.js';

export interface OptionSpec {
  type: 'boolean' | 'string';
  short?: string;
  multiple?: boolean;
  value?: string;
  description: string;
}

export const LINT_OPTIONS = {
  staged: { type: 'boolean', description: 'Check the staged changes (the index against HEAD): the pre-commit mode.' },
  base: { type: 'string', value: 'ref', description: 'Check the changes since the merge base of <ref> and HEAD.' },
  all: { type: 'boolean', description: 'Check the whole project, not a diff (history, SQL, drift, replay).' },
  config: {
    type: 'string',
    multiple: true,
    value: 'path',
    description: 'A drizzle config to check (repeatable). Default: every drizzle.config.* in the repository.',
  },
  format: {
    type: 'string',
    short: 'f',
    value: 'name',
    description:
      'Output format: pretty (default), json, markdown (the PR comment), github (annotations + job summary), sarif, gitlab (Code Quality report).',
  },
  output: { type: 'string', short: 'o', value: 'file', description: 'Also write the report to <file>, in any format.' },
  'fail-on': {
    type: 'string',
    value: 'severity',
    description: 'Lowest severity that makes the exit code 1: error (default), warning, info.',
  },
  rule: {
    type: 'string',
    multiple: true,
    value: 'id',
    description: 'Run only this rule (repeatable); a rule that is off runs too, as a warning.',
  },
  replay: { type: 'boolean', description: 'Also replay the migrations on an embedded Postgres (replay-mismatch).' },
  trace: {
    type: 'boolean',
    description:
      "Run the change's new migrations on an embedded replay of the base and report what Postgres did (locks, rewrites, scans, index builds). On by default with --comment; never with --staged.",
  },
  'no-trace': { type: 'boolean', description: 'Do not trace, even with --comment.' },
  comment: {
    type: 'boolean',
    description:
      'In a GitHub Actions PR run (or a GitLab MR pipeline), create or update the review comment (needs GITHUB_TOKEN, or NEXIOM_LINT_GITLAB_TOKEN).',
  },
  'no-baseline': {
    type: 'boolean',
    description: 'Also report the known findings recorded in nexiom-lint-baseline.json.',
  },
  color: { type: 'boolean', description: 'Force colours on.' },
  'no-color': { type: 'boolean', description: 'Force colours off (NO_COLOR works too).' },
  cwd: { type: 'string', value: 'dir', description: 'Run as if started in <dir>.' },
  debug: { type: 'boolean', description: 'Show stack traces and timings on errors.' },
  help: { type: 'boolean', short: 'h', description: 'Show this help.' },
  version: { type: 'boolean', short: 'v', description: 'Show the version.' },
} satisfies Record<string, OptionSpec>;

export type OptionTable = Record<string, OptionSpec>;

export type ParsedValues = Record<string, string | boolean | string[] | undefined>;

export function parse(argv: readonly string[], table: OptionTable): { values: ParsedValues; positionals: string[] } {
  const options: ParseArgsConfig['options'] = {};
  for (const [name, spec] of Object.entries(table)) {
    options[name] = {
      type: spec.type,
      ...(spec.short ? { short: spec.short } : {}),
      ...(spec.multiple ? { multiple: true } : {}),
    };
  }
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
    return { values: values as ParsedValues, positionals };
  } catch (error) {
    throw new UsageError(`${(error as Error).message}. Run nexiom-lint --help for the options.`, { cause: error });
  }
}

export function formatOptions(table: OptionTable): string {
  const rows = Object.entries(table).map(([name, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.value ? ` <${spec.value}>` : ''}`;
    return [flag, spec.description] as const;
  });
  const width = Math.max(...rows.map(([f]) => f.length)) + 2;
  return rows.map(([f, d]) => `  ${f.padEnd(width)}${d}`).join('\n');
}

export interface LintCliOptions {
  mode?: 'staged' | 'base' | 'all';
  baseRef?: string;
  configs: string[];
  format: string;
  output?: string;
  failOn?: 'error' | 'warning' | 'info';
  rules: string[];
  replay: boolean;
  /** --trace / --no-trace; undefined: the default (on with --comment). */
  trace?: boolean;
  comment: boolean;
  /** Report the findings the baseline file holds too. */
  noBaseline: boolean;
  color?: boolean;
  cwd?: string;
  debug: boolean;
  help: boolean;
  version: boolean;
}

/** argv (after the command name) → lint options, with every usage error explained. */
export function toLintOptions(values: ParsedValues): LintCliOptions {
  const modes = ['staged', 'base', 'all'].filter((m) => values[m] !== undefined && values[m] !== false);
  if (modes.length > 1) {
    throw new UsageError(`--${modes.join(' and --')} cannot be combined: pick one mode.`);
  }
  const failOn = values['fail-on'] as string | undefined;
  if (failOn !== undefined && !['error', 'warning', 'info'].includes(failOn)) {
    throw new UsageError(`--fail-on must be error, warning or info (got "${failOn}").`);
  }
  const base = values.base as string | undefined;
  if (base !== undefined && base.trim() === '') throw new UsageError('--base needs a ref, e.g. --base origin/main.');
  if (values.color && values['no-color']) throw new UsageError('--color and --no-color cannot be combined.');
  if (values.trace && values['no-trace']) throw new UsageError('--trace and --no-trace cannot be combined.');
  if (values.trace && modes[0] === 'staged') {
    throw new UsageError(
      '--trace does not run on the commit path (--staged), which must stay fast: run it in CI (--base) or without a mode.',
    );
  }
  return {
    ...(modes[0] ? { mode: modes[0] as 'staged' | 'base' | 'all' } : {}),
    ...(base !== undefined ? { baseRef: base } : {}),
    configs: (values.config as string[] | undefined) ?? [],
    format: (values.format as string | undefined) ?? 'pretty',
    ...(values.output !== undefined ? { output: values.output as string } : {}),
    ...(failOn ? { failOn: failOn as 'error' | 'warning' | 'info' } : {}),
    rules: (values.rule as string[] | undefined) ?? [],
    replay: values.replay === true,
    ...(values.trace ? { trace: true } : values['no-trace'] ? { trace: false } : {}),
    comment: values.comment === true,
    noBaseline: values['no-baseline'] === true,
    ...(values.color ? { color: true } : values['no-color'] ? { color: false } : {}),
    ...(values.cwd !== undefined ? { cwd: values.cwd as string } : {}),
    debug: values.debug === true,
    help: values.help === true,
    version: values.version === true,
  };
}

/** Colour: --color/--no-color, then FORCE_COLOR, then NO_COLOR, then whether stdout is a TTY. */
export function colorEnabled(explicit: boolean | undefined, env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (explicit !== undefined) return explicit;
  if (env.FORCE_COLOR !== undefined) return !['0', 'false'].includes(env.FORCE_COLOR);
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return isTTY;
}
