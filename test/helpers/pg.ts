/**
 * The real Postgres server for database tests (127.0.0.1:5432, user postgres, trust auth; `.ci/run`
 * starts it). Each test file makes its own databases with unique names and drops them after.
 *
 * When the server cannot be reached the tests skip and say why, except under CI=true, where a
 * missing server must fail the run instead of passing it silently.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const ADMIN_URL = process.env.NEXIOM_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export function urlFor(database: string, base = ADMIN_URL): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

async function probe(): Promise<string | null> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return `${(error as Error).message} (${ADMIN_URL})`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** null when the server answers; otherwise why not. Under CI=true an unreachable server throws. */
export async function postgresUnavailable(): Promise<string | null> {
  const reason = await probe();
  if (reason && process.env.CI === 'true') {
    throw new Error(`The database tests need the Postgres server and CI must not skip them: ${reason}`);
  }
  if (reason) console.warn(`Skipping database tests: Postgres is not reachable: ${reason}`);
  return reason;
}

export async function adminQuery<T = Record<string, unknown>>(
  sql: string,
  params: unknown[] = [],
  url = ADMIN_URL,
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

const made: TestDatabase[] = [];

export async function createDatabase(): Promise<TestDatabase> {
  const name = `nl_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = urlFor(name);
  const db: TestDatabase = {
    name,
    url,
    query: (sql, params) => adminQuery(sql, params, url),
    drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).then(() => undefined),
  };
  made.push(db);
  return db;
}

export async function dropAllDatabases(): Promise<void> {
  for (const db of made.splice(0)) await db.drop();
}
