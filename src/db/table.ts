/**
 * drizzle's migrations table: reading it, and creating and filling it exactly as the migrator
 * would.
 *
 * drizzle-orm 0.45 `pg-core/dialect.js` `migrate()`:
 *   CREATE SCHEMA IF NOT EXISTS "drizzle"
 *   CREATE TABLE IF NOT EXISTS "drizzle"."__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)
 *   insert into ... ("hash", "created_at") values ($hash, $folderMillis)
 * The 1.0 line (`pg-core/async/session.ts`) adds `name text, applied_at timestamp with time zone
 * DEFAULT now()` and inserts ("hash", "created_at", "name"). Schema and table names come from the
 * config's `migrations.schema` / `migrations.table`.
 */
import type { Db } from './connect.js';
import { databaseError } from './connect.js';

export interface TableRef {
  schema: string;
  table: string;
}

export interface AppliedRow {
  id: number;
  hash: string;
  /** null when a hand-written row left it empty. */
  createdAt: number | null;
  /** 1.0 tables only. */
  name?: string | null;
}

export interface MigrationsTable {
  exists: boolean;
  /** The table has the 1.0 `name` column. */
  hasName: boolean;
  rows: AppliedRow[];
}

export const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
export const qualified = (ref: TableRef) => `${ident(ref.schema)}.${ident(ref.table)}`;

/** Permission errors on the migrations table are environment errors (exit 2), not bugs. */
async function guarded<T>(db: Db, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if ((error as { code?: string })?.code === '42501') throw databaseError(error, db.label);
    throw error;
  }
}

export function readTable(db: Db, ref: TableRef): Promise<MigrationsTable> {
  return guarded(db, async () => {
    const columns = await db.query<{ attname: string }>(
      `SELECT a.attname FROM pg_catalog.pg_attribute a
         JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
         JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped`,
      [ref.schema, ref.table],
    );
    if (!columns.length) return { exists: false, hasName: false, rows: [] };
    const hasName = columns.some((c) => c.attname === 'name');
    const rows = await db.query<{ id: number; hash: string; created_at: string | null; name?: string | null }>(
      `SELECT id, hash, created_at${hasName ? ', name' : ''} FROM ${qualified(ref)} ORDER BY id`,
    );
    return {
      exists: true,
      hasName,
      rows: rows.map((r) => ({
        id: Number(r.id),
        hash: r.hash,
        createdAt: r.created_at === null ? null : Number(r.created_at),
        ...(hasName ? { name: r.name ?? null } : {}),
      })),
    };
  });
}

/** The DDL drizzle's migrator runs before anything else (0.x shape, or 1.0 with `name`). */
export function createTableSql(ref: TableRef, withName: boolean): string[] {
  return [
    `CREATE SCHEMA IF NOT EXISTS ${ident(ref.schema)}`,
    `CREATE TABLE IF NOT EXISTS ${qualified(ref)} (
\t\t\t\tid SERIAL PRIMARY KEY,
\t\t\t\thash text NOT NULL,
\t\t\t\tcreated_at bigint${withName ? ',\n\t\t\t\tname text,\n\t\t\t\tapplied_at timestamp with time zone DEFAULT now()' : ''}
\t\t\t)`,
  ];
}

export interface NewRow {
  hash: string;
  createdAt: number;
  name?: string;
}

export function insertRows(db: Db, ref: TableRef, rows: NewRow[], withName: boolean): Promise<void> {
  return guarded(db, async () => {
    for (const row of rows) {
      if (withName) {
        await db.query(`INSERT INTO ${qualified(ref)} ("hash", "created_at", "name") VALUES ($1, $2, $3)`, [
          row.hash,
          row.createdAt,
          row.name ?? null,
        ]);
      } else {
        await db.query(`INSERT INTO ${qualified(ref)} ("hash", "created_at") VALUES ($1, $2)`, [
          row.hash,
          row.createdAt,
        ]);
      }
    }
  });
}

/** Serialises baselines of the same table; released at COMMIT / ROLLBACK. */
export function lockForBaseline(db: Db, ref: TableRef): Promise<void> {
  return guarded(db, async () => {
    await db.query(`SELECT pg_catalog.pg_advisory_xact_lock(hashtext($1))`, [
      `nexiom-lint:baseline:${ref.schema}.${ref.table}`,
    ]);
  });
}

export function createTable(db: Db, ref: TableRef, withName: boolean): Promise<void> {
  return guarded(db, async () => {
    for (const statement of createTableSql(ref, withName)) await db.exec(statement);
    // A migrator started meanwhile reads the table and then inserts: hold its inserts until we commit.
    await db.exec(`LOCK TABLE ${qualified(ref)} IN SHARE ROW EXCLUSIVE MODE`);
  });
}
