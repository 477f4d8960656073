/**
 * Which database a command means, the same way for every command (`db status`, `db baseline`,
 * `guard push`):
 *
 *   1. `--url`
 *   2. `DATABASE_URL`
 *   3. the drizzle config's `dbCredentials` (`url`, or `host`/`port`/`user`/`password`/`database`)
 *
 * A value that does not parse is an error (exit 2) naming where it came from, never the value.
 */
import { ConfigError, UsageError } from '../errors.js';
import { formatDatabaseUrl, parseDatabaseUrl, UrlError, type DatabaseUrl } from './url.js';

export type DatabaseTarget = DatabaseUrl & {
  /** Where it came from, for messages: `--url`, `DATABASE_URL`, `dbCredentials.url in drizzle.config.ts`. */
  source: string;
};

export interface UrlSources {
  flag?: string;
  env: NodeJS.ProcessEnv;
  /** The drizzle config's `dbCredentials`, as loaded. */
  credentials?: unknown;
  configFile?: string;
  /** The config's `driver`: with `pglite`, a bare path is a PGlite folder. */
  driver?: unknown;
}

export const URL_FORMS =
  'Write it as postgres://user:password@host:5432/db (percent-encoded), or pglite:<folder> for an embedded PGlite database.';

/** Parses one value; `from` decides the error class (a flag is usage, the rest configuration). */
export function targetFrom(
  value: string,
  source: string,
  options: { flag?: boolean; pglitePaths?: boolean } = {},
): DatabaseTarget {
  try {
    return { ...parseDatabaseUrl(value, { pglitePaths: options.pglitePaths === true }), source };
  } catch (error) {
    if (!(error instanceof UrlError)) throw error;
    const message = `The database URL from ${source} cannot be used: ${error.message}. ${URL_FORMS}`;
    throw options.flag ? new UsageError(message) : new ConfigError(message);
  }
}

/** The config's `dbCredentials` as a target, or null when it names no database. */
export function credentialsTarget(credentials: unknown, configFile: string, driver?: unknown): DatabaseTarget | null {
  if (!credentials || typeof credentials !== 'object') return null;
  const { url, host, port, user, password, database } = credentials as Record<string, unknown>;
  const pglitePaths = driver === 'pglite';
  if (typeof url === 'string' && url.trim()) {
    return targetFrom(url, `dbCredentials.url in ${configFile}`, { pglitePaths });
  }
  if (typeof host === 'string' && host.trim()) {
    const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);
    const built = formatDatabaseUrl({
      host: host.trim(),
      ...(text(port) !== undefined ? { port: text(port)! } : {}),
      ...(text(user) !== undefined ? { user: text(user)! } : {}),
      ...(text(password) !== undefined ? { password: text(password)! } : {}),
      ...(text(database) !== undefined ? { database: text(database)! } : {}),
    });
    return targetFrom(built, `dbCredentials.host in ${configFile}`);
  }
  return null;
}

/** The sources in precedence order; each parses its value only when it is asked. */
const SOURCES: Array<(sources: UrlSources) => DatabaseTarget | null> = [
  ({ flag }) => (flag === undefined ? null : targetFrom(flag, '--url', { flag: true })),
  ({ env }) =>
    env.DATABASE_URL !== undefined && env.DATABASE_URL.trim() !== ''
      ? targetFrom(env.DATABASE_URL, 'DATABASE_URL')
      : null,
  ({ credentials, configFile, driver }) => credentialsTarget(credentials, configFile ?? 'the drizzle config', driver),
];

function checkFlag(sources: UrlSources): void {
  if (sources.flag !== undefined && sources.flag.trim() === '') throw new UsageError(`--url is empty. ${URL_FORMS}`);
}

/** Every source that names a database, in precedence order (each parsed: a bad one is an error). */
export function candidateTargets(sources: UrlSources): DatabaseTarget[] {
  checkFlag(sources);
  return SOURCES.map((source) => source(sources)).filter((t): t is DatabaseTarget => t !== null);
}

/** The database to use: the first source that names one. Later sources are not parsed. */
export function resolveTarget(sources: UrlSources): DatabaseTarget {
  checkFlag(sources);
  for (const source of SOURCES) {
    const target = source(sources);
    if (target) return target;
  }
  throw new UsageError(
    'No database to connect to. Pass --url postgres://user@host:5432/db, set DATABASE_URL, or set ' +
      'dbCredentials.url in the drizzle config.',
  );
}
