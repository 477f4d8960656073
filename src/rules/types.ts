/**
 * The contract between rules and the engine.
 *
 * A rule only *reports*: the engine owns selection, severity overrides, suppressions, ordering and
 * output. A rule module must stay cheap to import (its metadata, types and messages only): the
 * engine imports every selected rule to read its `meta`. Anything heavy (the SQL helpers and
 * parser, drizzle-kit, a YAML parser, a database) is loaded inside `check` with `await import()`.
 */
import type { z } from 'zod';
import type { Severity, SeveritySetting } from '../engine/severity.js';
import type { ChangeSet, ChangedFile } from '../git/changeset.js';
import type { Tree } from '../git/tree.js';
import type { Project } from '../project/model.js';
import type { MigrationSet } from '../project/migrations.js';
import type { Settings } from '../project/settings.js';
import type { Observation } from '../trace/types.js';
import { ruleDocsUrl } from './docs.js';

export type { Severity, SeveritySetting };

export type RuleCategory = 'schema' | 'history' | 'sql' | 'push' | 'database';

/**
 * A rule's options (the object form of `rules.<id>` in the settings), as a zod schema built from
 * the zod the settings loader passes in: a rule module never imports zod itself.
 */
export type OptionsSchema = (zod: typeof z) => z.ZodType;

interface CommonMeta {
  /** Stable kebab-case id; also the doc page's file name (`docs/rules/<id>.md`). */
  id: string;
  /** One line, shown in `--help`, SARIF and the docs index. */
  description: string;
  defaultSeverity: SeveritySetting;
  category: RuleCategory;
  /** The doc page (filled in by `defineRule` from the id). */
  url: string;
  /** The options the rule accepts; a rule without it accepts none. */
  options?: OptionsSchema;
}

export interface ProjectRuleMeta extends CommonMeta {
  /** Runs once per drizzle project (`ctx.project`). */
  scope: 'project';
  /**
   * Rules that need a database or a long replay run only when asked for (`--replay`, `--all`,
   * `--rule`); `trace` ones only with `--trace` (never on the commit path).
   */
  requires?: 'replay' | 'trace';
  /**
   * Runs on every project in `--base` and the default mode, also those the change does not touch
   * (schema-drift: CI notices drift main already has). Never in `--staged`, which stays fast.
   */
  untouchedProjects?: boolean;
}

export interface RepoRuleMeta extends CommonMeta {
  /** Runs once per repository (`ctx.projects`): no-db-push looks at package.json, workflows ... */
  scope: 'repo';
}

export type RuleMeta = ProjectRuleMeta | RepoRuleMeta;

export interface Report {
  message: string;
  /** Repository-relative posix path. */
  file?: string;
  line?: number;
  column?: number;
  /** What to do about it: a sentence or a command. */
  help?: string;
  /** Overrides the rule's severity for this one finding (e.g. a warning-level variant). */
  severity?: Severity;
  /** Extra detail for reporters that have room (markdown, pretty): SQL that would be generated ... */
  details?: string;
  /** About the state the change started from (drift or a mismatch the base already had), not the change. */
  preExisting?: boolean;
  /** `--trace`: what Postgres did at the finding's statement, per table that existed before (trace/). */
  observed?: Observation[];
  /** `--trace`: why what Postgres did contradicts the rule's claim (the finding is kept). */
  contradicted?: string;
  /** `--trace`: the statement failed in the replay (an extension PGlite lacks ...), so nothing was observed. */
  notTraced?: string;
}

export interface Finding extends Report {
  ruleId: string;
  severity: Severity;
  /** Set for project-scoped rules: the drizzle config the finding belongs to. */
  project?: string;
}

export type Mode = 'staged' | 'base' | 'all' | 'worktree';

/** What every rule sees. */
export interface RepoContext {
  mode: Mode;
  /** Absolute path of the repository root. */
  repoRoot: string;
  /** null in `--all`: there is no diff. */
  changeSet: ChangeSet | null;
  /** The tree the change set starts from (null in `--all`; an empty tree on a first commit). */
  base: Tree | null;
  /** What is being judged: the index in `--staged`, HEAD in `--base`, the working tree otherwise. */
  target: Tree;
  /** Every drizzle project of the run. */
  projects: readonly Project[];
  settings: Settings;
  /** This rule's options from the settings (`rules.<id>` object form, checked against `meta.options`), or {}. */
  options: Record<string, unknown>;
  /** Memoises expensive work shared between rules for the whole run (drift, parsed SQL ...). */
  shared<T>(key: string, compute: () => Promise<T>): Promise<T>;
  report(report: Report): void;
  /**
   * Tells the engine this rule examined the whole of `file` (its text as read). Inline
   * `-- nexiom-lint-ignore` directives in it then apply to the rule's findings, and a directive
   * naming this rule that suppresses nothing is reported. `ranges` are the statements' line spans,
   * so that a directive above a statement covers all of it.
   */
  inspected(file: string, text: string, ranges?: ReadonlyArray<{ line: number; endLine: number }>): void;
  /** Adds an informational line to the result (`LintResult.notes`), shown by the pretty reporter. */
  note(text: string): void;
  /** Prints progress on a TTY, nothing otherwise (never into the result). */
  progress(message: string): void;
}

/** What a project rule sees: the repository's context, and one drizzle project. */
export interface ProjectContext extends RepoContext {
  project: Project;
  /** Migrations of the project, read lazily and once per run, at the target / at the base. */
  migrations(side: 'target' | 'base'): Promise<MigrationSet | null>;
  /** Files of the change set that belong to this project (schema, migrations, config). */
  projectChanges(): ProjectChanges;
}

/** The context of the project rules, which the helpers they share (drift, SQL, history) take. */
export type RuleContext = ProjectContext;

export interface ProjectChanges {
  schema: ChangedFile[];
  migrations: ChangedFile[];
  config: ChangedFile[];
}

export interface ProjectRule {
  meta: ProjectRuleMeta;
  check(ctx: ProjectContext): void | Promise<void>;
}

export interface RepoRule {
  meta: RepoRuleMeta;
  /**
   * In diff modes: which changed files concern the rule. The engine skips the rule (and, when
   * nothing concerns any rule, the whole run) without reading anything.
   */
  appliesTo?(file: ChangedFile): boolean;
  check(ctx: RepoContext): void | Promise<void>;
}

export type Rule = ProjectRule | RepoRule;

export function isRepoRule(rule: Rule): rule is RepoRule {
  return rule.meta.scope === 'repo';
}

type Defined<R extends Rule> = Omit<R, 'meta'> & { meta: Omit<R['meta'], 'url'> };

/** A rule file reads `export default defineRule({ meta, check })`; the doc URL comes from the id. */
export function defineRule(rule: Defined<ProjectRule>): ProjectRule;
export function defineRule(rule: Defined<RepoRule>): RepoRule;
export function defineRule(rule: Defined<ProjectRule> | Defined<RepoRule>): Rule {
  return { ...rule, meta: { ...rule.meta, url: ruleDocsUrl(rule.meta.id) } } as Rule;
}
