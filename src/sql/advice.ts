/**
 * Advice several SQL rules give, in Drizzle terms, worded once.
 *
 * The fact behind most of it: drizzle-orm's pg migrator (`PgDialect.migrate`) runs every pending
 * migration inside ONE transaction. So a statement that must run outside a transaction
 * (`CREATE INDEX CONCURRENTLY` ...) fails there, a lock taken by an early migration is held until
 * the last one finishes, and `NOT VALID` + `VALIDATE` in the same deploy gain nothing.
 */

/** For statements that must run outside the migrator's transaction. */
export const OUTSIDE_MIGRATOR =
  'drizzle runs all pending migrations in one transaction, where this cannot run: put it in a SQL script your ' +
  'deploy runs before `drizzle-kit migrate` (psql -f, or a few lines with `pg`), and keep an idempotent form in ' +
  'the migration (`IF NOT EXISTS` / `IF EXISTS`) so fresh databases still get it.';

/** For a non-concurrent index build. */
export const INDEX_OUTSIDE_MIGRATOR =
  "Build it without blocking writes outside drizzle's transaction: run `CREATE INDEX CONCURRENTLY IF NOT EXISTS ...` " +
  'from a deploy step before `drizzle-kit migrate`, and change this statement to `CREATE INDEX IF NOT EXISTS` (a no-op ' +
  'where the index exists, still built in fresh databases) under a `-- nexiom-lint-ignore sql-create-index: built ' +
  'concurrently before migrate` comment. If the table is small, suppress with that reason instead.';

/** Two deploys: NOT VALID now, VALIDATE later. */
export const NOT_VALID_THEN_VALIDATE =
  'Edit the generated statement to end in `NOT VALID` (checked for new rows only, instant), then validate in a ' +
  'LATER deploy with a custom migration (`drizzle-kit generate --custom`): `ALTER TABLE ... VALIDATE CONSTRAINT ...` ' +
  'scans without blocking writes. Both in one deploy gain nothing: drizzle runs them in one transaction.';

/** Expand and contract, for renames and type changes. */
export const EXPAND_CONTRACT =
  'Expand and contract over several deploys: add the new column, write both and backfill, switch reads, then drop the old one.';

/** The app version being replaced still runs while (and after) the migration runs. */
export const OLD_VERSION_STILL_RUNS =
  'The app version being replaced still runs while the migration runs (and until every instance is replaced), ' +
  'and drizzle names every column of the table in its queries.';
