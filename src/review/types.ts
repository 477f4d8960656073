/**
 * The review section of a lint result: what a pull request does to each project's database,
 * computed from the migrations folder at the base and at the target. Filled by the engine only
 * when asked (`LintOptions.review`), read by the markdown reporter (the PR comment) and the job summary.
 */

export type ChangeAction = 'added' | 'altered' | 'renamed' | 'dropped';

/** What kind of database object changed; the order here is the order of the review table. */
export const OBJECT_KINDS = [
  'schema',
  'enum',
  'sequence',
  'table',
  'column',
  'primary key',
  'unique',
  'foreign key',
  'check',
  'index',
  'policy',
  'view',
  'role',
] as const;
export type ObjectKind = (typeof OBJECT_KINDS)[number];

export interface SchemaChange {
  kind: ObjectKind;
  action: ChangeAction;
  /** The table a column, constraint, index or policy belongs to (`users`, `audit.events`). */
  table?: string;
  /** The object's own name: the column, index, constraint, enum ... (for a table, the table). */
  name: string;
  /** Short SQL-ish description before the change (`text NOT NULL`); absent when added. */
  before?: string;
  /** Short SQL-ish description after the change; absent when dropped. */
  after?: string;
  /** What changed (`type`, `NOT NULL`, `default` ...), or a new table's columns. */
  details?: string[];
}

export interface MigrationReview {
  tag: string;
  /** Repository-relative path of the SQL file. */
  sqlFile: string;
  /** `added`: new in this change set; `modified`: existed at the base and was changed; `deleted`. */
  status: 'added' | 'modified' | 'deleted';
  /** The SQL as it is at the target (absent when deleted or unreadable). */
  sql?: string;
  /** Statements in the file (drizzle separates them with `--> statement-breakpoint`). */
  statements: number;
}

export interface ProjectReview {
  /** The drizzle config: the project's name in output. */
  configFile: string;
  out: string;
  /** The snapshots compared (latest at the base, latest at the target), when they exist. */
  baseSnapshot?: string;
  targetSnapshot?: string;
  changes: SchemaChange[];
  migrations: MigrationReview[];
  /** Facts for the reader that are neither findings nor changes (no snapshot, unreadable JSON ...). */
  notes: string[];
}

export interface Review {
  projects: ProjectReview[];
}
