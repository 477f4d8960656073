/**
 * Replay: the migrations applied in order to an empty database, the way drizzle's migrator
 * applies pending ones: statement by statement (split on `--> statement-breakpoint`), all inside
 * one transaction. A statement that cannot run there (CREATE INDEX CONCURRENTLY ...) fails here
 * as it would in production.
 */
import type { Db } from './connect.js';
import { extensionsFor, freshPglite } from './pglite.js';
import type { LocalMigration } from './local.js';

export class ReplayError extends Error {
  constructor(
    readonly migration: LocalMigration,
    /** 0-based index of the statement chunk. */
    readonly statement: number,
    /** 1-based line of that statement in the SQL file. */
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${migration.tag} (${migration.sqlFile}:${line}) failed: ${reason}`);
  }
}

export type Progress = (message: string) => void;

/** 1-based line in the file where chunk `index` starts (chunks are split on the breakpoint marker). */
function lineOf(migration: LocalMigration, index: number): number {
  let offset = 0;
  for (let i = 0; i < index; i++) offset += migration.statements[i]!.length + '--> statement-breakpoint'.length;
  const skipped = /^\s*/.exec(migration.statements[index] ?? '')?.[0] ?? '';
  return migration.sql.slice(0, offset + skipped.length).split('\n').length;
}

export async function replay(db: Db, migrations: LocalMigration[], progress?: Progress): Promise<void> {
  await db.transaction(async (tx) => {
    for (const [n, migration] of migrations.entries()) {
      if (progress && (migrations.length < 50 || n % 10 === 0)) progress(`replaying ${n + 1}/${migrations.length} ${migration.tag}`);
      for (const [i, statement] of migration.statements.entries()) {
        if (!statement.trim()) continue;
        try {
          await tx.exec(statement);
        } catch (error) {
          throw new ReplayError(migration, i, lineOf(migration, i), (error as Error)?.message ?? String(error));
        }
      }
    }
  });
}

/** A fresh PGlite with the migrations replayed; the caller closes it. */
export async function replayed(migrations: LocalMigration[], progress?: Progress, extraSql: readonly string[] = []): Promise<Db> {
  const db = await freshPglite({ extensions: await extensionsFor([...migrations.map((m) => m.sql), ...extraSql]) });
  try {
    await replay(db, migrations, progress);
    return db;
  } catch (error) {
    await db.close();
    throw error;
  }
}
