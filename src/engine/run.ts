/**
 * The lint run: mode → change set → projects → rules → result. Pure of output: the CLI turns the
 * result into text and an exit code.
 */
import type { ChangeSet, ChangedFile, ResolvedMode, RepoInfo } from '../git/changeset.js';
import {
  findRepo,
  githubPullRequestBase,
  resolveAll,
  resolveBase,
  resolveStaged,
  resolveWorktree,
} from '../git/changeset.js';
import { discoverProjects } from '../project/discover.js';
import { isDrizzleConfigName } from '../project/drizzle-config.js';
import type { Project } from '../project/model.js';
import { readMigrations, type MigrationSet } from '../project/migrations.js';
import { loadSettings, SETTINGS_FILE, type Settings } from '../project/settings.js';
import { rules as allRules } from '../rules/index.js';
import type { Finding, Mode, ProjectChanges, Rule, RuleContext, Severity } from '../rules/types.js';
import { InternalError, isNexiomError } from '../errors.js';
import * as messages from '../messages.js';

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
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      (a.project ?? '').localeCompare(b.project ?? '') ||
      (a.file ?? '').localeCompare(b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.ruleId.localeCompare(b.ruleId) ||
      a.message.localeCompare(b.message),
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
  const prBase = githubPullRequestBase(options.env ?? process.env);
  if (prBase) return resolveBase(repo, prBase);
  return resolveWorktree(repo);
}

function touches(file: ChangedFile, test: (p: string) => boolean): boolean {
  return test(file.path) || (file.oldPath !== undefined && test(file.oldPath));
}

export function projectChangesOf(project: Project, changeSet: ChangeSet | null, graph: string[]): ProjectChanges {
  if (!changeSet) return { schema: [], migrations: [], config: [] };
  const graphSet = new Set(graph);
  const ownPackage = project.baseDir ? `${project.baseDir}/package.json` : 'package.json';
  return {
    schema: changeSet.files.filter((f) => touches(f, (p) => project.isSchemaFile(p) || graphSet.has(p))),
    migrations: changeSet.files.filter((f) => touches(f, project.isMigrationFile)),
    config: changeSet.files.filter((f) => touches(f, (p) => p === project.configFile || p === ownPackage)),
  };
}

export async function lint(options: LintOptions): Promise<LintResult> {
  const repo = await findRepo(options.cwd);
  const resolved = await resolveMode(repo, options);
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
  const notes: string[] = [];
  const empty = (projects: ProjectResult[]): LintResult => ({
    version: 1,
    mode: resolved.mode,
    comparison: changeSet?.description ?? null,
    findings: [],
    projects,
    notes,
    summary: { errors: 0, warnings: 0, infos: 0, filesChanged: changeSet?.files.length ?? null, projects: projects.length },
  });

  // Fast path: an empty change set needs no project at all.
  if (changeSet && changeSet.files.length === 0) {
    notes.push('No changes to check.');
    return empty([]);
  }

  const discovered = await discoverProjects(repo.root, options.cwd, options.configs);
  const { projects } = discovered;
  const changesByProject = new Map(
    projects.map((p) => [p, projectChangesOf(p, changeSet, discovered.graph[p.configFile] ?? [])] as const),
  );
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
    };
  });
  if (!projects.some(projectRelevant) && !repoRules.some(repoRelevant)) {
    notes.push(messages.nothingRelevant);
    return empty(projectSummaries);
  }

  const settings = await loadSettings(repo.root);
  const findings: Finding[] = [];
  const sharedCache = new Map<string, Promise<unknown>>();
  const migrationCache = new Map<string, Promise<MigrationSet | null>>();
  const flags = options.flags ?? {};

  const severityOf = (rule: Rule) => settings.rules[rule.meta.id]?.severity ?? rule.meta.defaultSeverity;
  const wantsReplay = (rule: Rule) => rule.meta.requires !== 'replay' || flags.replay === true || resolved.mode === 'all';

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
        if (!project) return Promise.resolve(null);
        const tree = side === 'target' ? resolved.target : resolved.base;
        if (!tree) return Promise.resolve(null);
        const key = `${side}:${project.configFile}`;
        let cached = migrationCache.get(key);
        if (!cached) {
          cached = readMigrations(tree, project.out);
          migrationCache.set(key, cached);
        }
        return cached;
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
      if (projectRelevant(project)) await runOne(rule, project);
    }
  }

  const sorted = sortFindings(findings);
  return {
    version: 1,
    mode: resolved.mode,
    comparison: changeSet?.description ?? null,
    findings: sorted,
    projects: projectSummaries,
    notes,
    ...(settings.failOn ? { failOn: settings.failOn } : {}),
    summary: { ...summarize(sorted), filesChanged: changeSet?.files.length ?? null, projects: projects.length },
  };
}

export function exitCodeFor(result: LintResult, failOn: Severity): 0 | 1 {
  const threshold = SEVERITY_ORDER[failOn];
  return result.findings.some((f) => SEVERITY_ORDER[f.severity] <= threshold) ? 1 : 0;
}

