/**
 * The contract between rules and the engine.
 *
 * A rule only *reports*: the engine owns selection, severity overrides, suppressions, ordering and
 * output. A rule module must stay cheap to import (types and messages only); anything heavy (the
 * SQL parser, drizzle-kit, a YAML parser, a database) is loaded inside `check` with `await import()`.
 */
import type { ChangeSet, ChangedFile } from '../git/changeset.js';
import type { Tree } from '../git/tree.js';
import type { Project } from '../project/model.js';
import type { MigrationSet } from '../project/migrations.js';
import type { Settings } from '../project/settings.js';

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

export type RuleCategory = 'schema' | 'history' | 'sql' | 'push' | 'database';

export interface RuleMeta {
  /** Stable kebab-case id; also the doc page's file name (`docs/rules/<id>.md`). */
  id: string;
  /** One line, shown in `--help`, SARIF and the docs index. */
  description: string;
  defaultSeverity: SeveritySetting;
  category: RuleCategory;
  /**
   * `project`: run once per drizzle project (has `ctx.project`).
   * `repo`: run once per repository (no-db-push looks at package.json, workflows ...).
   */
  scope: 'project' | 'repo';
  /** Rules that need a database or a long replay run only when asked for (`--replay`, `--all`). */
  requires?: 'replay';
  /**
   * Runs on every project in `--base` and the default mode, also those the change does not touch
   * (schema-drift: CI notices drift main already has). Never in `--staged`, which stays fast.
   */
  untouchedProjects?: boolean;
}

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
}

export interface Finding extends Report {
  ruleId: string;
  severity: Severity;
  /** Set for project-scoped rules: the drizzle config the finding belongs to. */
  project?: string;
}

export type Mode = 'staged' | 'base' | 'all' | 'worktree';

export interface RuleContext {
  mode: Mode;
  /** Absolute path of the repository root. */
  repoRoot: string;
  /** null in `--all`: there is no diff. */
  changeSet: ChangeSet | null;
  /** The tree the change set starts from (null in `--all`; an empty tree on a first commit). */
  base: Tree | null;
  /** What is being judged: the index in `--staged`, HEAD in `--base`, the working tree otherwise. */
  target: Tree;
  /** For `scope: 'project'` rules: the drizzle project. For `repo` rules: the first project (or null). */
  project: Project;
  /** Every drizzle project of the run (repo rules look at all of them). */
  projects: readonly Project[];
  settings: Settings;
  /** This rule's options from the settings (`rules.<id>` object form), or {}. */
  options: Record<string, unknown>;
  /** Migrations of the project, read lazily and once per run, at the target / at the base. */
  migrations(side: 'target' | 'base'): Promise<MigrationSet | null>;
  /** Files of the change set that belong to this project (schema, migrations, config). */
  projectChanges(): ProjectChanges;
  /** Memoises expensive work shared between rules for the whole run (drift, parsed SQL ...). */
  shared<T>(key: string, compute: () => Promise<T>): Promise<T>;
  /** Run options the user gave (`--replay` ...). */
  flags: Readonly<Record<string, unknown>>;
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

export interface ProjectChanges {
  schema: ChangedFile[];
  migrations: ChangedFile[];
  config: ChangedFile[];
}

export interface Rule {
  meta: RuleMeta;
  /**
   * For `scope: 'repo'` rules in diff modes: which changed files concern the rule. The engine
   * skips the rule (and, when nothing concerns any rule, the whole run) without reading anything.
   */
  appliesTo?(file: ChangedFile): boolean;
  check(ctx: RuleContext): void | Promise<void>;
}

/** Helper so rule files read as `export default defineRule({ meta, check })`. */
export function defineRule(rule: Rule): Rule {
  return rule;
}
