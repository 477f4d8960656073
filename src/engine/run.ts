/**
 * The lint run, in phases: resolve the mode (mode.ts) → discover projects and what the change
 * touches (projects.ts) → select rules → run them and suppress (execute.ts) → result. Pure of
 * output: the CLI turns the result into text and an exit code.
 *
 * Every early return is a fast path: an empty change set needs no project, a change set of
 * clearly irrelevant files needs no rule, and no rule module is imported before that is known.
 */
import type { ResolvedMode, RepoInfo } from '../git/changeset.js';
import { discoverProjects } from '../project/discover.js';
import type { Project } from '../project/model.js';
import { loadRules, loadRulesOf, RULE_IDS } from '../rules/index.js';
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
  const { repo, resolved } = await resolveRun(options);
  try {
    return await lintResolved(repo, resolved, options);
  } finally {
    resolved.reader.close();
  }
}

async function lintResolved(repo: RepoInfo, resolved: ResolvedMode, options: LintOptions): Promise<LintResult> {
  const { changeSet } = resolved;
  const ids = options.only?.length ? RULE_IDS.filter((id) => options.only!.includes(id)) : RULE_IDS;
  // CI (--base, the default mode) also judges projects the change does not touch (drift main has).
  const sweep = resolved.mode === 'base' || resolved.mode === 'worktree';
  // Rule modules are loaded only when needed: the commit path with nothing relevant loads none,
  // a change that concerns only the repository rules loads only those.
  const sweeping = sweep && (await loadRulesOf('project', ids)).some((r) => r.meta.untouchedProjects);
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
  const discovered = await discoverProjects(repo.root, options.cwd, options.configs, { allowNone: true });
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
