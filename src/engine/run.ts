/**
 * The lint run, in phases: resolve the mode (mode.ts) → discover projects and what the change
 * touches (projects.ts) → select rules → run them and suppress (execute.ts) → result. Pure of
 * output: the CLI turns the result into text and an exit code.
 *
 * Every early return is a fast path: an empty change set needs no project, a change set of
 * clearly irrelevant files needs no rule, and no rule module is imported before that is known.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { cacheDir } from '../cache/json.js';
import type { ResolvedMode, RepoInfo } from '../git/changeset.js';
import { clearIdle, runEnded, whenIdle } from '../process/idle.js';
import type { Tree } from '../git/tree.js';
import { hasProjectCache } from '../project/cache.js';
import { discoverProjects, type Discovered } from '../project/discover.js';
import type { OnPackage } from '../project/drizzle-config.js';
import type { Project } from '../project/model.js';
import { loadRules, loadRulesOf, RULE_IDS, sweepsUntouched } from '../rules/index.js';
import type { ProjectRule, RepoRule, Rule } from '../rules/types.js';
import type { Review } from '../review/types.js';
import { driftSummaryKey, type DriftSummary } from '../drift/summary.js';
import * as messages from '../messages.js';
import type { Executed } from './execute.js';
import { resolveRun, type ModeOptions } from './mode.js';
import { planProjects, uncheckedSummaries, type ProjectPlan } from './projects.js';
import { clearlyIrrelevant } from './relevance.js';
import { summarize, type LintResult, type ProjectResult } from './result.js';

export type { LintResult, ProjectResult } from './result.js';
export { summarize } from './result.js';

export interface LintOptions extends ModeOptions {
  configs?: string[];
  /** Only these rule ids (all when empty); a rule named here runs even where it is off. */
  only?: string[];
  /** Run the rules that replay the migrations on a database (`--replay`; always in `--all`). */
  replay?: boolean;
  /**
   * Run the new migrations on a replay of the base and observe what Postgres does (`--trace`).
   * Ignored with `--staged`: the commit path stays fast.
   */
  trace?: boolean;
  /** Collect the review (schema changes, the migrations' SQL) for the formats that show it. */
  review?: boolean;
  progress?: (message: string) => void;
}

export async function lint(options: LintOptions): Promise<LintResult> {
  const ids = options.only?.length ? RULE_IDS.filter((id) => options.only!.includes(id)) : RULE_IDS;
  // Drift workers started while configs load (drift/prestart.ts); those no rule used are stopped.
  const prestarts: Array<Promise<unknown>> = [];
  let root = '';
  let trees: Array<Tree | null> = [];
  // Set when the run is over: a config that loads after an error starts no worker.
  let over = false;
  const early: Early = {
    ids,
    discovery: null,
    onPackage: (packageDir, configPath) => {
      if (over) return;
      // While the config loads: both sides' file lists, which the rules read first.
      if (!prestarts.length) for (const tree of trees) tree?.list('').catch(() => {});
      const started = import('../drift/prestart.js').then(({ prestartWorker }) =>
        over ? null : prestartWorker(root, packageDir, configPath),
      );
      prestarts.push(started.catch(() => null));
      // The worker evaluates the config itself: no config process of its own then.
      return started.then((p) => p?.config ?? null).catch(() => null);
    },
  };
  let resolved: ResolvedMode | undefined;
  try {
    // --base and the default mode load every config whatever the change (sweep): that starts as
    // soon as the repository is known, beside the git calls that resolve the comparison.
    const run = await resolveRun(options, (repo) => {
      root = repo.root;
      if (options.mode !== undefined && options.mode !== 'base') return;
      if (!sweepsUntouched(ids)) return;
      // No project model cached (a fresh checkout, CI): the configs will run, each in a drift
      // worker, and the first worker's Node starts now, while git finds the configs.
      if (!hasProjectCache(repo.root)) {
        prestarts.push(import('../drift/prestart.js').then(({ spareWorker }) => (over ? null : spareWorker())));
      }
      early.discovery = discover(repo, options, early.onPackage);
      early.discovery.catch(() => {}); // Reported where it is awaited, after the comparison's own errors.
    });
    ({ resolved } = run);
    root = run.repo.root;
    trees = [resolved.target, resolved.base];
    if (prestarts.length) for (const tree of trees) tree?.list('').catch(() => {});
    return await lintResolved(run.repo, resolved, options, early);
  } finally {
    over = true;
    clearIdle();
    resolved?.reader.close();
    // Workers no question took are stopped (a run that failed before its configs loaded starts no more).
    await Promise.all(prestarts);
    await runEnded();
  }
}

/**
 * Whether the SQL rules will parse migrations with no parse tree cached: the change adds or edits
 * one (every migration in --all), and no parse tree was ever cached here (a fresh checkout, CI).
 * The parser then loads while the drift worker runs (process/idle.ts), not after it.
 */
function parsesSqlCold(repoRoot: string, changeSet: ResolvedMode['changeSet'], projects: Project[]): boolean {
  const dir = cacheDir(repoRoot);
  if (dir && existsSync(path.join(dir, 'sql-ast.json'))) return false;
  if (!changeSet) return projects.length > 0;
  return changeSet.files.some(
    (f) => f.status !== 'D' && f.path.endsWith('.sql') && projects.some((p) => p.isMigrationFile(f.path)),
  );
}

interface Early {
  ids: readonly string[];
  /** Discovery started before the comparison was resolved; null: not started. */
  discovery: Promise<Discovered | null> | null;
  onPackage: OnPackage;
}

/** Whether a selected project rule also judges projects the change does not touch. */
async function sweepingOf(ids: readonly string[]): Promise<boolean> {
  return (await loadRulesOf('project', ids)).some((r) => r.meta.untouchedProjects);
}

function discover(repo: RepoInfo, options: LintOptions, onPackage: OnPackage): Promise<Discovered> {
  return discoverProjects(repo.root, options.cwd, options.configs, { allowNone: true, onPackage });
}

async function lintResolved(
  repo: RepoInfo,
  resolved: ResolvedMode,
  options: LintOptions,
  early: Early,
): Promise<LintResult> {
  const { changeSet } = resolved;
  const { ids } = early;
  // CI (--base, the default mode) also judges projects the change does not touch (drift main has).
  const sweep = resolved.mode === 'base' || resolved.mode === 'worktree';
  // Rule modules are loaded only when needed: the commit path with nothing relevant loads none,
  // a change that concerns only the repository rules loads only those.
  const sweeping = sweep && (await sweepingOf(ids));
  const notes: string[] = [];
  const result = (projects: ProjectResult[], executed?: Executed, extra: Partial<LintResult> = {}): LintResult => {
    const findings = executed?.findings ?? [];
    return {
      version: 1,
      mode: resolved.mode,
      repoRoot: repo.root,
      comparison: changeSet?.description ?? null,
      findings,
      projects,
      notes,
      ...extra,
      summary: { ...summarize(findings), filesChanged: changeSet?.files.length ?? null, projects: projects.length },
      ...(options.review && !extra.review ? { review: { projects: [] } } : {}),
    };
  };

  if (changeSet && changeSet.files.length === 0 && !sweeping) {
    notes.push('No changes to check.');
    return result([]);
  }
  const discovered = (sweep && (await early.discovery)) || (await discover(repo, options, early.onPackage));
  const { projects } = discovered;
  for (const s of discovered.skipped) notes.push(messages.skippedConfig(s.configFile, s.reason));
  if (changeSet && !sweeping && changeSet.files.every((f) => clearlyIrrelevant(f, projects))) {
    notes.push(messages.nothingRelevant);
    return result(uncheckedSummaries(projects));
  }
  const plan = await planProjects(repo, resolved, discovered);
  const repoRuleRuns = (r: RepoRule) => !changeSet || !r.appliesTo || changeSet.files.some((f) => r.appliesTo!(f));
  const projectsRun = sweeping || projects.some(plan.touched);
  if (!projectsRun && !(await loadRulesOf('repo', ids)).some(repoRuleRuns)) {
    notes.push(messages.nothingRelevant);
    return result(plan.summaries);
  }

  // Loaded only past the fast paths.
  const [{ loadRuleSettings }, { executeRules }] = await Promise.all([
    import('./rule-settings.js'),
    import('./execute.js'),
  ]);
  const settings = await loadRuleSettings(repo.root);
  if (projectsRun && parsesSqlCold(repo.root, changeSet, projects)) {
    whenIdle(() => import('../sql/parser.js').then(({ warmParser }) => warmParser()));
  }
  const named = (rule: Rule) => options.only?.includes(rule.meta.id) === true;
  const trace = options.trace === true && resolved.mode !== 'staged';
  const wantsReplay = (rule: ProjectRule) =>
    rule.meta.requires === 'trace'
      ? trace
      : rule.meta.requires !== 'replay' || options.replay === true || resolved.mode === 'all' || named(rule);
  const executed = await executeRules({
    repoRoot: repo.root,
    mode: resolved.mode,
    changeSet,
    base: resolved.base,
    target: resolved.target,
    projects,
    settings,
    rules: projectsRun ? await loadRules(ids) : await loadRulesOf('repo', ids),
    named: options.only ?? [],
    changes: plan.changes,
    runsOn: (rule, project) =>
      wantsReplay(rule) && (plan.touched(project) || (sweep && rule.meta.untouchedProjects === true)),
    runsRepo: repoRuleRuns,
    trace,
    ...(options.progress ? { progress: options.progress } : {}),
  });
  for (const note of executed.notes) if (!notes.includes(note)) notes.push(note);
  for (const summary of plan.summaries) {
    const drift = executed.shared.get(driftSummaryKey(summary.configFile)) as Promise<DriftSummary> | undefined;
    if (drift) summary.drift = await drift;
  }
  const review = options.review ? await reviewOf(projects.filter(plan.touched), plan, executed) : undefined;
  const extra = { ...(settings.failOn ? { failOn: settings.failOn } : {}), ...(review ? { review } : {}) };
  return result(plan.summaries, executed, extra);
}

/** What the change does to each checked project's database. Loaded only here: the pre-commit path never pays for it. */
async function reviewOf(projects: Project[], plan: ProjectPlan, executed: Executed): Promise<Review> {
  const { reviewProject } = await import('../review/collect.js');
  const review: Review = { projects: [] };
  for (const project of projects) {
    const [base, target] = await Promise.all([
      executed.migrations(project, 'base'),
      executed.migrations(project, 'target'),
    ]);
    review.projects.push(await reviewProject({ project, changes: plan.changes.get(project)!, base, target }));
  }
  return review;
}
