/** Wording shared by the history rules: times, names and the fix for a branch conflict. */
import type { Project } from '../project/model.js';
import type { Migration, MigrationSet } from '../project/migrations.js';

/**
 * `2025-01-02 10:00:00 UTC`, `no valid time` for NaN, and the raw number past what a Date holds
 * (±8.64e15 ms: a `when` written in nanoseconds is past it).
 */
export function formatWhen(ms: number): string {
  if (!Number.isFinite(ms)) return 'no valid time';
  if (Math.abs(ms) > 8.64e15) return `${ms} (not a time in milliseconds)`;
  return `${new Date(ms).toISOString().replace('T', ' ').slice(0, 19)} UTC`;
}

/** The file a journal-layout finding points at: the journal itself, or the 1.0 folder's SQL. */
export function journalFileOf(set: MigrationSet): string {
  return set.journal?.file ?? `${set.out === '' ? '' : `${set.out}/`}meta/_journal.json`;
}

/** Migrations by snapshot file (a file two entries share maps to the first). */
export function migrationBySnapshot(set: MigrationSet): Map<string, Migration> {
  const map = new Map<string, Migration>();
  for (const m of set.migrations) if (m.snapshotFile && !map.has(m.snapshotFile)) map.set(m.snapshotFile, m);
  return map;
}

/** The safe fix when a branch's migrations collide with the base's. */
export function rebaseHelp(project: Project): string {
  return (
    "Drop this branch's migration files and journal entries, bring in the base branch (merge or rebase), " +
    `then run \`${project.generateCommand}\` again so the change is generated on top of the base's newest ` +
    'migration. `npx nexiom-lint rebase-migrations --dry-run` shows those steps; without --dry-run it does them.'
  );
}
