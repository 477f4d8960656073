/**
 * Phases 4 and 5: run rules over projects, then apply severities, inline suppressions and the
 * order of the output. The lint run and every test harness go through `executeRules`, so a rule
 * sees the same context, and a finding gets the same severity, wherever it runs.
 */
import type { ChangeSet } from '../git/changeset.js';
import type { Tree } from '../git/tree.js';
import type { MigrationSet } from '../project/migrations.js';
import type { Project } from '../project/model.js';
import type { Settings } from '../project/settings.js';
import { RULE_IDS } from '../rules/index.js';
import {
  isRepoRule,
  type Finding,
  type Mode,
  type ProjectChanges,
  type ProjectContext,
  type ProjectRule,
  type RepoContext,
  type RepoRule,
  type Rule,
} from '../rules/types.js';
import { InternalError, isNexiomError } from '../errors.js';
import { findingSeverity, ruleSeverity, type Severity, type SeveritySetting } from './severity.js';
import { projectChangesOf } from './projects.js';
import { sortFindings } from './result.js';
import { suppress, type Inspected } from './suppress.js';

export interface Execution {
  repoRoot: string;
  mode: Mode;
  /** null in `--all`. */
  changeSet: ChangeSet | null;
  base: Tree | null;
  target: Tree;
  projects: readonly Project[];
  settings: Settings;
  /** The rules to run, in order; those whose severity is off are skipped. */
  rules: readonly Rule[];
  /** Rule ids named with `--rule`: they run even where they are off, as warnings. */
  named?: readonly string[];
  /** The changed files of each project (default: by path, without import graphs). */
  changes?: ReadonlyMap<Project, ProjectChanges>;
  /** Whether a project rule runs on a project (default: on every project). */
  runsOn?: (rule: ProjectRule, project: Project) => boolean;
  /** Whether a repository rule runs (default: always). */
  runsRepo?: (rule: RepoRule) => boolean;
  /**
   * `--trace`: the new migrations are run on a replay of the base and observed (src/trace/); the
   * SQL findings gain what Postgres did, and the rules that need it (`requires: 'trace'`) run.
   */
  trace?: boolean;
  progress?: (message: string) => void;
}

export interface Executed {
  /** After severities and suppressions, in output order. */
  findings: Finding[];
  notes: string[];
  /** What the rules memoised (`ctx.shared`): the drift verdicts ... */
  shared: ReadonlyMap<string, Promise<unknown>>;
  /** The migrations of a project as the rules read them (once per run). */
  migrations(project: Project, side: 'target' | 'base'): Promise<MigrationSet | null>;
}

/** What one check reported: kept apart until the run merges every check's in rule order. */
interface Sink {
  findings: Finding[];
  notes: string[];
  /** `ctx.inspected` calls, replayed in order (the first rule to inspect a file keeps its text). */
  inspected: Array<() => void>;
}

const newSink = (): Sink => ({ findings: [], notes: [], inspected: [] });

export async function executeRules(run: Execution): Promise<Executed> {
  const { settings } = run;
  const findings: Finding[] = [];
  const notes: string[] = [];
  const shared = new Map<string, Promise<unknown>>();
  const migrationCache = new Map<string, Promise<MigrationSet | null>>();
  const inspected: Inspected = { files: new Map(), by: new Map() };
  const severityOf = ({ meta }: Rule): SeveritySetting =>
    ruleSeverity(meta.defaultSeverity, settings.rules[meta.id]?.severity, run.named?.includes(meta.id) === true);

  const migrations = (project: Project, side: 'target' | 'base'): Promise<MigrationSet | null> => {
    const tree = side === 'target' ? run.target : run.base;
    if (!tree) return Promise.resolve(null);
    const key = `${side}:${project.configFile}`;
    let cached = migrationCache.get(key);
    if (!cached) {
      const read = import('../project/migrations.js');
      cached = read.then(({ readMigrations }) => readMigrations(tree, project.out, { ignore: settings.ignore }));
      migrationCache.set(key, cached);
    }
    return cached;
  };

  /** `owner`: the project the rule's findings are filed under in the output; `sink`: where its output goes. */
  const repoContext = (rule: Rule, level: Severity, owner: Project | null, sink: Sink): RepoContext => {
    const configured = settings.rules[rule.meta.id]?.severity;
    return {
      mode: run.mode,
      repoRoot: run.repoRoot,
      changeSet: run.changeSet,
      base: run.base,
      target: run.target,
      projects: run.projects,
      settings,
      options: settings.rules[rule.meta.id]?.options ?? {},
      shared<T>(key: string, compute: () => Promise<T>): Promise<T> {
        let cached = shared.get(key) as Promise<T> | undefined;
        if (!cached) shared.set(key, (cached = compute()));
        return cached;
      },
      report(report) {
        sink.findings.push({
          ...report,
          ruleId: rule.meta.id,
          severity: findingSeverity(level, configured, report.severity),
          ...(owner ? { project: owner.configFile } : {}),
        });
      },
      inspected(file, text, ranges = []) {
        sink.inspected.push(() => {
          if (!inspected.files.has(file)) inspected.files.set(file, { text, ranges, project: owner?.configFile });
          let rulesOfFile = inspected.by.get(file);
          if (!rulesOfFile) inspected.by.set(file, (rulesOfFile = new Set()));
          rulesOfFile.add(rule.meta.id);
        });
      },
      note(text) {
        sink.notes.push(text);
      },
      progress(message) {
        run.progress?.(message);
      },
    };
  };

  // What the traces started before the rules note (trace/project.ts), merged after the rules'.
  const started = newSink();
  const projectContext = (rule: ProjectRule, level: Severity, project: Project, sink = started): ProjectContext => ({
    ...repoContext(rule, level, project, sink),
    project,
    migrations: (side) => migrations(project, side),
    projectChanges: () => run.changes?.get(project) ?? projectChangesOf(project, run.changeSet),
  });

  const guarded = async (rule: Rule, check: () => void | Promise<void>) => {
    try {
      await check();
    } catch (error) {
      if (isNexiomError(error)) throw error;
      throw new InternalError(`rule ${rule.meta.id} failed: ${(error as Error)?.message ?? error}`, { cause: error });
    }
  };

  // Every check's output goes to a sink of its own, merged in rule order once all have run: the
  // drift rules (category `schema`, which wait for drizzle-kit in a worker) run beside the others,
  // each project's in registry order, every project's at once (each has its own worker), and the
  // output is what running them in turn gives.
  const runs: Array<{ sink: Sink; done: Promise<unknown> }> = [];
  const driftChains = new Map<Project, Promise<unknown>>();
  const settled = (done: Promise<void>) =>
    done.then(
      () => null,
      (error: unknown) => ({ error }),
    );
  /** A context per project the SQL rules ran on: the trace is computed (once) through it. */
  const sqlContexts = new Map<Project, ProjectContext>();
  if (run.trace) await startTraces(run, severityOf, projectContext);
  rules: for (const rule of run.rules) {
    const level = severityOf(rule);
    if (level === 'off') continue;
    if (!isRepoRule(rule) && rule.meta.requires === 'trace' && !run.trace) continue;
    if (isRepoRule(rule)) {
      // The output groups findings by project: a repository rule's go with the first project (a
      // repository without a drizzle project shows them on their own).
      const owner = run.projects[0] ?? null;
      if (run.runsRepo?.(rule) ?? true) {
        const sink = newSink();
        const done = settled(guarded(rule, () => rule.check(repoContext(rule, level, owner, sink))));
        runs.push({ sink, done });
        if (await done) break;
      }
      continue;
    }
    for (const project of run.projects) {
      if (run.runsOn?.(rule, project) ?? true) {
        const sink = newSink();
        const ctx = projectContext(rule, level, project, sink);
        if (rule.meta.category === 'sql' && !sqlContexts.has(project)) sqlContexts.set(project, ctx);
        if (rule.meta.category === 'schema') {
          const done = (driftChains.get(project) ?? Promise.resolve(null)).then((failed) =>
            failed ? failed : settled(guarded(rule, () => rule.check(ctx))),
          );
          driftChains.set(project, done);
          runs.push({ sink, done });
          continue;
        }
        const done = settled(guarded(rule, () => rule.check(ctx)));
        runs.push({ sink, done });
        // A rule that failed ends the run: the first failure in rule order is the run's error.
        if (await done) break rules;
      }
    }
  }
  const merge = (sink: Sink) => {
    findings.push(...sink.findings);
    for (const text of sink.notes) if (!notes.includes(text)) notes.push(text);
    for (const record of sink.inspected) record();
  };
  for (const { sink, done } of runs) {
    const failed = (await done) as { error: unknown } | null;
    if (failed) throw failed.error;
    merge(sink);
  }
  if (run.trace && sqlContexts.size) {
    const [{ projectTrace }, { applyTrace }] = await Promise.all([
      import('../trace/project.js'),
      import('../trace/apply.js'),
    ]);
    for (const [project, ctx] of sqlContexts) {
      const traced = applyTrace(findings, project.configFile, await projectTrace(ctx));
      findings.splice(0, findings.length, ...traced);
    }
  }

  merge(started);

  const { SUPPRESSION_RULE_ID } = await import('./suppressions.js');
  const suppressionRule = run.rules.find((r) => r.meta.id === SUPPRESSION_RULE_ID);
  const reported = await suppress(findings, {
    target: run.target,
    inspected,
    knownRules: new Set([...RULE_IDS, ...run.rules.map((r) => r.meta.id)]),
    problemSeverity: suppressionRule ? severityOf(suppressionRule) : 'off',
  });
  return { findings: sortFindings(reported), notes, shared, migrations };
}

/**
 * The trace of each project a SQL rule will run on starts before the rules do (it is memoised in
 * `ctx.shared`, and the rules and applyTrace later await the same promise): copying and opening
 * PGlite, mostly file copies and WebAssembly compilation off the main thread, overlaps with them.
 */
async function startTraces(
  run: Execution,
  severityOf: (rule: Rule) => SeveritySetting,
  context: (rule: ProjectRule, level: Severity, project: Project) => ProjectContext,
): Promise<void> {
  const { projectTrace } = await import('../trace/project.js');
  for (const project of run.projects) {
    const rule = run.rules.find(
      (r): r is ProjectRule =>
        !isRepoRule(r) && r.meta.category === 'sql' && severityOf(r) !== 'off' && (run.runsOn?.(r, project) ?? true),
    );
    // projectTrace never rejects: a trace that cannot run is a note.
    if (rule) void projectTrace(context(rule, severityOf(rule) as Severity, project));
  }
}
