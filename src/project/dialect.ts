/**
 * Which drizzle configs are projects nexiom-lint checks. It checks PostgreSQL; a repository may
 * also hold MySQL or SQLite configs (one schema per database, as homarr has), and configs that are
 * not projects at all: `drizzle-kit pull` / `studio` configs with no `schema`. Discovery skips
 * those with a note, so that they never stop the check of the Postgres projects beside them; a
 * config named with --config is checked or refused (exit 2), never skipped.
 */
import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors.js';

/** A config that is not a PostgreSQL project: skipped when discovered, an error when named. */
export class NotCheckedError extends ConfigError {
  constructor(
    readonly configFile: string,
    /** Why, for the note: `dialect "mysql"`, `no "schema"`. */
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

/** drizzle-kit before 0.21 named the driver, not the dialect. */
const LEGACY_DRIVERS: Record<string, string> = {
  pg: 'postgresql',
  mysql2: 'mysql',
  'better-sqlite': 'sqlite',
  libsql: 'sqlite',
  turso: 'sqlite',
  d1: 'sqlite',
};

/** The config's dialect: `dialect`, else the one its legacy `driver` implies. */
export function dialectOf(raw: Record<string, unknown>): string | undefined {
  if (typeof raw.dialect === 'string') return raw.dialect;
  return typeof raw.driver === 'string' ? LEGACY_DRIVERS[raw.driver] : undefined;
}

/**
 * Whether a config's text plainly names a dialect other than PostgreSQL, and not PostgreSQL: a
 * guess before it runs (no drift worker is started ahead for it); only speed depends on it.
 */
export function namesOtherDialect(configFile: string): boolean {
  try {
    const text = readFileSync(configFile, 'utf8');
    return /["'`](?:sqlite|mysql|turso|singlestore|gel)["'`]/.test(text) && !/["'`]postgresql["'`]/.test(text);
  } catch {
    return false;
  }
}
