/** The default command: lint the change set and report. */
import path from 'node:path';
import { lint } from '../engine/run.js';
import { exitCodeFor, failOnOf } from '../engine/severity.js';
import { UsageError } from '../errors.js';
import { loadReporter } from '../report/index.js';
import { isRuleId, loadRules, RULE_IDS } from '../rules/index.js';
import type { Io } from './io.js';
import { COMMANDS } from './commands.js';
import { colorEnabled, formatOptions, LINT_OPTIONS, parse, toLintOptions } from './options.js';
import { toolVersion } from './version.js';
import type { ReportOptions } from '../report/types.js';
import type { LintResult } from '../engine/run.js';
import { resolveCwd } from './cwd.js';

export async function helpText(): Promise<string> {
  const rules = await loadRules();
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
    io.stdout(await helpText());
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
    if (isRuleId(id)) continue;
    const { didYouMean } = await import('../engine/closest.js');
    throw new UsageError(`Unknown rule "${id}".${didYouMean(id, RULE_IDS)} Rules: ${RULE_IDS.join(', ')}.`);
  }
  const reporter = await loadReporter(options.format);
  const cwd = resolveCwd(io.cwd, options.cwd);
  const progress = io.stderrIsTTY && options.format === 'pretty' ? (m: string) => io.stderr(`\r\x1b[K${m}`) : undefined;
  const linted = await lint({
    cwd,
    ...(options.mode ? { mode: options.mode } : {}),
    ...(options.baseRef !== undefined ? { mode: 'base' as const, baseRef: options.baseRef } : {}),
    configs: options.configs,
    only: options.rules,
    replay: options.replay,
    // On with --comment (the PR comment shows what Postgres did) or when its rule is named; the engine never traces --staged.
    trace: options.trace ?? (options.comment || options.rules.includes('sql-traced-hazard')),
    review: wantsReview(options.format, options.comment),
    env: io.env,
    ...(progress ? { progress } : {}),
  });
  if (progress) io.stderr('\r\x1b[K');
  const result = options.noBaseline
    ? linted
    : await withBaseline(linted, options.configs.length + options.rules.length === 0);
  const color = colorEnabled(options.color, io.env, io.isTTY);
  const style = color ? await (await import('../report/style.js')).colorStyle() : undefined;
  const failOn = failOnOf(options.failOn, result.failOn);
  // The version is read from package.json only for formats that carry it (not on the commit path).
  const version = options.format === 'pretty' || options.format === 'json' ? undefined : toolVersion();
  const reportOptions: ReportOptions = {
    color,
    ...(style ? { style } : {}),
    ...(version ? { version } : {}),
    failOn,
    commentId: commentId(options.configs),
    ...(await linkBase(io.env, options.format, options.comment)),
  };
  const text = reporter(result, reportOptions);
  io.stdout(text);
  if (options.output) {
    const plain = options.format === 'pretty' ? reporter(result, { ...reportOptions, color: false }) : text;
    const { writeOutput } = await import('./sinks.js');
    await writeOutput(path.resolve(io.cwd, options.output), plain);
  }
  await publish(result, reportOptions, options.format, options.comment, io);
  return exitCodeFor(result.findings, failOn);
}

/** Known findings recorded in the baseline file are left out; read only when there is something to absorb or to call stale. */
async function withBaseline(result: LintResult, unfiltered: boolean): Promise<LintResult> {
  if (!result.findings.length && result.mode !== 'all') return result;
  const { applyBaseline, readBaseline } = await import('../baseline/index.js');
  const baseline = readBaseline(result.repoRoot);
  return baseline ? applyBaseline(result, baseline, { full: result.mode === 'all' && unfiltered }) : result;
}

/** The review (snapshot diff, migrations' SQL) costs reads: only the formats that show it ask. */
function wantsReview(format: string, comment: boolean): boolean {
  return comment || format === 'markdown' || format === 'github';
}

/** One comment per set of projects: a job run with --config gets its own comment. */
export function commentId(configs: string[]): string {
  if (!configs.length) return 'repo';
  return [...new Set(configs.map((c) => path.posix.normalize(c.replace(/\\/g, '/')).replace(/^\.\//, '')))]
    .sort()
    .join(',');
}

async function linkBase(env: NodeJS.ProcessEnv, format: string, comment: boolean): Promise<{ blobBase?: string }> {
  if (!wantsReview(format, comment)) return {};
  const { gitlabBlobBase, isGitLab } = await import('../gitlab/context.js');
  if (isGitLab(env)) {
    const base = gitlabBlobBase(env);
    return base ? { blobBase: base } : {};
  }
  const { blobBase } = await import('../github/context.js');
  const base = await blobBase(env);
  return base ? { blobBase: base } : {};
}

/**
 * The GitHub sinks: `--comment` upserts the PR comment; `--format github` (and a comment that
 * could not be posted) puts the markdown into the job summary, once.
 */
async function publish(
  result: LintResult,
  reportOptions: ReportOptions,
  format: string,
  comment: boolean,
  io: Io,
): Promise<void> {
  if (!comment && format !== 'github') return;
  const { markdown } = await import('../report/markdown.js');
  const { appendStepSummary, postComment } = await import('./sinks.js');
  const text = markdown(result, reportOptions);
  const posted = comment ? await postComment(io, reportOptions.commentId ?? 'repo', text) : false;
  if (format === 'github' || (comment && !posted)) await appendStepSummary(io, text);
}
