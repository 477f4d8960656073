/** Which migrations are linted, what counts as a new table, and what the snapshots tell the rules. */
import { describe, expect, it } from 'vitest';
import { ids, lintSql } from './harness.js';

describe('which migrations are linted', () => {
  it('in a diff, only the migrations the change set adds', async () => {
    const history = ['DROP TABLE "a";', 'DROP TABLE "b";'];
    expect(ids(await lintSql(history, { rules: ['sql-drop-table'], added: ['0001_m1'] }))).toEqual([
      'sql-drop-table@1',
    ]);
    const findings = await lintSql(history, { rules: ['sql-drop-table'], added: ['0001_m1'] });
    expect(findings[0]!.file).toBe('drizzle/0001_m1.sql');
  });

  it('in --all, every migration except the tags in sql.skip', async () => {
    const history = ['DROP TABLE "a";', 'DROP TABLE "b";', 'DROP TABLE "c";'];
    const all = await lintSql(history, { rules: ['sql-drop-table'] });
    expect(all.map((f) => f.file)).toEqual(['drizzle/0000_m0.sql', 'drizzle/0001_m1.sql', 'drizzle/0002_m2.sql']);
    const skipped = await lintSql(history, {
      rules: ['sql-drop-table'],
      settings: { sqlSkip: ['0000_m0', '0002_m2'] },
    });
    expect(skipped.map((f) => f.file)).toEqual(['drizzle/0001_m1.sql']);
  });
});

describe('tables created in the same deploy are exempt from the existing-table rules', () => {
  const migrations = [
    'CREATE TABLE "posts" ("id" integer, "user_id" integer);',
    'CREATE INDEX "posts_user_idx" ON "posts" ("user_id");--> statement-breakpoint\nALTER TABLE "posts" ADD CONSTRAINT "fk" FOREIGN KEY ("user_id") REFERENCES "users"("id");',
  ];
  const rules = ['sql-create-index', 'sql-add-foreign-key'];

  it('across the migrations one change set adds: drizzle runs them in one transaction', async () => {
    expect(ids(await lintSql(migrations, { rules, added: ['0000_m0', '0001_m1'] }))).toEqual([]);
  });

  it('but not when the table comes from an older migration', async () => {
    expect(ids(await lintSql(migrations, { rules, added: ['0001_m1'] }))).toEqual([
      'sql-create-index@1',
      'sql-add-foreign-key@2',
    ]);
  });

  it('and in --all each migration is judged alone', async () => {
    expect(ids(await lintSql(migrations, { rules }))).toEqual(['sql-create-index@1', 'sql-add-foreign-key@2']);
  });

  it('a table created later in the same migration does not exempt an earlier statement', async () => {
    const sql = 'CREATE INDEX "i" ON "t" ("c");--> statement-breakpoint\nCREATE TABLE "t" ("c" integer);';
    expect(ids(await lintSql(sql, { rules: ['sql-create-index'] }))).toEqual(['sql-create-index@1']);
  });

  it('matches tables by schema: "app"."users" is not "users"', async () => {
    const sql =
      'CREATE TABLE "app"."users" ("id" integer);--> statement-breakpoint\nCREATE INDEX "i" ON "users" ("id");--> statement-breakpoint\nCREATE INDEX "j" ON "public"."users" ("id");';
    expect(ids(await lintSql(sql, { rules: ['sql-create-index'] }))).toEqual([
      'sql-create-index@2',
      'sql-create-index@3',
    ]);
  });
});

describe('what the previous snapshot tells the rules', () => {
  const usersWith = (columns: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    tables: { 'public.users': { name: 'users', schema: '', columns, ...extra } },
  });

  it('sql-column-type-change passes the widenings Postgres does without a rewrite', async () => {
    const before = {
      sql: 'SELECT 1;',
      snapshot: usersWith({ email: { name: 'email', type: 'varchar(50)' }, n: { name: 'n', type: 'numeric(10, 2)' } }),
    };
    const change = (sql: string) => lintSql([before, sql], { rules: ['sql-column-type-change'], added: ['0001_m1'] });
    expect(await change('ALTER TABLE "users" ALTER COLUMN "email" SET DATA TYPE varchar(100);')).toEqual([]);
    expect(await change('ALTER TABLE "users" ALTER COLUMN "email" SET DATA TYPE text;')).toEqual([]);
    expect(await change('ALTER TABLE "users" ALTER COLUMN "n" SET DATA TYPE numeric(12, 2);')).toEqual([]);
    const narrower = await change('ALTER TABLE "users" ALTER COLUMN "email" SET DATA TYPE varchar(20);');
    expect(narrower[0]!.message).toContain('from varchar(50) to varchar(20)');
    expect(ids(await change('ALTER TABLE "users" ALTER COLUMN "n" SET DATA TYPE numeric(12, 4);'))).toEqual([
      'sql-column-type-change@1',
    ]);
    expect(
      ids(await change('ALTER TABLE "users" ALTER COLUMN "email" SET DATA TYPE text USING lower("email");')),
    ).toEqual(['sql-column-type-change@1']);
  });

  it('sql-set-not-null accepts a CHECK (col IS NOT NULL) that an earlier release added (Postgres 12+)', async () => {
    const before = {
      sql: 'SELECT 1;',
      snapshot: usersWith(
        { bio: { name: 'bio', type: 'text' } },
        { checkConstraints: { bio_nn: { name: 'bio_nn', value: '"users"."bio" IS NOT NULL' } } },
      ),
    };
    const sql = 'ALTER TABLE "users" ALTER COLUMN "bio" SET NOT NULL;';
    expect(await lintSql([before, sql], { rules: ['sql-set-not-null'], added: ['0001_m1'] })).toEqual([]);
    expect(
      ids(
        await lintSql([before, sql], {
          rules: ['sql-set-not-null'],
          added: ['0001_m1'],
          settings: { sqlPostgresVersion: 11 },
        }),
      ),
    ).toEqual(['sql-set-not-null@1']);
    expect(ids(await lintSql(['SELECT 1;', sql], { rules: ['sql-set-not-null'], added: ['0001_m1'] }))).toEqual([
      'sql-set-not-null@1',
    ]);
  });
});

describe('migration-concurrently: new enum values', () => {
  const add = 'ALTER TYPE "public"."status" ADD VALUE \'review\';';
  const use = 'UPDATE "posts" SET "status" = \'review\' WHERE "status" = \'draft\';';

  it('flags a value used in a later migration of the same deploy', async () => {
    const findings = await lintSql([add, use], { rules: ['migration-concurrently'], added: ['0000_m0', '0001_m1'] });
    expect(ids(findings)).toEqual(['migration-concurrently@1']);
    expect(findings[0]!.file).toBe('drizzle/0001_m1.sql');
    expect(findings[0]!.message).toContain('same transaction');
  });

  it('flags a value an OLDER migration added: a fresh database runs both in one transaction', async () => {
    const findings = await lintSql([add, use], { rules: ['migration-concurrently'], added: ['0001_m1'] });
    expect(ids(findings)).toEqual(['migration-concurrently@1']);
    expect(findings[0]!.message).toContain('fresh database');
  });

  it('does not flag the same text in a column of another type, or a value used before it is added', async () => {
    const other = 'ALTER TABLE "notes" ADD COLUMN "kind" text DEFAULT \'review\';';
    expect(await lintSql([add, other], { rules: ['migration-concurrently'], added: ['0000_m0', '0001_m1'] })).toEqual(
      [],
    );
    expect(await lintSql([use, add], { rules: ['migration-concurrently'], added: ['0000_m0', '0001_m1'] })).toEqual([]);
  });

  it('does not flag the text cast to another type, and flags it cast to the enum', async () => {
    const asText = 'INSERT INTO "audit" ("note") VALUES (\'review\'::text);';
    expect(await lintSql([add, asText], { rules: ['migration-concurrently'], added: ['0000_m0', '0001_m1'] })).toEqual(
      [],
    );
    const asEnum = 'INSERT INTO "audit" ("note") VALUES (\'review\'::"status");';
    expect(
      ids(await lintSql([add, asEnum], { rules: ['migration-concurrently'], added: ['0000_m0', '0001_m1'] })),
    ).toEqual(['migration-concurrently@1']);
  });
});

describe('sql-identifier-too-long', () => {
  it('is an error when two long names are cut to the same name in one table', async () => {
    const long = 'things_owner_id_with_a_long_name_users_id_with_a_long_name_too_fk';
    const sql = `ALTER TABLE "things" ADD CONSTRAINT "${long}_a" CHECK (true) NOT VALID;--> statement-breakpoint\nALTER TABLE "things" ADD CONSTRAINT "${long}_b" CHECK (true) NOT VALID;`;
    const findings = await lintSql(sql, { rules: ['sql-identifier-too-long'] });
    expect(findings.map((f) => [f.line, f.severity])).toEqual([
      [1, 'warning'],
      [2, 'error'],
    ]);
    expect(findings[1]!.message).toContain('already exists');
  });
});

describe('sql-require-timeouts', () => {
  const options = { rules: ['sql-require-timeouts'] };
  it('a SET early in a deploy covers the migrations after it in the same deploy', async () => {
    const ms = [
      "SET lock_timeout = '5s';\nSET statement_timeout = '1min';",
      'ALTER TABLE "users" ADD COLUMN "x" text;',
    ];
    expect(await lintSql(ms, { ...options, added: ['0000_m0', '0001_m1'] })).toEqual([]);
    expect(ids(await lintSql(ms, options))).toEqual(['sql-require-timeouts@1']);
  });

  it('only asks for the timeouts the options require, and ignores work on new tables', async () => {
    const sql = 'SELECT set_config(\'lock_timeout\', \'5s\', true);\nALTER TABLE "users" ADD COLUMN "x" text;';
    expect(
      await lintSql(sql, {
        ...options,
        settings: { rules: { 'sql-require-timeouts': { severity: 'error', options: { statementTimeout: false } } } },
      }),
    ).toEqual([]);
    expect(await lintSql('CREATE TABLE "t" ("a" text);\nCREATE INDEX "i" ON "t" ("a");', options)).toEqual([]);
  });
});
