/**
 * The replay-mismatch check: the migrations replayed in order into a fresh PGlite and read back;
 * then the database emptied, the DDL of the TypeScript schema applied and read back, and the two
 * catalogs compared (same introspection). Equal means the migrations build exactly what the schema declares; a difference
 * is a hand-edited migration, SQL the snapshot does not know, or a schema change not generated yet.
 *
 * Only what a drizzle-kit snapshot can express is compared (SNAPSHOT_KINDS: policies and RLS
 * flags included): functions and triggers exist only in hand-written migrations, so the schema's
 * DDL never has them and they are not a mismatch. `db baseline` compares them.
 *
 * A Supabase-style project (platform.ts) replays on the platform's stand-ins, and its schema's
 * DDL is built on them too (a foreign key to auth.users, a policy TO authenticated); the stand-ins
 * are left out of the comparison, and in the platform's schemas only what the schema declares is
 * compared (a policy a migration puts on storage.objects is the platform's business, not the schema's).
 */
import type { Tree } from '../git/tree.js';
import type { MigrationSet } from '../project/migrations.js';
import type { Project } from '../project/model.js';
import { introspect, SNAPSHOT_KINDS, userSchemas } from './catalog.js';
import { diffCatalogs, type CatalogDiff } from './diff.js';
import { localMigrations, replayOrder } from './local.js';
import type { Db } from './connect.js';
import { ident } from './table.js';
import { detectPlatform, standInsNote } from './platform.js';
import { installStandIns, withoutPlatform } from './platform-sql.js';
import { postgresFields, replayedWith, ReplayError, type Progress } from './replay.js';
import { schemaStatements } from './schema-sql.js';
import { cacheDir } from '../cache/json.js';

export type ReplayCheck = (
  | { kind: 'same'; migrations: number }
  | { kind: 'replay-failed'; error: ReplayError }
  | { kind: 'differs'; diff: CatalogDiff }
) & {
  /** Set when the replay ran on a platform's stand-ins (a Supabase-style project): say so beside the verdict. */
  note?: string;
};

export async function replayCheck(
  project: Project,
  repoRoot: string,
  tree: Tree,
  set: MigrationSet,
  progress?: Progress,
  /** Start from a saved replay of these migrations and save this one (db/replay-state.ts): a base's. */
  reuse = false,
): Promise<ReplayCheck> {
  const local = await replayOrder(set, await localMigrations(set));
  // The schema loads in a child process while the replay runs here.
  const statements = schemaStatements(project, repoRoot, tree);
  statements.catch(() => undefined);
  const platform = detectPlatform(project, local);
  const cli = local.filter((m) => m.supabaseCli).length;
  const notes = [platform ? standInsNote(platform) : '', cli ? supabaseCliNote(cli, set.out) : ''].filter(Boolean);
  const note = notes.length ? { note: notes.join(' ') } : {};
  let db, standIns;
  try {
    ({ db, standIns } = await replayedWith(local, {
      ...(progress ? { progress } : {}),
      cacheDir: cacheDir(repoRoot),
      lockLimit: true,
      platform,
      reuse,
    }));
  } catch (error) {
    if (error instanceof ReplayError) return { kind: 'replay-failed', error, ...note };
    throw error;
  }
  let step = 'reading what the migrations built';
  try {
    progress?.(step);
    const migrated = await introspect(db, { schemas: await userSchemas(db), kinds: SNAPSHOT_KINDS });
    // One database, emptied and rebuilt, costs half of two fresh ones (start time and memory).
    step = 'emptying the database';
    await emptyDatabase(db);
    if (standIns) await installStandIns(db);
    step = 'building the schema the TypeScript declares';
    progress?.(step);
    await db.transaction(async (tx) => {
      for (const statement of await statements) await tx.exec(statement);
    });
    step = 'comparing the catalogs';
    progress?.(step);
    const declared = await introspect(db, { schemas: await userSchemas(db), kinds: SNAPSHOT_KINDS });
    const [schema, built] = standIns ? withoutPlatform(declared, migrated, standIns.objects) : [declared, migrated];
    const diff = diffCatalogs(schema, built);
    return diff.same ? { kind: 'same', migrations: local.length, ...note } : { kind: 'differs', diff, ...note };
  } catch (error) {
    // Postgres refusing one of the check's own steps (out of shared memory on a huge schema ...) is
    // a finding about these migrations, with what Postgres said; anything else is not ours to judge.
    const { code, hint } = postgresFields(error);
    if (!code) throw error;
    const last = local[local.length - 1]!;
    const reason = `after the replay, ${step} failed: ${(error as Error).message}`;
    return { kind: 'replay-failed', error: new ReplayError(last, 0, 1, reason, code, hint), ...note };
  } finally {
    await db.close();
  }
}

/**
 * Drops every user schema (and so every object the migrations made), then recreates `public`.
 * Extensions the migrations created go with their schema; they are created again, because the
 * schema's DDL uses their types (citext ...) but drizzle-kit never writes CREATE EXTENSION.
 */
async function emptyDatabase(db: Db): Promise<void> {
  const extensions = await db.query<{ extname: string; nspname: string }>(
    `SELECT e.extname, n.nspname FROM pg_catalog.pg_extension e
       JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace WHERE e.extname <> 'plpgsql'`,
  );
  for (const schema of await userSchemas(db)) await db.exec(`DROP SCHEMA ${ident(schema)} CASCADE`);
  await db.exec('CREATE SCHEMA public');
  for (const { extname, nspname } of extensions) {
    await db.exec(`CREATE SCHEMA IF NOT EXISTS ${ident(nspname)}`);
    await db.exec(`CREATE EXTENSION IF NOT EXISTS ${ident(extname)} SCHEMA ${ident(nspname)}`);
  }
}

/** Said beside the verdict when the replay ran the Supabase CLI's own migrations too. */
export function supabaseCliNote(count: number, out: string): string {
  return (
    `${count} migration${count === 1 ? '' : 's'} of ${out} not in drizzle's journal ${count === 1 ? 'was' : 'were'} replayed too, ` +
    "in file-name order between drizzle's: the Supabase CLI applies every <version>_<name>.sql of that folder."
  );
}
