/**
 * The lint run: mode → change set → projects → rules → result. Pure of output: the CLI turns the
 * result into text and an exit code.
 */
import type { ChangeSet, ChangedFile, ResolvedMode, RepoInfo } from '../git/changeset.js';
import {
  findRepo,
  ciPullRequestBase,
  findRootFast,
  headCommit,
  prefetchStaged,
  resolveAll,
  resolveBase,
  resolveStaged,
  resolveWorktree,
} from '../git/changeset.js';
import { discoverProjects, rememberGraph, type Discovered } from '../project/discover.js';
import { graphMatcher, isTsconfigName, mergeGraphs } from '../project/graph.js';
import { isDrizzleConfigName, isSourceFile } from '../project/names.js';
import type { Project } from '../project/model.js';
import type { MigrationSet } from '../project/migrations.js';
import type { Settings } from '../project/settings.js';
import { SETTINGS_FILE } from '../project/names.js';
import { rules as allRules } from '../rules/index.js';
import type { Finding, Mode, ProjectChanges, Rule, RuleContext, Severity } from '../rules/types.js';
import type { Review } from '../review/types.js';
import { InternalError, isNexiomError } from '../errors.js';
import type { Directive, Range } from './suppressions.js';
import { clearlyIrrelevant } from './relevance.js';
import * as messages from '../messages.js';
import { driftSummaryKey, UNCHECKED, type DriftSummary } from '../drift/summary.js';

export interface LintOptions {
  cwd: string;
  /** undefined: the default (PR base in GitHub Actions, else merge base with the default branch). */
  mode?: 'staged' | 'base' | 'all';
  baseRef?: string;
  configs?: string[];
  /** Only these rule ids (all when empty). */
  only?: string[];
  flags?: Record<string, unknown>;
  env?: NodeJS.ProcessEnv;
  progress?: (message: string) => void;
  /** Rules to run instead of the registry (tests). */
  rules?: readonly Rule[];
}

export interface ProjectResult {
  configFile: string;
  out: string;
  changes: { schema: string[]; migrations: string[]; config: string[] };
  checked: boolean;
  /** The drift verdict (`unchecked` when no rule asked for it). */
  drift: DriftSummary;
}

export interface LintResult {
  version: 1;
  mode: Mode;
  /** `HEAD → the index` ... (absent in --all). */
  comparison: string | null;
  findings: Finding[];
  projects: ProjectResult[];
  /** Informational lines for humans (nothing relevant changed, cache used ...). */
  notes: string[];
  /** `failOn` from the settings file, when set (the CLI flag wins). */
  failOn?: Severity;
  summary: { errors: number; warnings: number; infos: number; filesChanged: number | null; projects: number };
  /** What the change does to each checked project's database; only when `flags.review === true`. */
  review?: Review;
  /** Set when a findings baseline absorbed known findings (src/baseline). */
  baseline?: { file: string; known: number; stale: number | null };
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Code-point order: the same on every machine, whatever its locale (and cheaper than ICU's). */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      compare(a.project ?? '', b.project ?? '') ||
      compare(a.file ?? '', b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      compare(a.ruleId, b.ruleId) ||
      compare(a.message, b.message),
  );
}

export function summarize(findings: Finding[]): Pick<LintResult['summary'], 'errors' | 'warnings' | 'infos'> {
  return {
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
    infos: findings.filter((f) => f.severity === 'info').length,
  };
}

async function resolveMode(repo: RepoInfo, options: LintOptions): Promise<ResolvedMode> {
  if (options.mode === 'staged') return resolveStaged(repo);
  if (options.mode === 'all') return resolveAll(repo);
  if (options.mode === 'base') return resolveBase(repo, options.baseRef!);
  const prBase = ciPullRequestBase(options.env ?? process.env);
  if (prBase) return resolveBase(repo, prBase);
  return resolveWorktree(repo);
}

function touches(file: ChangedFile, test: (p: string) => boolean): boolean {
  return test(file.path) || (file.oldPath !== undefined && test(file.oldPath));
}

export function projectChangesOf(project: Project, changeSet: ChangeSet | null, graph: string[]): ProjectChanges {
  if (!changeSet) return { schema: [], migrations: [], config: [] };
  const inGraph = graphMatcher(graph);
  const ownPackage = project.baseDir ? `${project.baseDir}/package.json` : 'package.json';
  return {
    schema: changeSet.files.filter((f) => touches(f, (p) => project.isSchemaFile(p) || inGraph(p))),
    migrations: changeSet.files.filter((f) => touches(f, project.isMigrationFile)),
    config: changeSet.files.filter((f) => touches(f, (p) => p === project.configFile || p === ownPackage)),
  };
}

export async function lint(options: LintOptions): Promise<LintResult> {
  let repo: RepoInfo;
  let resolved: ResolvedMode;
  const fastRoot = options.mode === 'staged' ? findRootFast(options.cwd, options.env ?? process.env) : null;
  const prefetched = fastRoot ? await prefetchStaged(fastRoot) : null;
  if (fastRoot && prefetched && !('failed' in prefetched)) {
    // The commit path: one git process so far.
    repo = { root: fastRoot, hasHead: 'files' in prefetched };
    resolved = await resolveStaged(repo, 'files' in prefetched ? prefetched.files : undefined);
  } else {
    repo = await findRepo(options.cwd);
    resolved = await resolveMode(repo, options);
  }
  try {
    return await runRules(repo, resolved, options);
  } finally {
    resolved.reader.close();
  }
}

async function runRules(repo: RepoInfo, resolved: ResolvedMode, options: LintOptions): Promise<LintResult> {
  const { changeSet } = resolved;
  const ruleSet = (options.rules ?? allRules).filter((r) => !options.only?.length || options.only.includes(r.meta.id));
  const repoRules = ruleSet.filter((r) => r.meta.scope === 'repo');
  // CI (--base, the default mode) also judges projects the change does not touch (drift main has).
  const sweep = resolved.mode === 'base' || resolved.mode === 'worktree';
  const sweeping = sweep && ruleSet.some((r) => r.meta.untouchedProjects);
  const notes: string[] = [];
  const empty = (projects: ProjectResult[]): LintResult => ({
    version: 1,
    mode: resolved.mode,
    comparison: changeSet?.description ?? null,
    findings: [],
    projects,
    notes,
    summary: { errors: 0, warnings: 0, infos: 0, filesChanged: changeSet?.files.length ?? null, projects: projects.length },
    ...(options.flags?.review === true ? { review: { projects: [] } } : {}),
  });

  // Fast path: an empty change set needs no project at all.
  if (changeSet && changeSet.files.length === 0 && !sweeping) {
    notes.push('No changes to check.');
    return empty([]);
  }

  const discovered = await discoverProjects(repo.root, options.cwd, options.configs, { allowNone: true });
  const { projects } = discovered;
  for (const s of discovered.skipped) notes.push(messages.skippedConfig(s.configFile, s.reason));
  if (changeSet && !sweeping && changeSet.files.every((f) => clearlyIrrelevant(f, projects))) {
    notes.push(messages.nothingRelevant);
    return empty(projects.map((p) => ({ configFile: p.configFile, out: p.out, changes: { schema: [], migrations: [], config: [] }, checked: false, drift: UNCHECKED })));
  }
  const staticGraph = await importGraphs(repo, resolved, discovered);
  const graph: Record<string, string[]> = {};
  for (const p of projects) {
    graph[p.configFile] = mergeGraphs(staticGraph[p.configFile] ?? [], discovered.learned[p.configFile]);
  }
  const changesByProject = new Map(projects.map((p) => [p, projectChangesOf(p, changeSet, graph[p.configFile] ?? [])] as const));
  const settingsChanged = changeSet?.files.some((f) => f.path === SETTINGS_FILE || isDrizzleConfigName(f.path)) ?? false;
  const projectRelevant = (p: Project) => {
    if (!changeSet) return true;
    const c = changesByProject.get(p)!;
    return c.schema.length + c.migrations.length + c.config.length > 0 || settingsChanged;
  };
  const repoRelevant = (r: Rule) => !changeSet || !r.appliesTo || changeSet.files.some((f) => r.appliesTo!(f));
  const projectSummaries: ProjectResult[] = projects.map((p) => {
    const c = changesByProject.get(p)!;
    return {
      configFile: p.configFile,
      out: p.out,
      changes: {
        schema: c.schema.map((f) => f.path),
        migrations: c.migrations.map((f) => f.path),
        config: c.config.map((f) => f.path),
      },
      checked: projectRelevant(p),
      drift: UNCHECKED,
    };
  });
  if (!projects.some(projectRelevant) && !repoRules.some(repoRelevant) && !sweeping) {
    notes.push(messages.nothingRelevant);
    return empty(projectSummaries);
  }

  // Loaded only past the fast path: the commit path with nothing relevant never needs them.
  const { loadSettings } = await import('../project/settings.js');
  const { readMigrations } = await import('../project/migrations.js');
  const settings = await loadSettings(repo.root);
  const findings: Finding[] = [];
  const sharedCache = new Map<string, Promise<unknown>>();
  const migrationCache = new Map<string, Promise<MigrationSet | null>>();
  const flags = options.flags ?? {};
  // Files rules examined in full: their text (for inline suppressions) and which rules looked.
  const inspectedFiles = new Map<string, { text: string; ranges: readonly Range[]; project: string | undefined }>();
  const inspectedBy = new Map<string, Set<string>>();

  // A rule named with --rule runs even where it is off (by default or in the config), as a warning.
  const named = (rule: Rule) => options.only?.includes(rule.meta.id) === true;
  const severityOf = (rule: Rule) => {
    const severity = settings.rules[rule.meta.id]?.severity ?? rule.meta.defaultSeverity;
    return severity === 'off' && named(rule) ? 'warning' : severity;
  };
  const wantsReplay = (rule: Rule) =>
    rule.meta.requires !== 'replay' || flags.replay === true || resolved.mode === 'all' || named(rule);

  const migrationsOf = (project: Project, side: 'target' | 'base'): Promise<MigrationSet | null> => {
    const tree = side === 'target' ? resolved.target : resolved.base;
    if (!tree) return Promise.resolve(null);
    const key = `${side}:${project.configFile}`;
    let cached = migrationCache.get(key);
    if (!cached) {
      cached = readMigrations(tree, project.out, { ignore: settings.ignore });
      migrationCache.set(key, cached);
    }
    return cached;
  };

  const makeContext = (rule: Rule, project: Project | null): RuleContext => {
    const configured = settings.rules[rule.meta.id]?.severity;
    const baseSeverity = severityOf(rule) as Severity;
    return {
      mode: resolved.mode,
      repoRoot: repo.root,
      changeSet,
      base: resolved.base,
      target: resolved.target,
      project: project as Project,
      projects,
      settings,
      options: settings.rules[rule.meta.id]?.options ?? {},
      flags,
      migrations(side) {
        return project ? migrationsOf(project, side) : Promise.resolve(null);
      },
      projectChanges() {
        return project ? changesByProject.get(project)! : { schema: [], migrations: [], config: [] };
      },
      shared<T>(key: string, compute: () => Promise<T>): Promise<T> {
        let cached = sharedCache.get(key) as Promise<T> | undefined;
        if (!cached) {
          cached = compute();
          sharedCache.set(key, cached);
        }
        return cached;
      },
      report(report) {
        findings.push({
          ...report,
          ruleId: rule.meta.id,
          severity: configured && configured !== 'off' ? configured : (report.severity ?? baseSeverity),
          ...(project ? { project: project.configFile } : {}),
        });
      },
      inspected(file, text, ranges = []) {
        if (!inspectedFiles.has(file)) inspectedFiles.set(file, { text, ranges, project: project?.configFile });
        let rulesOfFile = inspectedBy.get(file);
        if (!rulesOfFile) inspectedBy.set(file, (rulesOfFile = new Set()));
        rulesOfFile.add(rule.meta.id);
      },
      note(text) {
        if (!notes.includes(text)) notes.push(text);
      },
      progress(message) {
        options.progress?.(message);
      },
    };
  };

  const runOne = async (rule: Rule, project: Project | null) => {
    try {
      await rule.check(makeContext(rule, project));
    } catch (error) {
      if (isNexiomError(error)) throw error;
      throw new InternalError(`rule ${rule.meta.id} failed: ${(error as Error)?.message ?? error}`, { cause: error });
    }
  };

  for (const rule of ruleSet) {
    if (severityOf(rule) === 'off' || !wantsReplay(rule)) continue;
    if (rule.meta.scope === 'repo') {
      if (repoRelevant(rule)) await runOne(rule, projects[0] ?? null);
      continue;
    }
    for (const project of projects) {
      if (projectRelevant(project) || (sweep && rule.meta.untouchedProjects)) await runOne(rule, project);
    }
  }
  for (const summary of projectSummaries) {
    const drift = sharedCache.get(driftSummaryKey(summary.configFile)) as Promise<DriftSummary> | undefined;
    if (drift) summary.drift = await drift;
  }

  const { SUPPRESSION_RULE_ID } = await import('./suppressions.js');
  const suppressionRule = ruleSet.find((r) => r.meta.id === SUPPRESSION_RULE_ID);
  const reported = await suppress(findings, {
    target: resolved.target,
    inspectedFiles,
    inspectedBy,
    knownRules: new Set([...(options.rules ?? allRules), ...allRules].map((r) => r.meta.id)),
    problemSeverity: suppressionRule ? severityOf(suppressionRule) : 'off',
  });
  const sorted = sortFindings(reported);
  let review: Review | undefined;
  if (flags.review === true) {
    // Loaded only here: the pre-commit path never pays for the review.
    const { reviewProject } = await import('../review/collect.js');
    review = { projects: [] };
    for (const project of projects.filter(projectRelevant)) {
      const [base, target] = await Promise.all([migrationsOf(project, 'base'), migrationsOf(project, 'target')]);
      review.projects.push(await reviewProject({ project, changes: changesByProject.get(project)!, base, target }));
    }
  }
  return {
    version: 1,
    mode: resolved.mode,
    comparison: changeSet?.description ?? null,
    findings: sorted,
    projects: projectSummaries,
    notes,
    ...(settings.failOn ? { failOn: settings.failOn } : {}),
    summary: { ...summarize(sorted), filesChanged: changeSet?.files.length ?? null, projects: projects.length },
    ...(review ? { review } : {}),
  };
}

/**
 * The schema's import graph per project. On the commit path the graph of HEAD is enough (a new
 * import can only come from a changed file, which is then checked anyway) and is cached per HEAD;
 * other modes compute it on both sides.
 */
async function importGraphs(repo: RepoInfo, resolved: ResolvedMode, discovered: Discovered): Promise<Record<string, string[]>> {
  const { projects } = discovered;
  // The graph only decides which changed files are schema files: `--all` has no change set.
  if (!resolved.changeSet) return {};
  // Only source files and tsconfigs can be in an import graph: a README or SQL change needs none.
  const graphFile = (p: string) => isSourceFile(p) || isTsconfigName(p);
  if (!resolved.changeSet.files.some((f) => graphFile(f.path) || graphFile(f.oldPath ?? ''))) {
    return {};
  }
  if (repo.head === undefined && repo.hasHead) repo.head = await headCommit(repo.root);
  if (resolved.mode === 'staged' && repo.head && discovered.graphHead === repo.head &&
      projects.every((p) => discovered.graph[p.configFile] !== undefined)) {
    return discovered.graph;
  }
  const { schemaImportGraph } = await import('../project/import-graph.js');
  const trees = resolved.mode === 'staged' ? [resolved.base ?? resolved.target] : [resolved.target, resolved.base];
  const graph: Record<string, string[]> = {};
  for (const project of projects) {
    const files = new Set<string>();
    for (const tree of trees) {
      if (tree && tree.kind !== 'empty') for (const f of await schemaImportGraph(project, tree)) files.add(f);
    }
    if (resolved.mode === 'staged' && resolved.base?.kind === 'empty') {
      for (const f of await schemaImportGraph(project, resolved.target)) files.add(f);
    }
    graph[project.configFile] = [...files].sort();
  }
  if (resolved.mode === 'staged' && repo.head) rememberGraph(repo.root, graph, repo.head);
  return graph;
}

export function exitCodeFor(result: LintResult, failOn: Severity): 0 | 1 {
  const threshold = SEVERITY_ORDER[failOn];
  return result.findings.some((f) => SEVERITY_ORDER[f.severity] <= threshold) ? 1 : 0;
}


interface SuppressContext {
  target: ResolvedMode['target'];
  inspectedFiles: Map<string, { text: string; ranges: readonly Range[]; project: string | undefined }>;
  inspectedBy: Map<string, Set<string>>;
  knownRules: ReadonlySet<string>;
  problemSeverity: Severity | 'off';
}

/**
 * Drops the findings an inline directive suppresses and adds the problems with the directives.
 * Directives are read from every file a rule inspected, and from any other SQL file a finding
 * points at (so a history rule's finding on a migration can be suppressed the same way).
 */
async function suppress(findings: Finding[], c: SuppressContext): Promise<Finding[]> {
  const { applySuppressions, parseDirectives, SUPPRESSION_RULE_ID } = await import('./suppressions.js');
  const directives = new Map<string, Directive[]>();
  for (const [file, { text, ranges }] of c.inspectedFiles) directives.set(file, parseDirectives(file, text, ranges));
  const others = [...new Set(findings.map((f) => f.file))].filter(
    (file): file is string => !!file && file.endsWith('.sql') && !directives.has(file),
  );
  for (const file of others) {
    const text = await c.target.read(file);
    if (text !== undefined) directives.set(file, parseDirectives(file, text));
  }
  const { kept, problems } = applySuppressions({ findings, directives, inspectedBy: c.inspectedBy, knownRules: c.knownRules });
  if (c.problemSeverity === 'off') return kept;
  for (const problem of problems) {
    const project = c.inspectedFiles.get(problem.file)?.project;
    kept.push({ ...problem, ruleId: SUPPRESSION_RULE_ID, severity: c.problemSeverity, ...(project ? { project } : {}) });
  }
  return kept;
}
