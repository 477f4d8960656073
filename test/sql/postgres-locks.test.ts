/**
 * What the lock and scan rules claim, checked on the real Postgres server: each migration runs
 * piece by piece in one transaction (as drizzle's migrator runs it) on tables that exist and hold
 * rows, and after every piece the test reads the locks the transaction holds (pg_locks), whether
 * a table or index was rewritten (pg_class.relfilenode) and how often a table was scanned
 * (pg_stat_xact_user_tables.seq_scan). The static verdict must agree with what Postgres did.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, dropAllDatabases, postgresUnavailable, type TestDatabase } from '../helpers/pg.js';
import { loadParser, parseMigrationSql } from '../../src/sql/parse.js';
import { LOCK_MODES, locksTaken } from '../../src/sql/locks.js';
import { ids, lintSql, type MigrationInput } from './harness.js';

const SETUP = `
CREATE TABLE users (id integer PRIMARY KEY, name text, bio text, email text, deleted_at timestamptz);
CREATE INDEX users_name_idx ON users (name);
INSERT INTO users SELECT g, 'n' || g, 'b', 'e' || g, NULL FROM generate_series(1, 2000) g;
CREATE TABLE posts (id integer PRIMARY KEY, user_id integer);
INSERT INTO posts SELECT g, g FROM generate_series(1, 2000) g;
CREATE TABLE orders (id integer, user_id integer, amount integer);
INSERT INTO orders SELECT g, g % 100 + 1, g FROM generate_series(1, 2000) g;
CREATE TABLE order_totals (user_id integer, total bigint);
ANALYZE;`;

const TABLES = ['users', 'posts', 'orders', 'order_totals'];

interface State {
  /** Lock modes this transaction holds per table, Postgres's names (`AccessExclusiveLock`). */
  locks: Record<string, string[]>;
  seqScan: Record<string, number>;
  filenode: Record<string, number>;
}

async function observe(client: pg.Client): Promise<State> {
  const locks = await client.query<{ relname: string; mode: string }>(
    `SELECT c.relname, l.mode FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
     WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation' AND c.relname = ANY($1) ORDER BY 1, 2`,
    [TABLES],
  );
  const scans = await client.query<{ relname: string; seq_scan: string }>(
    `SELECT relname, seq_scan FROM pg_stat_xact_user_tables WHERE relname = ANY($1)`,
    [TABLES],
  );
  const nodes = await client.query<{ relname: string; relfilenode: number }>(
    `SELECT relname, relfilenode FROM pg_class WHERE relname = ANY($1) OR relname = 'users_name_idx'`,
    [TABLES],
  );
  const state: State = { locks: {}, seqScan: {}, filenode: {} };
  for (const r of locks.rows) (state.locks[r.relname] ??= []).push(r.mode);
  for (const r of scans.rows) state.seqScan[r.relname] = Number(r.seq_scan);
  for (const r of nodes.rows) state.filenode[r.relname] = r.relfilenode;
  return state;
}

/** Runs the pieces of one migration in one transaction; the state before and after each piece. */
async function run(db: TestDatabase, sql: string, setup = ''): Promise<Array<{ before: State; after: State }>> {
  await db.query(`DROP TABLE IF EXISTS ${TABLES.join(', ')} CASCADE; ${SETUP} ${setup}`);
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    await client.query('BEGIN');
    const out = [];
    for (const piece of sql.split('--> statement-breakpoint')) {
      const before = await observe(client);
      await client.query(piece);
      out.push({ before, after: await observe(client) });
    }
    await client.query('ROLLBACK');
    return out;
  } finally {
    await client.end();
  }
}

const scanned = (s: { before: State; after: State }, table: string) =>
  (s.after.seqScan[table] ?? 0) - (s.before.seqScan[table] ?? 0);
const pgName = (mode: string) =>
  mode.toLowerCase().replace(/(^|\s)(\w)/g, (_, _s, c: string) => c.toUpperCase()) + 'Lock';

let db: TestDatabase;
let skip: string | null = null;
beforeAll(async () => {
  skip = await postgresUnavailable();
  if (!skip) db = await createDatabase();
});
afterAll(() => dropAllDatabases());

describe('lock and scan rules agree with Postgres', () => {
  it('a foreign key inside a DO ... EXCEPTION block scans the table while both tables are write-locked', async (t) => {
    if (skip) t.skip();
    const sql =
      'DO $$ BEGIN\n ALTER TABLE "posts" ADD CONSTRAINT "posts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id");\n' +
      'EXCEPTION\n WHEN duplicate_object THEN null;\nEND $$;';
    const [step] = await run(db, sql);
    expect(step!.after.locks.posts).toContain('ShareRowExclusiveLock');
    expect(step!.after.locks.users).toContain('ShareRowExclusiveLock');
    expect(scanned(step!, 'posts')).toBeGreaterThan(0);
    expect(ids(await lintSql(sql, { rules: ['sql-add-foreign-key'] }))).toEqual(['sql-add-foreign-key@2']);

    const notValid = sql.replace('("id");', '("id") NOT VALID;');
    const [light] = await run(db, notValid);
    expect(scanned(light!, 'posts')).toBe(0);
    expect(ids(await lintSql(notValid, { rules: ['sql-add-foreign-key'] }))).toEqual([]);
  });

  it('a backfill after DDL on its table scans it while the ACCESS EXCLUSIVE lock is held; alone it blocks no writes', async (t) => {
    if (skip) t.skip();
    const sql =
      'ALTER TABLE "users" ADD COLUMN "slug" text;--> statement-breakpoint\nUPDATE "users" SET "slug" = lower("name");';
    const [, update] = await run(db, sql);
    expect(update!.before.locks.users).toContain('AccessExclusiveLock');
    expect(scanned(update!, 'users')).toBeGreaterThan(0);
    expect(ids(await lintSql(sql, { rules: ['sql-backfill-under-lock'] }))).toEqual(['sql-backfill-under-lock@2']);

    // The same UPDATE in a later deploy: only ROW EXCLUSIVE, which other writers share.
    const later = 'UPDATE "users" SET "bio" = lower("name");';
    const [alone] = await run(db, later);
    expect(alone!.after.locks.users).toEqual(['RowExclusiveLock']);
    expect(ids(await lintSql(later, { rules: ['sql-backfill-under-lock'] }))).toEqual([]);
  });

  it('an INSERT ... SELECT after CREATE INDEX reads the table while the SHARE lock blocks its writers', async (t) => {
    if (skip) t.skip();
    const sql =
      'CREATE INDEX "orders_user_idx" ON "orders" ("user_id");--> statement-breakpoint\n' +
      'INSERT INTO "order_totals" ("user_id", "total") SELECT "user_id", sum("amount") FROM "orders" GROUP BY 1;';
    const [, insert] = await run(db, sql);
    expect(insert!.before.locks.orders).toContain('ShareLock');
    expect(scanned(insert!, 'orders')).toBeGreaterThan(0);
    expect(ids(await lintSql(sql, { rules: ['sql-backfill-under-lock'] }))).toEqual(['sql-backfill-under-lock@2']);
  });

  it("VALIDATE CONSTRAINT in the transaction of its NOT VALID add scans under the add's ACCESS EXCLUSIVE lock", async (t) => {
    if (skip) t.skip();
    const sql =
      'ALTER TABLE "users" ADD CONSTRAINT "bio_nn" CHECK ("bio" IS NOT NULL) NOT VALID;--> statement-breakpoint\n' +
      'ALTER TABLE "users" VALIDATE CONSTRAINT "bio_nn";';
    const [add, validate] = await run(db, sql);
    expect(scanned(add!, 'users')).toBe(0);
    expect(validate!.before.locks.users).toContain('AccessExclusiveLock');
    expect(scanned(validate!, 'users')).toBeGreaterThan(0);
    expect(ids(await lintSql(sql, { rules: ['sql-add-check-constraint'] }))).toEqual(['sql-add-check-constraint@2']);
  });

  it('SET NOT NULL scans, except on a column NOT NULL already or proven by a validated check (Postgres 12+)', async (t) => {
    if (skip) t.skip();
    const sql =
      'ALTER TABLE "users" ALTER COLUMN "email" SET NOT NULL;--> statement-breakpoint\n' +
      'ALTER TABLE "users" ALTER COLUMN "email" SET NOT NULL;--> statement-breakpoint\n' +
      'ALTER TABLE "users" ALTER COLUMN "bio" SET NOT NULL;';
    // The recipe's first two steps ran in earlier deploys (custom migrations: in no snapshot).
    const history: MigrationInput[] = [
      { sql: 'ALTER TABLE "users" ADD CONSTRAINT "bio_nn" CHECK ("bio" IS NOT NULL) NOT VALID;' },
      { sql: 'ALTER TABLE "users" VALIDATE CONSTRAINT "bio_nn";' },
    ];
    const setup = history.map((m) => m.sql).join('\n');
    const [first, again, proven] = await run(db, sql, setup);
    expect(first!.after.locks.users).toContain('AccessExclusiveLock');
    expect([scanned(first!, 'users'), scanned(again!, 'users'), scanned(proven!, 'users')]).toEqual([1, 0, 0]);
    const findings = await lintSql([...history, { sql }], { rules: ['sql-set-not-null'], added: ['0002_m2'] });
    expect(ids(findings)).toEqual(['sql-set-not-null@1']);
  });

  it('a collation change keeps the table but rebuilds its index under ACCESS EXCLUSIVE', async (t) => {
    if (skip) t.skip();
    const sql = 'ALTER TABLE "users" ALTER COLUMN "name" SET DATA TYPE text COLLATE "C";';
    const [step] = await run(db, sql);
    expect(step!.after.locks.users).toContain('AccessExclusiveLock');
    expect(step!.after.filenode.users).toBe(step!.before.filenode.users);
    expect(step!.after.filenode.users_name_idx).not.toBe(step!.before.filenode.users_name_idx);
    const snapshot = {
      tables: { 'public.users': { name: 'users', schema: '', columns: { name: { name: 'name', type: 'text' } } } },
    };
    const findings = await lintSql([{ sql: 'SELECT 1;', snapshot }, { sql }], {
      rules: ['sql-column-type-change'],
      added: ['0001_m1'],
    });
    expect(ids(findings)).toEqual(['sql-column-type-change@1']);
    expect(findings[0]!.message).toContain('collation');
  });

  it('CREATE INDEX run by EXECUTE in a DO block write-locks the table like the plain statement', async (t) => {
    if (skip) t.skip();
    const sql = 'DO $$\nBEGIN\n  EXECUTE \'CREATE INDEX "users_email_idx" ON "users" ("email")\';\nEND $$;';
    const [step] = await run(db, sql);
    expect(step!.after.locks.users).toContain('ShareLock');
    expect(ids(await lintSql(sql, { rules: ['sql-create-index'] }))).toEqual(['sql-create-index@3']);
  });

  it('the lock model names the strongest lock Postgres takes for each DDL statement', async (t) => {
    if (skip) t.skip();
    const statements = [
      'ALTER TABLE "users" ADD COLUMN "slug" text',
      'ALTER TABLE "posts" ADD CONSTRAINT "fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") NOT VALID',
      'ALTER TABLE "users" ADD CONSTRAINT "c" CHECK ("id" > 0) NOT VALID',
      'ALTER TABLE "users" ALTER COLUMN "name" SET STATISTICS 200',
      'CREATE INDEX "i" ON "orders" ("user_id")',
      'CREATE INDEX "i" ON "orders" ("user_id") WHERE "amount" > 10',
      'ALTER TABLE "orders" RENAME COLUMN "amount" TO "cents"',
      'LOCK TABLE "orders" IN SHARE ROW EXCLUSIVE MODE',
      'TRUNCATE "order_totals"',
      'CREATE POLICY "p" ON "orders" USING (true)',
    ];
    const api = await loadParser();
    for (const sql of statements) {
      const [step] = await run(db, sql);
      const node = parseMigrationSql(api, sql).statements[0]!.node;
      for (const lock of locksTaken(node)) {
        const table = lock.table.replace(/^public\./, '');
        const held = step!.after.locks[table] ?? [];
        const strongest = LOCK_MODES.map(pgName)
          .filter((m) => held.includes(m))
          .pop();
        expect(`${sql}: ${table} ${strongest}`).toBe(`${sql}: ${table} ${pgName(lock.mode)}`);
      }
    }
  });
});
