/** The default command: lint the change set and report. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { exitCodeFor, lint } from '../engine/run.js';
import { UsageError } from '../errors.js';
import { loadReporter } from '../report/index.js';
import { rules } from '../rules/index.js';
import type { Io } from './io.js';
import { COMMANDS } from './main.js';
import { colorEnabled, formatOptions, LINT_OPTIONS, parse, toLintOptions } from './options.js';
import { toolVersion } from './version.js';

export function helpText(): string {
  const commands = Object.entries(COMMANDS)
    .map(([name, c]) => `  ${name.padEnd(20)}${c.summary}`)
    .join('\n');
  const ruleList = rules.map((r) => `  ${r.meta.id.padEnd(28)}${r.meta.description}`).join('\n');
  return `nexiom-lint: keeps a Drizzle ORM + Postgres project's migration history honest.

Usage:
  nexiom-lint [options]              check the change set (default: since the merge base with the default branch)
  nexiom-lint --staged               pre-commit: check what is staged
  nexiom-lint --base origin/main     CI: check the changes since the merge base with origin/main
  nexiom-lint --all                  check the whole project
  nexiom-lint <command> [options]

Commands:
${commands}

Options:
${formatOptions(LINT_OPTIONS)}

Rules:
${ruleList}

Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 usage, configuration or environment error.
Docs: https://github.com/nexiom/nexiom-lint#readme
`;
}

export async function lintCommand(argv: string[], io: Io): Promise<number> {
  // A lint-staged JSON config cannot hold the function form, so it runs `nexiom-lint --staged --`
  // and appends the staged paths: --staged reads them from the index itself, so they are ignored.
  const dashDash = argv.indexOf('--');
  const stagedTail = dashDash >= 0 && argv.slice(0, dashDash).includes('--staged');
  const { values, positionals } = parse(stagedTail ? argv.slice(0, dashDash) : argv, LINT_OPTIONS);
  const options = toLintOptions(values);
  if (options.help) {
    io.stdout(helpText());
    return 0;
  }
  if (options.version) {
    io.stdout(`${toolVersion()}\n`);
    return 0;
  }
  if (positionals.length) {
    throw new UsageError(
      `Unexpected argument "${positionals[0]}". nexiom-lint finds the files to check itself (use --staged, --base or --all).`,
    );
  }
  for (const id of options.rules) {
    if (!rules.some((r) => r.meta.id === id)) {
      throw new UsageError(`Unknown rule "${id}". Rules: ${rules.map((r) => r.meta.id).join(', ')}.`);
    }
  }
  const reporter = await loadReporter(options.format);
  const cwd = options.cwd ? path.resolve(io.cwd, options.cwd) : io.cwd;
  const progress = io.stderrIsTTY && options.format === 'pretty' ? (m: string) => io.stderr(`\r\x1b[K${m}`) : undefined;
  const result = await lint({
    cwd,
    ...(options.mode ? { mode: options.mode } : {}),
    ...(options.baseRef !== undefined ? { mode: 'base' as const, baseRef: options.baseRef } : {}),
    configs: options.configs,
    only: options.rules,
    flags: { replay: options.replay, comment: options.comment },
    env: io.env,
    ...(progress ? { progress } : {}),
  });
  if (progress) io.stderr('\r\x1b[K');
  const color = colorEnabled(options.color, io.env, io.isTTY);
  const style = color ? await (await import('../report/style.js')).colorStyle() : undefined;
  const version = options.format === 'pretty' || options.format === 'json' ? undefined : toolVersion();
  const text = reporter(result, { color, ...(style ? { style } : {}), ...(version ? { version } : {}) });
  io.stdout(text);
  if (options.output) {
    const plain = options.format === 'pretty' ? reporter(result, { color: false }) : text;
    await writeFile(path.resolve(io.cwd, options.output), plain);
  }
  return exitCodeFor(result, options.failOn ?? result.failOn ?? 'error');
}
