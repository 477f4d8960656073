/**
 * One small interface over the two ways nexiom-lint reaches a Postgres: a server through `pg`, or
 * an embedded PGlite. Everything above it (catalog, migrations table, replay) runs the same SQL on
 * both, so what the replay sees and what the live database shows are read by the same queries.
 *
 * `pg` and PGlite load lazily: a `db` command or a replay pays for them, nothing else does.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { EnvironmentError } from '../errors.js';
import type { DatabaseTarget } from './target.js';
import { maskIn, type DatabaseUrl } from './url.js';

export interface Db {
  /** For messages: the masked URL, or `PGlite (in memory)`. */
  readonly label: string;
  /** An embedded PGlite's data directory on disk (a saved replay copies it: replay-state.ts). */
  readonly dataDir?: string;
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Runs one or more statements (simple protocol), results ignored. */
  exec(text: string): Promise<void>;
  /** BEGIN … COMMIT around `fn`, ROLLBACK when it throws. */
  transaction<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** Seconds to wait for the server (default 10). */
  timeoutSeconds?: number;
}

/** SQLSTATEs and socket errors that mean "cannot use this database", with what to do about each. */
const ADVICE: Record<string, string> = {
  ECONNREFUSED: 'nothing accepts connections there: is the server running, and are host and port right?',
  ENOTFOUND: 'the host name does not resolve: check the host in the URL.',
  EAI_AGAIN: 'the host name could not be resolved (DNS): check the host and the network.',
  ETIMEDOUT: 'the connection timed out: check the host, the port and any firewall.',
  ECONNRESET: 'the server closed the connection: check SSL settings (sslmode) and the server log.',
  '28P01': 'password authentication failed: check the user and password.',
  '28000': 'the server refused this user or host (pg_hba.conf): check the user, or ask the database owner.',
  '3D000': 'the database does not exist: check its name in the URL, or create it.',
  '42501': 'permission denied: the user lacks a privilege it needs here (see the message above).',
  '57P03': 'the server is starting up or shutting down: try again in a moment.',
  '53300': 'too many connections: the server has no free connection slot.',
};

export function databaseError(error: unknown, label: string, url?: DatabaseUrl): EnvironmentError {
  const err = error as { code?: string; message?: string };
  const raw = describe(error);
  const message = url ? maskIn(raw, url) : raw;
  const timedOut = /timeout/i.test(message) && !err.code;
  const advice = timedOut ? ADVICE.ETIMEDOUT : err.code ? ADVICE[err.code] : undefined;
  return new EnvironmentError(
    `Cannot use the database ${label}: ${message}` +
      (advice ? `\n  ${advice}` : '') +
      '\n  Pass another one with --url, or set DATABASE_URL.',
    { cause: error },
  );
}

/** PGlite may reject with a non-Error (an Emscripten status object): never print `[object Object]`. */
function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  const message = (error as { message?: unknown })?.message;
  if (typeof message === 'string') return message;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}

/** True for errors that say the database cannot be used at all (as opposed to a failing statement). */
export function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: string })?.code;
  if (code && (code in ADVICE || code.startsWith('08'))) return true;
  return /Connection terminated|connection timeout|timeout expired/i.test((error as Error)?.message ?? '');
}

export async function connect(target: DatabaseTarget, options: ConnectOptions = {}): Promise<Db> {
  if (target.kind === 'pglite') {
    if (target.dataDir !== null) assertPgliteFolder(target.dataDir, target.masked);
    return openPglite(target.dataDir, { label: target.masked });
  }
  return connectServer(target, options);
}

/**
 * A `db` command reads a database that exists: PGlite would otherwise initialise a new one in any
 * folder it is given (even a non-empty one, writing Postgres' files among the user's).
 */
function assertPgliteFolder(dir: string, label: string): void {
  const stat = statSync(dir, { throwIfNoEntry: false });
  const fix = 'pglite:<folder> names the data folder of an existing PGlite database.';
  if (!stat) throw new EnvironmentError(`Cannot use the database ${label}: the folder ${dir} does not exist. ${fix}`);
  if (!stat.isDirectory()) {
    throw new EnvironmentError(`Cannot use the database ${label}: ${dir} is a file, not a folder. ${fix}`);
  }
  if (!existsSync(path.join(dir, 'PG_VERSION'))) {
    throw new EnvironmentError(
      `Cannot use the database ${label}: ${dir} is not a PGlite data folder (it has no PG_VERSION). ${fix}`,
    );
  }
}

async function connectServer(url: DatabaseUrl & { kind: 'server' }, options: ConnectOptions): Promise<Db> {
  const label = url.masked;
  if (url.hosts.length > 1) {
    throw new EnvironmentError(
      `Cannot use the database ${label}: it names several hosts, and node-postgres connects to one. Pass the primary's URL with --url.`,
    );
  }
  const { default: pg } = await import('pg');
  const timeout = (options.timeoutSeconds ?? 10) * 1000;
  let client: InstanceType<typeof pg.Client>;
  try {
    client = new pg.Client({
      connectionString: url.raw,
      connectionTimeoutMillis: timeout,
      application_name: 'nexiom-lint',
    });
  } catch (error) {
    // pg reads sslcert / sslkey / sslrootcert files here, and rejects some sslmode combinations.
    throw databaseError(error, label, url);
  }
  // A dropped connection is emitted as an event; without a listener it would crash the process.
  let lost: unknown = null;
  client.on('error', (error) => {
    lost = error;
  });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw databaseError(error, label, url);
  }
  const wrap = async <T>(run: () => Promise<T>): Promise<T> => {
    if (lost) throw databaseError(lost, label, url);
    try {
      return await run();
    } catch (error) {
      if (isConnectionError(error)) throw databaseError(error, label, url);
      throw error;
    }
  };
  const db: Db = {
    label,
    query: <T>(text: string, params?: unknown[]) =>
      wrap(async () => (await client.query(text, params as unknown[])).rows as T[]),
    exec: (text) => wrap(async () => void (await client.query(text))),
    transaction: (fn) => inTransaction(db, fn),
    close: () => client.end().catch(() => undefined),
  };
  return db;
}

/** An embedded PGlite: in memory (`dataDir` null) or in a data directory on disk. */
export interface PgliteOptions {
  label?: string;
  onClose?: () => Promise<void>;
  /** PGlite extensions by name (see pglite.ts `extensionsFor`). */
  extensions?: Record<string, unknown>;
}

export async function openPglite(dataDir: string | null, options: PgliteOptions = {}): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite');
  const label = options.label ?? (dataDir ? `PGlite (${dataDir})` : 'PGlite (in memory)');
  const extensions = (options.extensions ?? {}) as NonNullable<Parameters<typeof PGlite.create>[1]>['extensions'];
  let instance: InstanceType<typeof PGlite>;
  try {
    instance = dataDir ? await PGlite.create(dataDir, { extensions }) : await PGlite.create({ extensions });
  } catch (error) {
    throw databaseError(error, label);
  }
  const db: Db = {
    label,
    ...(dataDir ? { dataDir } : {}),
    query: async <T>(text: string, params?: unknown[]) => (await instance.query<T>(text, params)).rows,
    exec: async (text) => void (await instance.exec(text)),
    transaction: (fn) => inTransaction(db, fn),
    close: async () => {
      await instance.close();
      await options.onClose?.();
    },
  };
  return db;
}

async function inTransaction<T>(db: Db, fn: (db: Db) => Promise<T>): Promise<T> {
  await db.exec('BEGIN');
  try {
    const result = await fn(db);
    await db.exec('COMMIT');
    return result;
  } catch (error) {
    await db.exec('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
