/**
 * The replay-mismatch check: the migrations replayed in order into fresh PGlite A, the DDL of the
 * TypeScript schema applied to fresh PGlite B, and the two catalogs compared with the same
 * introspection. Equal means the migrations build exactly what the schema declares; a difference
 * is a hand-edited migration, SQL the snapshot does not know, or a schema change not generated yet.
 */
import type { Tree } from '../git/tree.js';
import type { MigrationSet } from '../project/migrations.js';
import type { Project } from '../project/model.js';
import { introspect, userSchemas } from './catalog.js';
import { diffCatalogs, type CatalogDiff } from './diff.js';
import { localMigrations } from './local.js';
import { freshPglite } from './pglite.js';
import { replayed, ReplayError, type Progress } from './replay.js';
import { schemaStatements } from './schema-sql.js';

export type ReplayCheck =
  | { kind: 'same'; migrations: number }
  | { kind: 'replay-failed'; error: ReplayError }
  | { kind: 'differs'; diff: CatalogDiff };

export async function replayCheck(
  project: Project,
  repoRoot: string,
  tree: Tree,
  set: MigrationSet,
  progress?: Progress,
): Promise<ReplayCheck> {
  const local = await localMigrations(set);
  // The schema loads in a child process while the replay runs here.
  const statements = schemaStatements(project, repoRoot, tree);
  statements.catch(() => undefined);
  let migrated;
  try {
    migrated = await replayed(local, progress);
  } catch (error) {
    if (error instanceof ReplayError) return { kind: 'replay-failed', error };
    throw error;
  }
  try {
    progress?.('building the schema the TypeScript declares');
    const declared = await freshPglite();
    try {
      await declared.transaction(async (tx) => {
        for (const statement of await statements) await tx.exec(statement);
      });
      progress?.('comparing the catalogs');
      const schemas = [...new Set([...(await userSchemas(migrated)), ...(await userSchemas(declared))])].sort();
      const diff = diffCatalogs(await introspect(declared, { schemas }), await introspect(migrated, { schemas }));
      return diff.same ? { kind: 'same', migrations: local.length } : { kind: 'differs', diff };
    } finally {
      await declared.close();
    }
  } finally {
    await migrated.close();
  }
}
