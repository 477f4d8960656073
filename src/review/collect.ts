/**
 * Builds the review of one project: the new and changed migrations with their SQL, and the schema
 * changes between the latest snapshot at the base and the latest at the target. Loaded by the
 * engine only when a review is asked for (`--format markdown|github`, `--comment`).
 */
import type { ChangedFile } from '../git/changeset.js';
import type { Project } from '../project/model.js';
import { isMigrationSqlPath, type Migration, type MigrationSet } from '../project/migrations.js';
import type { ProjectChanges } from '../rules/types.js';
import { diffSnapshots } from './snapshot-diff.js';
import { renamesInSql } from './renames.js';
import type { MigrationReview, ProjectReview } from './types.js';

export interface ReviewInput {
  project: Project;
  changes: ProjectChanges;
  /** null in `--all`: there is nothing to compare with. */
  base: MigrationSet | null;
  target: MigrationSet | null;
}

/** drizzle-kit separates statements with this line; a file without it is one statement per `;`. */
export function countStatements(sql: string): number {
  const parts = sql.split('--> statement-breakpoint').filter((p) => p.trim());
  if (parts.length > 1) return parts.length;
  const bySemicolon = sql.split(/;\s*(?:\n|$)/).filter((p) => p.replace(/--[^\n]*/g, '').trim());
  return Math.max(bySemicolon.length, sql.trim() ? 1 : 0);
}

function statusOf(file: ChangedFile, out: string): MigrationReview['status'] | null {
  if (!isMigrationSqlPath(file.path, out)) return null;
  if (file.status === 'D') return 'deleted';
  if (file.status === 'M' || file.status === 'T') return 'modified';
  if (file.status === 'R' && file.oldPath && isMigrationSqlPath(file.oldPath, out)) return 'modified';
  return 'added';
}

async function migrationReviews(input: ReviewInput): Promise<MigrationReview[]> {
  const { project, changes, target } = input;
  const statuses = new Map<string, MigrationReview['status']>();
  for (const file of changes.migrations) {
    const status = statusOf(file, project.out);
    if (status) statuses.set(file.path, status);
  }
  const reviews: MigrationReview[] = [];
  const seen = new Set<string>();
  const byFile = new Map<string, Migration>((target?.migrations ?? []).map((m) => [m.sqlFile, m]));
  // Journal (or folder) order first: the order `db:migrate` runs them in.
  const ordered = [
    ...(target?.migrations ?? []).map((m) => m.sqlFile).filter((f) => statuses.has(f)),
    ...[...statuses.keys()].sort(),
  ];
  for (const sqlFile of ordered) {
    if (seen.has(sqlFile)) continue;
    seen.add(sqlFile);
    const status = statuses.get(sqlFile)!;
    const migration = byFile.get(sqlFile);
    const sql =
      status === 'deleted'
        ? undefined
        : migration
          ? await target!.readSql(migration)
          : await target?.tree.read(sqlFile);
    const tag =
      migration?.tag ??
      sqlFile
        .split('/')
        .pop()!
        .replace(/\.sql$/, '');
    reviews.push({
      tag,
      sqlFile,
      status,
      ...(sql !== undefined ? { sql } : {}),
      statements: sql ? countStatements(sql) : 0,
    });
  }
  return reviews;
}

export async function reviewProject(input: ReviewInput): Promise<ProjectReview> {
  const { project, base, target } = input;
  const review: ProjectReview = {
    configFile: project.configFile,
    out: project.out,
    changes: [],
    migrations: [],
    notes: [],
  };
  if (!base) {
    review.notes.push('Whole-project run: there is no base to compare with, so no schema changes are listed.');
    return review;
  }
  review.migrations = await migrationReviews(input);
  const baseFile = base.latestSnapshotFile();
  const targetFile = target?.latestSnapshotFile();
  if (baseFile === targetFile && !input.changes.migrations.length) return review;
  const [before, after] = await Promise.all([
    baseFile ? base.readSnapshot(baseFile) : undefined,
    targetFile && target ? target.readSnapshot(targetFile) : undefined,
  ]);
  if (baseFile) review.baseSnapshot = baseFile;
  if (targetFile) review.targetSnapshot = targetFile;
  for (const [file, snapshot] of [
    [targetFile, after],
    [baseFile, before],
  ] as const) {
    if (file && snapshot === undefined) {
      review.notes.push(`${file} could not be read as JSON, so the schema changes cannot be listed.`);
      return review;
    }
  }
  if (!targetFile && review.migrations.some((m) => m.status !== 'deleted')) {
    review.notes.push(`No snapshot under ${project.out}/ at the target: the schema changes cannot be listed.`);
  }
  const renames = renamesInSql(review.migrations.flatMap((m) => (m.sql ? [m.sql] : [])));
  review.changes = diffSnapshots(before, after, renames);
  return review;
}
