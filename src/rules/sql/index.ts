/**
 * The SQL safety rules (and migration-concurrently), registered with one line in ../index.ts.
 *
 * Their metadata lives here, in one table, and each rule's check in its own file, loaded only when
 * the rule runs: importing 32 rule modules (and the SQL helpers they use) on every start cost the
 * pre-commit path ~35 ms even when nothing relevant was staged. They all share one parse of the
 * linted migrations per run (src/sql/analysis.ts).
 */
import type { Rule, RuleContext, RuleMeta } from '../types.js';

function sqlRule(
  id: string,
  defaultSeverity: RuleMeta['defaultSeverity'],
  description: string,
  load: () => Promise<{ check(ctx: RuleContext): Promise<void> }>,
): Rule {
  return {
    meta: { id, description, defaultSeverity, category: 'sql', scope: 'project' },
    async check(ctx) {
      await (await load()).check(ctx);
    },
  };
}

export const sqlRules: readonly Rule[] = [
  sqlRule(
    'migration-concurrently',
    'error',
    "A statement that cannot run inside drizzle's migration transaction (CONCURRENTLY, VACUUM, a new enum value used too early ...).",
    () => import('./migration-concurrently.js'),
  ),
  sqlRule(
    'sql-syntax',
    'error',
    'A migration statement that the Postgres parser rejects.',
    () => import('./sql-syntax.js'),
  ),
  sqlRule(
    'sql-drop-table',
    'error',
    'DROP TABLE on an existing table: data loss, and the running app still queries it.',
    () => import('./sql-drop-table.js'),
  ),
  sqlRule(
    'sql-drop-column',
    'error',
    'DROP COLUMN on an existing table: data loss, and the running app version still selects it.',
    () => import('./sql-drop-column.js'),
  ),
  sqlRule(
    'sql-drop-schema',
    'error',
    'DROP SCHEMA: removes every object in the schema.',
    () => import('./sql-drop-schema.js'),
  ),
  sqlRule(
    'sql-drop-database',
    'error',
    'DROP DATABASE in a migration.',
    () => import('./sql-drop-database.js'),
  ),
  sqlRule(
    'sql-rename-table',
    'error',
    'Renaming an existing table (or moving it to another schema) breaks the running app version.',
    () => import('./sql-rename-table.js'),
  ),
  sqlRule(
    'sql-rename-column',
    'error',
    'Renaming a column of an existing table breaks the running app version.',
    () => import('./sql-rename-column.js'),
  ),
  sqlRule(
    'sql-column-type-change',
    'error',
    'Changing the type of a column of an existing table rewrites it under an exclusive lock.',
    () => import('./sql-column-type-change.js'),
  ),
  sqlRule(
    'sql-set-not-null',
    'error',
    'SET NOT NULL on an existing column: a full scan under an exclusive lock, and a failed deploy on any NULL.',
    () => import('./sql-set-not-null.js'),
  ),
  sqlRule(
    'sql-add-column-not-null',
    'error',
    'ADD COLUMN ... NOT NULL without a default on an existing table: fails on the first existing row.',
    () => import('./sql-add-column-not-null.js'),
  ),
  sqlRule(
    'sql-volatile-default',
    'error',
    'A column added to an existing table with a per-row value (volatile default, serial, identity, generated): a full rewrite.',
    () => import('./sql-volatile-default.js'),
  ),
  sqlRule(
    'sql-add-foreign-key',
    'error',
    'A foreign key added to an existing table without NOT VALID: blocks writes to both tables during a full scan.',
    () => import('./sql-add-foreign-key.js'),
  ),
  sqlRule(
    'sql-add-check-constraint',
    'error',
    'A CHECK constraint added to an existing table without NOT VALID: a full scan under an exclusive lock.',
    () => import('./sql-add-check-constraint.js'),
  ),
  sqlRule(
    'sql-add-unique-constraint',
    'error',
    'A UNIQUE / PRIMARY KEY constraint added to an existing table without an index built first: an exclusive lock during the build.',
    () => import('./sql-add-unique-constraint.js'),
  ),
  sqlRule(
    'sql-backfill-under-lock',
    'error',
    'An UPDATE / DELETE / INSERT ... SELECT on a table an earlier statement of the same transaction locked: the table is blocked for the whole backfill.',
    () => import('./sql-backfill-under-lock.js'),
  ),
  sqlRule(
    'sql-create-index',
    'error',
    'CREATE INDEX without CONCURRENTLY on an existing table: blocks writes during the build.',
    () => import('./sql-create-index.js'),
  ),
  sqlRule(
    'sql-drop-index',
    'error',
    'DROP INDEX without CONCURRENTLY: an exclusive lock on the table that queues every query behind it.',
    () => import('./sql-drop-index.js'),
  ),
  sqlRule(
    'sql-reindex',
    'error',
    'REINDEX without CONCURRENTLY: blocks writes (and reads through the index) during the rebuild.',
    () => import('./sql-reindex.js'),
  ),
  sqlRule(
    'sql-detach-partition',
    'error',
    'DETACH PARTITION without CONCURRENTLY: blocks every query of the partitioned table.',
    () => import('./sql-detach-partition.js'),
  ),
  sqlRule(
    'sql-cluster',
    'error',
    'CLUSTER: rewrites the table while blocking all reads and writes.',
    () => import('./sql-cluster.js'),
  ),
  sqlRule(
    'sql-truncate-cascade',
    'error',
    'TRUNCATE ... CASCADE: silently empties every table that references the truncated ones.',
    () => import('./sql-truncate-cascade.js'),
  ),
  sqlRule(
    'sql-drop-not-null',
    'warning',
    'DROP NOT NULL on an existing column: readers that assume a value break on the first NULL.',
    () => import('./sql-drop-not-null.js'),
  ),
  sqlRule(
    'sql-transaction-control',
    'error',
    "BEGIN / COMMIT / ROLLBACK in a migration: breaks the migrator's own transaction.",
    () => import('./sql-transaction-control.js'),
  ),
  sqlRule(
    'sql-duplicate-column',
    'error',
    'A column named twice in one statement: Postgres rejects it when the migration runs.',
    () => import('./sql-duplicate-column.js'),
  ),
  sqlRule(
    'sql-identifier-too-long',
    'warning',
    'An identifier over 63 bytes: Postgres silently truncates it, and truncated names can collide.',
    () => import('./sql-identifier-too-long.js'),
  ),
  sqlRule(
    'sql-domain-constraint',
    'warning',
    'A domain created with, or given, a CHECK constraint.',
    () => import('./sql-domain-constraint.js'),
  ),
  sqlRule(
    'sql-prefer-identity',
    'warning',
    'A serial column where an identity column is preferred.',
    () => import('./sql-prefer-identity.js'),
  ),
  sqlRule(
    'sql-prefer-timestamptz',
    'warning',
    'A timestamp column without time zone.',
    () => import('./sql-prefer-timestamptz.js'),
  ),
  sqlRule(
    'sql-char-type',
    'warning',
    'A char(n) column: blank-padded, and slower than text in Postgres.',
    () => import('./sql-char-type.js'),
  ),
  sqlRule(
    'sql-prefer-text',
    'off',
    'A varchar(n) column where text with a CHECK constraint is easier to change (off by default).',
    () => import('./sql-prefer-text.js'),
  ),
  sqlRule(
    'sql-prefer-bigint',
    'off',
    'An integer or smallint column that may run out of values (off by default).',
    () => import('./sql-prefer-bigint.js'),
  ),
  sqlRule(
    'sql-require-timeouts',
    'off',
    'A locking statement with no lock_timeout / statement_timeout set before it (off by default).',
    () => import('./sql-require-timeouts.js'),
  ),
  {
    // Reported by the engine (src/engine/suppressions.ts) once every other rule has run, since
    // only then is it known what each directive suppressed: no check of its own.
    meta: {
      id: 'sql-suppression',
      description: 'An inline nexiom-lint-ignore comment without a reason, for an unknown rule, or suppressing nothing.',
      defaultSeverity: 'error',
      category: 'sql',
      scope: 'project',
    },
    check() {},
  },
];
