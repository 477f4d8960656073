/**
 * `db baseline`: mark migrations as applied on a database that already has their schema (made
 * by `db:push` or by hand), without running them: the `--fake` drizzle-kit lacks.
 *
 * 1. plan: which rows are missing, and whether rows already there conflict;
 * 2. verify (unless --force): replay the migrations into a fresh PGlite and compare its catalog
 *    with the live database's (same queries, same schemas, every kind of object: the functions,
 *    triggers and policies of hand-written migrations too); any difference refuses. A
 *    Supabase-style project replays on the platform's stand-ins (platform-sql.ts), which are left
 *    out of the comparison with the rest of the platform's schemas: there, only what the
 *    migrations add (a trigger on auth.users, a policy on storage.objects) is compared;
 * 3. write: one transaction under an advisory lock, the migrations table created exactly as
 *    drizzle would, the plan recomputed under the lock (a concurrent baseline may have written),
 *    one row per migration with its exact hash and `created_at`. Migration SQL never runs.
 */
import { introspect, OBJECT_KINDS, userSchemas } from './catalog.js';
import type { Db } from './connect.js';
import { diffCatalogs, type CatalogDiff } from './diff.js';
import type { LocalMigration } from './local.js';
import { standInsNote, type Platform } from './platform.js';
import { PLATFORM_SEARCH_PATH, withoutPlatform } from './platform-sql.js';
import { replayedWith, type Progress } from './replay.js';
import { computeStatus, type Status } from './status.js';
import { createTable, insertRows, lockForBaseline, readTable, type NewRow, type TableRef } from './table.js';

export interface BaselinePlan {
  status: Status;
  /** Rows to insert, in migration order. */
  rows: Array<NewRow & { tag: string }>;
  /** Reasons to refuse: rows that contradict the files. */
  conflicts: string[];
  /** The table has the 1.0 `name` column, or will be created with it (folder layout). */
  withName: boolean;
}

export function planBaseline(
  all: LocalMigration[],
  targets: LocalMigration[],
  status: Status,
  layout: 'journal' | 'folders' | 'empty',
): BaselinePlan {
  const wanted = new Set(targets.map((t) => t.tag));
  const conflicts: string[] = [];
  for (const m of status.migrations) {
    if (m.state === 'edited') {
      conflicts.push(
        `${m.tag}: the recorded hash differs from the file (${m.note}). Restore the file as it was applied.`,
      );
    }
    if (m.state === 'applied' && !wanted.has(m.tag)) {
      conflicts.push(`${m.tag} is already applied, but --to stops before it: the database is ahead of the baseline.`);
    }
  }
  for (const row of status.unknown) {
    conflicts.push(
      `row id ${row.id} (created_at ${row.createdAt ?? 'NULL'}, hash ${row.hash.slice(0, 12)}…) matches no migration file. ` +
        'Remove it, or restore the migration it records.',
    );
  }
  const withName = status.table.exists ? status.table.hasName : layout === 'folders';
  const states = new Map(status.migrations.map((m) => [m.tag, m.state]));
  const rows = all
    .filter((m) => wanted.has(m.tag) && states.get(m.tag) !== 'applied' && states.get(m.tag) !== 'edited')
    .map((m) => ({
      tag: m.tag,
      hash: m.hash,
      createdAt: m.createdAt,
      ...(withName && m.name ? { name: m.name } : {}),
    }));
  return { status, rows, conflicts, withName };
}

export interface VerifyOptions {
  /** The migrations table, left out of the comparison. */
  table: TableRef;
  /** The schemas the project declares (schemaFilter), compared even when the migrations leave them empty. */
  schemaFilter?: string[];
  /** drizzle's `tablesFilter` globs: tables outside them belong to someone else and are not compared. */
  tablesFilter?: string[];
  progress?: Progress;
  /** Where the PGlite template is kept between runs. */
  cacheDir?: string | null;
  /** A Supabase-style project (detectPlatform): the replay runs on the platform's stand-ins. */
  platform?: Platform | null;
}

export interface Verification {
  diff: CatalogDiff;
  schemas: string[];
  /** Set when the replay ran on the platform's stand-ins: what they are, to print beside the verdict. */
  note?: string;
}

/** Replays `targets` into PGlite and compares the result with the live database. */
export async function verifyMatches(
  live: Db,
  targets: LocalMigration[],
  options: VerifyOptions,
): Promise<Verification> {
  const { db: reference, standIns } = await replayedWith(targets, {
    ...(options.progress ? { progress: options.progress } : {}),
    cacheDir: options.cacheDir ?? null,
    platform: options.platform ?? null,
  });
  try {
    // Expressions print functions outside the search_path qualified (extensions.uuid_generate_v4()):
    // read the reference with the live session's path, whatever the platform gives its roles.
    if (standIns) await reference.exec(`SET search_path TO ${await searchPath(live)}`);
    options.progress?.('comparing the catalogs');
    const schemas = [...new Set([...(await userSchemas(reference)), ...(options.schemaFilter ?? ['public'])])]
      .filter((s) => s !== options.table.schema || options.table.schema === 'public')
      .sort();
    const exclude = [`${options.table.schema}.${options.table.table}`];
    const tableFilter = options.tablesFilter?.length ? await globFilter(options.tablesFilter) : undefined;
    const read = { schemas, exclude, kinds: OBJECT_KINDS, ...(tableFilter ? { tableFilter } : {}) };
    let expected = await introspect(reference, read);
    let actual = await introspect(live, read);
    if (standIns) [expected, actual] = withoutPlatform(expected, actual, standIns.objects);
    const note = options.platform ? { note: standInsNote(options.platform) } : {};
    return { diff: diffCatalogs(expected, actual), schemas, ...note };
  } finally {
    await reference.close();
  }
}

async function searchPath(db: Db): Promise<string> {
  const [row] = await db.query<{ search_path: string }>('SHOW search_path');
  return row?.search_path || PLATFORM_SEARCH_PATH;
}

/** drizzle-kit's `tablesFilter`: globs on bare table names, `!` to exclude. */
async function globFilter(patterns: string[]): Promise<(name: string) => boolean> {
  const { default: picomatch } = await import('picomatch');
  const include = patterns.filter((p) => !p.startsWith('!')).map((p) => picomatch(p));
  const excluded = patterns.filter((p) => p.startsWith('!')).map((p) => picomatch(p.slice(1)));
  return (name) => (!include.length || include.some((m) => m(name))) && !excluded.some((m) => m(name));
}

export interface WriteResult {
  inserted: Array<NewRow & { tag: string }>;
  createdTable: boolean;
  /** The plan as recomputed under the lock (conflicts found there abort the write). */
  plan: BaselinePlan;
}

/** Rows written by someone else meanwhile contradict the files: nothing was written. */
export class BaselineConflict extends Error {
  constructor(readonly plan: BaselinePlan) {
    super(plan.conflicts.join('\n'));
  }
}

/** Writes the plan in one transaction; the plan is recomputed under the lock first. */
export async function writeBaseline(
  live: Db,
  table: TableRef,
  all: LocalMigration[],
  targets: LocalMigration[],
  layout: 'journal' | 'folders' | 'empty',
  withNameIfNew: boolean,
): Promise<WriteResult> {
  return live.transaction(async (tx) => {
    await lockForBaseline(tx, table);
    const before = await readTable(tx, table);
    const createdTable = !before.exists;
    await createTable(tx, table, before.exists ? before.hasName : withNameIfNew);
    const current = await readTable(tx, table);
    const plan = planBaseline(all, targets, computeStatus(all, current, layout), layout);
    if (plan.conflicts.length) throw new BaselineConflict(plan); // rolls back the table creation too
    await insertRows(tx, table, plan.rows, plan.withName);
    return { inserted: plan.rows, createdTable, plan };
  });
}
