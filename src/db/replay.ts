/**
 * Replay: the migrations applied in order to an empty database, the way drizzle's migrator
 * applies pending ones: statement by statement (split on `--> statement-breakpoint`), all inside
 * one transaction. A statement that cannot run there (CREATE INDEX CONCURRENTLY ...) fails here
 * as it would in production.
 */
import type { Db } from './connect.js';
import { extensionsFor, freshPglite } from './pglite.js';
import type { LocalMigration } from './local.js';
import { platformNeed, type Platform } from './platform.js';
import type { StandIns } from './platform-sql.js';

export class ReplayError extends Error {
  constructor(
    readonly migration: LocalMigration,
    /** 0-based index of the statement chunk. */
    readonly statement: number,
    /** 1-based line of that statement in the SQL file. */
    readonly line: number,
    readonly reason: string,
    /** Postgres' SQLSTATE and HINT, when Postgres said them. */
    readonly code?: string,
    readonly hint?: string,
    /**
     * The platform object the statement needed and the replay's stand-ins lack (`table
     * auth.identities`): the platform's, not a fault of the migration. `reason` then says so.
     */
    readonly needs?: string,
  ) {
    super(`${migration.tag} (${migration.sqlFile}:${line}) failed: ${reason}${hint ? ` (${hint})` : ''}`);
  }
}

/** The failure of statement `i`, named as the platform's when it is about an object the platform provides. */
function statementError(migration: LocalMigration, i: number, error: unknown, platform: Platform | null): ReplayError {
  const { code, hint } = postgresFields(error);
  const message = (error as Error)?.message ?? String(error);
  const needs = platform ? platformNeed(message, code, migration.statements[i] ?? '') : undefined;
  const reason = needs
    ? `needs the platform's ${needs}, which the replay's Supabase stand-ins do not provide (Postgres: ${message})`
    : message;
  return new ReplayError(migration, i, lineOf(migration, i), reason, code, hint, needs);
}

/** SQLSTATE 53200: the lock table is full. */
export const OUT_OF_SHARED_MEMORY = '53200';

/**
 * Postgres' lock table has room for max_locks_per_transaction × max_connections locks (64 × 100
 * with the defaults), plus what its shared-memory slack absorbs: a default server fails at
 * about twice that, PGlite (a larger slack) later. drizzle's migrator applies every pending
 * migration in ONE transaction, which holds every lock it took until COMMIT: a 2,000-table first
 * migration fails on a fresh database with "out of shared memory". A replay that holds more
 * than this is reported, even though PGlite got through it.
 */
export const DEFAULT_LOCK_SLOTS = 64 * 100;

/** What to do about a lock table that is too small, for messages. */
export const LOCKS_HELP =
  "drizzle's migrator applies all pending migrations in one transaction, which keeps every lock until it commits. " +
  'Split the migration into several smaller ones applied one at a time (a deploy that applies them together fails the same way), ' +
  'or raise max_locks_per_transaction on every server that runs them (a restart is needed).';

export function postgresFields(error: unknown): { code?: string; hint?: string } {
  const { code, hint } = (error ?? {}) as { code?: unknown; hint?: unknown };
  return {
    ...(typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? { code } : {}),
    ...(typeof hint === 'string' && hint ? { hint } : {}),
  };
}

export type Progress = (message: string) => void;

/** 1-based line in the file where chunk `index` starts (chunks are split on the breakpoint marker). */
function lineOf(migration: LocalMigration, index: number): number {
  let offset = 0;
  for (let i = 0; i < index; i++) offset += migration.statements[i]!.length + '--> statement-breakpoint'.length;
  const skipped = /^\s*/.exec(migration.statements[index] ?? '')?.[0] ?? '';
  return migration.sql.slice(0, offset + skipped.length).split('\n').length;
}

export async function replay(
  db: Db,
  migrations: LocalMigration[],
  progress?: Progress,
  lockLimit = false,
  platform: Platform | null = null,
): Promise<void> {
  await db.transaction(async (tx) => {
    for (const [n, migration] of migrations.entries()) {
      if (progress && (migrations.length < 50 || n % 10 === 0)) {
        progress(`replaying ${n + 1}/${migrations.length} ${migration.tag}`);
      }
      for (const [i, statement] of migration.statements.entries()) {
        if (!statement.trim()) continue;
        try {
          await tx.exec(statement);
        } catch (error) {
          throw statementError(migration, i, error, platform);
        }
      }
      if (lockLimit) await checkLocks(tx, migrations, n);
    }
  });
}

/** The locks the replay's one transaction holds now. */
async function locksHeld(tx: Db): Promise<number> {
  const [row] = await tx.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM pg_catalog.pg_locks WHERE pid = pg_backend_pid()',
  );
  return row?.n ?? 0;
}

/** Counting after every migration costs a query each: done for short histories, else once at the end. */
const COUNT_EACH_UP_TO = 100;

function lockLimitError(migration: LocalMigration, held: number): ReplayError {
  return new ReplayError(
    migration,
    0,
    lineOf(migration, 0),
    `applying the migrations up to this one in one transaction holds ${held} locks at once, more than a Postgres server with ` +
      `default settings has room for (max_locks_per_transaction 64 × max_connections 100 = ${DEFAULT_LOCK_SLOTS}, plus some slack): ` +
      'it fails with "out of shared memory"',
    OUT_OF_SHARED_MEMORY,
    'You might need to increase "max_locks_per_transaction".',
  );
}

/** After migration `n`: over the limit is a ReplayError on the migration that crossed it. */
async function checkLocks(tx: Db, migrations: LocalMigration[], n: number): Promise<void> {
  const last = n === migrations.length - 1;
  if (migrations.length > COUNT_EACH_UP_TO && !last) return;
  const held = await locksHeld(tx);
  if (held <= DEFAULT_LOCK_SLOTS) return;
  // Counted once at the end: the migration with the most SQL is the one to split.
  const culprit =
    migrations.length > COUNT_EACH_UP_TO
      ? migrations.reduce((a, b) => (b.sql.length > a.sql.length ? b : a))
      : migrations[n]!;
  throw lockLimitError(culprit, held);
}

export interface ReplayOptions {
  progress?: Progress;
  /** SQL that will run on the database after the migrations (its CREATE EXTENSIONs are loaded too). */
  extraSql?: readonly string[];
  /** Where the PGlite template is kept between runs (see pglite.ts). */
  cacheDir?: string | null;
  /** Report a replay that holds more locks than a default server has room for (see DEFAULT_LOCK_SLOTS). */
  lockLimit?: boolean;
  /** A Supabase-style project (platform.ts): its stand-ins are created before the first migration. */
  platform?: Platform | null;
  /**
   * Start from a saved replay of the same migrations when there is one, and save this one
   * (replay-state.ts): for replays that recur (a PR check's base), not for one-off ones.
   */
  reuse?: boolean;
}

export interface Replayed {
  db: Db;
  /** The stand-ins the replay ran on (a Supabase-style project), else null. */
  standIns: StandIns | null;
  /** It started from a saved replay (nothing was replayed). */
  reused?: boolean;
}

/** A fresh PGlite with the migrations replayed, on the platform's stand-ins when there is one; the caller closes it. */
export async function replayedWith(migrations: LocalMigration[], options: ReplayOptions = {}): Promise<Replayed> {
  const extensions = await extensionsFor([...migrations.map((m) => m.sql), ...(options.extraSql ?? [])]);
  const platform = options.platform ?? null;
  const lockLimit = options.lockLimit === true;
  const states = options.reuse ? await import('./replay-state.js') : null;
  const saved = states && {
    root: await states.statesRoot(options.cacheDir ?? null),
    key: await states.stateKey(migrations, platform),
  };
  if (states && saved) {
    const found = await states.findState(saved.root, saved.key, lockLimit);
    // A copy that fails (a state evicted meanwhile by another process) is replayed instead.
    const db = found && (await freshPglite({ extensions, from: found.dir }).catch(() => null));
    if (found && db) {
      if (platform) await db.exec(`SET search_path TO ${(await import('./platform-sql.js')).PLATFORM_SEARCH_PATH}`);
      return { db, standIns: found.standIns, reused: true };
    }
  }
  const db = await freshPglite({ extensions, cacheDir: options.cacheDir ?? null });
  try {
    const standIns = platform ? await (await import('./platform-sql.js')).installStandIns(db) : null;
    await replay(db, migrations, options.progress, lockLimit, platform);
    if (states && saved) await states.saveState(db, saved.root, saved.key, { lockChecked: lockLimit, standIns });
    return { db, standIns };
  } catch (error) {
    await db.close();
    throw error;
  }
}

/** A fresh PGlite with the migrations replayed; the caller closes it. */
export async function replayed(migrations: LocalMigration[], options: ReplayOptions = {}): Promise<Db> {
  return (await replayedWith(migrations, options)).db;
}
