/**
 * What the trace observes (src/trace/observe.ts, run.ts), on the same cases on PGlite and on the
 * real Postgres server: the tables exist and are EMPTY, as after a replay of the base's
 * migrations, and each case runs its statements in one transaction, observed one by one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Db } from '../../src/db/connect.js';
import { freshPglite } from '../../src/db/pglite.js';
import { parseDatabaseUrl } from '../../src/db/url.js';
import { traceUnits, type TracedStatement } from '../../src/trace/run.js';
import { createDatabase, dropAllDatabases, postgresUnavailable } from '../helpers/pg.js';

const SETUP = `
CREATE TABLE users (id integer PRIMARY KEY, name text, age integer, email text);
CREATE TABLE posts (id integer PRIMARY KEY, user_id integer, title text);
CREATE TABLE secrets (kind varchar(16) NOT NULL, owner varchar(64) NOT NULL, PRIMARY KEY (owner, kind));
CREATE INDEX secrets_kind_idx ON secrets (kind);`;

const statements = (...sql: string[]) => sql.map((s, i) => ({ file: 'm.sql', line: i + 1, endLine: i + 1, sql: s }));

/** `table: LOCK rewrite scan index` per observed table, per statement. */
function summary(traced: TracedStatement[]): string[] {
  return traced.map((s) =>
    s.notTraced
      ? `not traced: ${s.notTraced}`
      : s.observed
          .map(
            (o) =>
              `${o.table} ${o.lock}${o.rewrite ? ' rewrite' : ''}${o.scan ? ' scan' : ''}${o.indexBuild ? ' index' : ''}`,
          )
          .join(' | '),
  );
}

/** The cases, each with what both databases must show. */
const CASES: Array<{ name: string; sql: string[]; expect: Array<string | RegExp> }> = [
  {
    name: 'ALTER COLUMN TYPE int → bigint rewrites the table and its indexes',
    sql: ['ALTER TABLE "users" ALTER COLUMN "age" SET DATA TYPE bigint'],
    expect: ['public.users ACCESS EXCLUSIVE rewrite scan index'],
  },
  {
    name: 'a longer varchar: no rewrite, and the indexes are recreated on their old storage, not built',
    sql: ['ALTER TABLE "secrets" ALTER COLUMN "kind" SET DATA TYPE varchar(64)'],
    expect: ['public.secrets ACCESS EXCLUSIVE'],
  },
  {
    name: 'a shorter varchar: every row is checked, so the table and its indexes are rewritten',
    sql: ['ALTER TABLE "secrets" ALTER COLUMN "kind" SET DATA TYPE varchar(8)'],
    expect: ['public.secrets ACCESS EXCLUSIVE rewrite scan index'],
  },
  {
    name: 'ADD COLUMN NOT NULL without a default: a scan to check that there are no rows',
    sql: ['ALTER TABLE "users" ADD COLUMN "slug" text NOT NULL'],
    expect: ['public.users ACCESS EXCLUSIVE scan'],
  },
  {
    name: 'ADD COLUMN of a nullable column: the lock only, no rewrite, no scan',
    sql: ['ALTER TABLE "users" ADD COLUMN "phone" text'],
    expect: ['public.users ACCESS EXCLUSIVE'],
  },
  {
    name: 'CREATE INDEX without CONCURRENTLY: SHARE, a scan and an index build',
    sql: ['CREATE INDEX "users_name_idx" ON "users" ("name")'],
    expect: ['public.users SHARE scan index'],
  },
  {
    name: 'ADD FOREIGN KEY: SHARE ROW EXCLUSIVE on both tables, the referencing one scanned',
    sql: ['ALTER TABLE "posts" ADD CONSTRAINT "posts_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id")'],
    // The referenced table is probed by index, per row of the (empty) referencing one: no scan of it.
    expect: ['public.posts SHARE ROW EXCLUSIVE scan | public.users SHARE ROW EXCLUSIVE'],
  },
  {
    name: 'the NOT VALID / VALIDATE / SET NOT NULL recipe: VALIDATE scans, SET NOT NULL then does not',
    sql: [
      'ALTER TABLE "users" ADD CONSTRAINT "name_nn" CHECK ("name" IS NOT NULL) NOT VALID',
      'ALTER TABLE "users" VALIDATE CONSTRAINT "name_nn"',
      'ALTER TABLE "users" ALTER COLUMN "name" SET NOT NULL',
    ],
    // The lock of the first statement is held by the later ones: no new lock mode, no scan, nothing shown.
    expect: ['public.users ACCESS EXCLUSIVE', 'public.users ACCESS EXCLUSIVE scan', ''],
  },
  {
    name: 'SET NOT NULL without a CHECK scans the table',
    sql: ['ALTER TABLE "users" ALTER COLUMN "name" SET NOT NULL'],
    expect: ['public.users ACCESS EXCLUSIVE scan'],
  },
  {
    name: 'a backfill after DDL scans under the DDL lock',
    sql: ['ALTER TABLE "users" ADD COLUMN "slug" text', `UPDATE "users" SET "slug" = lower("name")`],
    expect: ['public.users ACCESS EXCLUSIVE', 'public.users ACCESS EXCLUSIVE scan'],
  },
  {
    name: 'DDL built with EXECUTE is seen like any other',
    sql: [`DO $$ BEGIN EXECUTE format('ALTER TABLE %I ALTER COLUMN age TYPE bigint', 'users'); END $$`],
    expect: ['public.users ACCESS EXCLUSIVE rewrite scan index'],
  },
  {
    name: 'a failing statement is not traced, and the ones after it still are',
    sql: ['CREATE EXTENSION "no_such_extension"', 'ALTER TABLE "users" ADD COLUMN "phone" text', 'COMMIT'],
    expect: [/^not traced: .*no_such_extension/, 'public.users ACCESS EXCLUSIVE', /^not traced: transaction control/],
  },
  {
    name: 'a new table and a dropped one',
    sql: ['CREATE TABLE "tags" (id int)', 'DROP TABLE "posts"'],
    expect: ['', 'public.posts ACCESS EXCLUSIVE'],
  },
];

async function runCases(open: () => Promise<Db>) {
  for (const c of CASES) {
    const db = await open();
    try {
      await db.exec(`DROP SCHEMA public CASCADE; CREATE SCHEMA public; ${SETUP}`);
      const traced = await traceUnits(db, [statements(...c.sql)]);
      const got = summary(traced);
      expect(got, c.name).toHaveLength(c.expect.length);
      c.expect.forEach((e, i) => (typeof e === 'string' ? expect(got[i], c.name).toBe(e) : expect(got[i]).toMatch(e)));
    } finally {
      await db.close();
    }
  }
}

describe('the trace on PGlite', () => {
  it('observes each case as the server does', async () => {
    const db = await freshPglite();
    // One database for every case: closing is deferred to the end.
    await runCases(async () => ({ ...db, close: async () => undefined }));
    await db.close();
  });

  it('units commit one after the other: a table made by one unit is watched by the next', async () => {
    const db = await freshPglite();
    try {
      const traced = await traceUnits(db, [
        statements('CREATE TABLE "a" (id int)'),
        statements('ALTER TABLE "a" ALTER COLUMN "id" TYPE bigint'),
      ]);
      expect(summary(traced)).toEqual(['', 'public.a ACCESS EXCLUSIVE rewrite scan']);
    } finally {
      await db.close();
    }
  });
});

let skip: string | null = null;
beforeAll(async () => {
  skip = await postgresUnavailable();
});
afterAll(() => dropAllDatabases());

describe('the trace on the Postgres server', () => {
  it('observes each case as PGlite does', async (t) => {
    if (skip) return t.skip();
    const database = await createDatabase();
    await runCases(() => connect({ ...parseDatabaseUrl(database.url), source: 'test' }));
  });
});
