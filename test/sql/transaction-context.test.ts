/**
 * Rules that look back at what earlier statements of the same transaction did: backfills under a
 * lock taken in an earlier migration of the same deploy, and statements a DO block runs, with
 * their suppressions.
 */
import { describe, expect, it } from 'vitest';
import { ids, lintSql } from './harness.js';

const ddl = 'ALTER TABLE "users" ADD COLUMN "slug" text;';
const backfill = 'UPDATE "users" SET "slug" = lower("name");';

describe('sql-backfill-under-lock across migrations', () => {
  it('flags a backfill whose table an earlier migration of the same change set locked: one transaction', async () => {
    const findings = await lintSql([ddl, backfill], {
      rules: ['sql-backfill-under-lock'],
      added: ['0000_m0', '0001_m1'],
    });
    expect(ids(findings)).toEqual(['sql-backfill-under-lock@1']);
    expect(findings[0]!.file).toBe('drizzle/0001_m1.sql');
    expect(findings[0]!.message).toContain('line 1 of drizzle/0000_m0.sql, run in the same transaction');
  });

  it('passes the backfill shipped in a later deploy than the DDL, and judges each migration alone in --all', async () => {
    expect(await lintSql([ddl, backfill], { rules: ['sql-backfill-under-lock'], added: ['0001_m1'] })).toEqual([]);
    expect(await lintSql([ddl, backfill], { rules: ['sql-backfill-under-lock'] })).toEqual([]);
  });

  it('names the lock a foreign key takes on the referenced table too', async () => {
    const sql =
      'ALTER TABLE "posts" ADD CONSTRAINT "fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") NOT VALID;--> statement-breakpoint\n' +
      'DELETE FROM "users" WHERE "id" NOT IN (SELECT "user_id" FROM "posts");';
    const findings = await lintSql(sql, { rules: ['sql-backfill-under-lock'] });
    expect(ids(findings)).toEqual(['sql-backfill-under-lock@2']);
    expect(findings[0]!.message).toMatch(/SHARE ROW EXCLUSIVE lock taken by ALTER TABLE at line 1 .*writes wait/);
  });

  it('is suppressed with a reason like every SQL rule', async () => {
    const sql = `${ddl}--> statement-breakpoint\n-- nexiom-lint-ignore sql-backfill-under-lock: 300 rows\n${backfill}`;
    expect(await lintSql(sql, { rules: ['sql-backfill-under-lock', 'sql-suppression'] })).toEqual([]);
  });
});

describe('statements a DO block runs', () => {
  const block = (inner: string) => `DO $$ BEGIN\n ${inner}\nEXCEPTION\n WHEN duplicate_object THEN null;\nEND $$;`;
  const fk = 'ALTER TABLE "posts" ADD CONSTRAINT "fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id");';

  it('a directive above the DO covers the block; one inside covers the statement below it', async () => {
    const rules = ['sql-add-foreign-key', 'sql-suppression'];
    expect(
      await lintSql(`-- nexiom-lint-ignore sql-add-foreign-key: posts is empty in production\n${block(fk)}`, { rules }),
    ).toEqual([]);
    const inside = `DO $$ BEGIN\n -- nexiom-lint-ignore sql-add-foreign-key: posts is empty in production\n ${fk}\nEND $$;`;
    expect(await lintSql(inside, { rules })).toEqual([]);
  });

  it('a table the block creates is new for the statements after it', async () => {
    const sql = `${block('CREATE TABLE "posts" ("id" integer, "user_id" integer);')}--> statement-breakpoint\n${block(fk)}`;
    expect(await lintSql(sql, { rules: ['sql-add-foreign-key'] })).toEqual([]);
  });

  it('a block the PL/pgSQL parser rejects, or in another language, adds nothing', async () => {
    const rules = ['sql-add-foreign-key'];
    expect(await lintSql(`DO $$ BEGIN\n undeclared_var := 1;\n ${fk}\nEND $$;`, { rules })).toEqual([]);
    expect(await lintSql(`DO LANGUAGE plv8 $$ plv8.execute('${fk.replace(/'/g, "''")}') $$;`, { rules })).toEqual([]);
  });

  it("a function body is not linted: it runs when called, not under the migration's locks", async () => {
    const sql = `CREATE FUNCTION "f"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN\n UPDATE "users" SET "slug" = NULL;\n ${fk}\n RETURN NEW;\nEND $$;`;
    expect(await lintSql(sql, { rules: ['sql-add-foreign-key', 'sql-backfill-under-lock'] })).toEqual([]);
  });
});
