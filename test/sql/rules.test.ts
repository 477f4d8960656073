/**
 * Every SQL rule on an incorrect and a correct migration, as drizzle-kit writes them (statement,
 * `;--> statement-breakpoint`, next statement) unless the case is about hand-written SQL.
 */
import { describe, expect, it } from 'vitest';
import { ids, lintSql } from './harness.js';

interface Case {
  rule: string;
  bad: string;
  /** `rule@line` expected for `bad` (default: one finding on line 1). */
  expect?: string[];
  good: string;
  settings?: NonNullable<Parameters<typeof lintSql>[1]>['settings'];
}

const CASES: Case[] = [
  {
    rule: 'sql-drop-table',
    bad: 'DROP TABLE "sessions";',
    good: 'CREATE TABLE "tmp" ("id" integer);--> statement-breakpoint\nDROP TABLE "tmp";',
  },
  {
    rule: 'sql-drop-table',
    bad: 'DROP TABLE "app"."sessions" CASCADE;',
    good: 'DROP VIEW "sessions_view";',
  },
  {
    rule: 'sql-drop-column',
    bad: 'ALTER TABLE "posts" DROP COLUMN "title";',
    good: 'ALTER TABLE "posts" ADD COLUMN "title" text;',
  },
  { rule: 'sql-drop-schema', bad: 'DROP SCHEMA "app" CASCADE;', good: 'CREATE SCHEMA "app";' },
  { rule: 'sql-drop-database', bad: 'DROP DATABASE "app";', good: 'SELECT 1;' },
  {
    rule: 'sql-rename-table',
    bad: 'ALTER TABLE "users" RENAME TO "accounts";',
    good: 'CREATE TABLE "users" ("id" integer);--> statement-breakpoint\nALTER TABLE "users" RENAME TO "accounts";',
  },
  {
    rule: 'sql-rename-table',
    bad: 'ALTER TABLE "users" SET SCHEMA "app";',
    good: 'ALTER TABLE "users" ADD COLUMN "x" text;',
  },
  {
    rule: 'sql-rename-column',
    bad: 'ALTER TABLE "users" RENAME COLUMN "name" TO "full_name";',
    good: 'ALTER TABLE "users" RENAME CONSTRAINT "a" TO "b";',
  },
  {
    rule: 'sql-column-type-change',
    bad: 'ALTER TABLE "posts" ALTER COLUMN "user_id" SET DATA TYPE bigint;',
    good: 'CREATE TABLE "posts" ("user_id" integer);--> statement-breakpoint\nALTER TABLE "posts" ALTER COLUMN "user_id" SET DATA TYPE bigint;',
  },
  {
    rule: 'sql-set-not-null',
    bad: 'ALTER TABLE "users" ALTER COLUMN "bio" SET NOT NULL;',
    good: 'ALTER TABLE "users" ALTER COLUMN "bio" DROP DEFAULT;',
  },
  {
    rule: 'sql-add-column-not-null',
    bad: 'ALTER TABLE "users" ADD COLUMN "age" integer NOT NULL;',
    good: 'ALTER TABLE "users" ADD COLUMN "age" integer DEFAULT 0 NOT NULL;',
  },
  {
    rule: 'sql-add-column-not-null',
    bad: 'ALTER TABLE "users"\n  ADD COLUMN "a" text,\n  ADD COLUMN "b" text NOT NULL;',
    expect: ['sql-add-column-not-null@3'],
    good: 'ALTER TABLE "users" ADD COLUMN "id2" integer GENERATED ALWAYS AS IDENTITY NOT NULL;',
  },
  {
    rule: 'sql-volatile-default',
    bad: 'ALTER TABLE "users" ADD COLUMN "token" uuid DEFAULT gen_random_uuid() NOT NULL;',
    good: 'ALTER TABLE "users" ADD COLUMN "created_at" timestamp with time zone DEFAULT now() NOT NULL;',
  },
  {
    rule: 'sql-volatile-default',
    bad: 'ALTER TABLE "users" ADD COLUMN "seq" serial;',
    good: 'ALTER TABLE "users" ADD COLUMN "tags" jsonb DEFAULT \'[]\'::jsonb;',
  },
  {
    rule: 'sql-volatile-default',
    bad: 'ALTER TABLE "users" ADD COLUMN "v4" uuid DEFAULT uuid_generate_v4();',
    good: 'ALTER TABLE "users" ALTER COLUMN "token" SET DEFAULT gen_random_uuid();',
  },
  {
    rule: 'sql-volatile-default',
    bad: 'ALTER TABLE "users" ADD COLUMN "full" text GENERATED ALWAYS AS ("first" || "last") STORED;',
    good: 'ALTER TABLE "users" ADD COLUMN "flag" boolean DEFAULT false;',
  },
  {
    rule: 'sql-volatile-default',
    bad: 'ALTER TABLE "users" ADD COLUMN "flag" boolean DEFAULT false;',
    good: 'ALTER TABLE "users" ADD COLUMN "flag" boolean;',
    settings: { sqlPostgresVersion: 10 },
  },
  {
    rule: 'sql-add-foreign-key',
    bad: 'ALTER TABLE "posts" ADD CONSTRAINT "posts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;',
    good: 'ALTER TABLE "posts" ADD CONSTRAINT "posts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") NOT VALID;',
  },
  {
    rule: 'sql-add-foreign-key',
    bad: 'ALTER TABLE "posts" ADD COLUMN "owner_id" integer REFERENCES "users"("id");',
    good: 'CREATE TABLE "posts" ("id" integer, "user_id" integer);--> statement-breakpoint\nALTER TABLE "posts" ADD CONSTRAINT "fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id");',
  },
  {
    rule: 'sql-add-foreign-key',
    bad: 'ALTER TABLE "posts" ADD CONSTRAINT "fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") NOT VALID;--> statement-breakpoint\nALTER TABLE "posts" VALIDATE CONSTRAINT "fk";',
    expect: ['sql-add-foreign-key@2'],
    good: 'ALTER TABLE "posts" VALIDATE CONSTRAINT "fk";',
  },
  {
    rule: 'sql-add-check-constraint',
    bad: 'ALTER TABLE "users" ADD CONSTRAINT "age_check" CHECK ("users"."age" > 0);',
    good: 'ALTER TABLE "users" ADD CONSTRAINT "age_check" CHECK ("users"."age" > 0) NOT VALID;',
  },
  {
    rule: 'sql-add-unique-constraint',
    bad: 'ALTER TABLE "users" ADD CONSTRAINT "users_nick_unique" UNIQUE("nick");',
    good: 'ALTER TABLE "users" ADD CONSTRAINT "users_nick_unique" UNIQUE USING INDEX "users_nick_idx";',
  },
  {
    rule: 'sql-add-unique-constraint',
    bad: 'ALTER TABLE "memberships" ADD CONSTRAINT "memberships_pk" PRIMARY KEY("user_id","org_id");',
    good: 'CREATE TABLE "memberships" ("user_id" integer, "org_id" integer);--> statement-breakpoint\nALTER TABLE "memberships" ADD CONSTRAINT "memberships_pk" PRIMARY KEY("user_id","org_id");',
  },
  {
    rule: 'sql-create-index',
    bad: 'CREATE INDEX "users_email_idx" ON "users" USING btree ("email");',
    good: 'CREATE TABLE "users" ("email" text);--> statement-breakpoint\nCREATE INDEX "users_email_idx" ON "users" USING btree ("email");',
  },
  {
    rule: 'sql-drop-index',
    bad: 'DROP INDEX "posts_user_idx";',
    good: 'CREATE INDEX "i" ON "t" ("c");--> statement-breakpoint\nDROP INDEX "i";',
    // (the good case's CREATE INDEX is sql-create-index's business)
  },
  { rule: 'sql-reindex', bad: 'REINDEX TABLE "users";', good: 'ANALYZE "users";' },
  {
    rule: 'sql-detach-partition',
    bad: 'ALTER TABLE "events" DETACH PARTITION "events_2020";',
    good: 'ALTER TABLE "events" ATTACH PARTITION "events_2030" FOR VALUES FROM (\'2030-01-01\') TO (\'2031-01-01\');',
  },
  { rule: 'sql-cluster', bad: 'CLUSTER "users" USING "users_pkey";', good: 'ANALYZE "users";' },
  { rule: 'sql-truncate-cascade', bad: 'TRUNCATE "users" CASCADE;', good: 'TRUNCATE "sessions";' },
  {
    rule: 'sql-drop-not-null',
    bad: 'ALTER TABLE "users" ALTER COLUMN "email" DROP NOT NULL;',
    good: 'CREATE TABLE "users" ("email" text NOT NULL);--> statement-breakpoint\nALTER TABLE "users" ALTER COLUMN "email" DROP NOT NULL;',
  },
  {
    rule: 'sql-transaction-control',
    bad: 'BEGIN;\nALTER TABLE "users" ADD COLUMN "x" text;\nCOMMIT;',
    expect: ['sql-transaction-control@1', 'sql-transaction-control@3'],
    good: 'SAVEPOINT "s";\nRELEASE SAVEPOINT "s";',
  },
  {
    rule: 'sql-duplicate-column',
    bad: 'CREATE TABLE "t" (\n  "a" integer,\n  "a" text\n);',
    expect: ['sql-duplicate-column@3'],
    good: 'CREATE TABLE "t" ("a" integer, "b" text);',
  },
  {
    rule: 'sql-duplicate-column',
    bad: 'UPDATE "t" SET "a" = 1, "a" = 2;',
    good: 'UPDATE "t" SET "a" = 1, "b" = 2;',
  },
  {
    rule: 'sql-identifier-too-long',
    bad: 'ALTER TABLE "things" ADD CONSTRAINT "things_owner_id_with_a_long_name_users_id_with_a_long_name_too_fk" FOREIGN KEY ("owner_id") REFERENCES "users"("id") NOT VALID;',
    good: 'ALTER TABLE "things" ADD CONSTRAINT "things_owner_fk" FOREIGN KEY ("owner_id") REFERENCES "users"("id") NOT VALID;',
  },
  {
    rule: 'sql-domain-constraint',
    bad: 'CREATE DOMAIN "positive" AS integer CHECK (VALUE > 0);',
    good: 'CREATE DOMAIN "label" AS text;',
  },
  {
    rule: 'sql-prefer-identity',
    bad: 'CREATE TABLE "users" (\n\t"id" serial PRIMARY KEY NOT NULL\n);',
    expect: ['sql-prefer-identity@2'],
    good: 'CREATE TABLE "users" (\n\t"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "users_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1)\n);',
  },
  {
    rule: 'sql-prefer-timestamptz',
    bad: 'CREATE TABLE "e" (\n\t"at" timestamp DEFAULT now() NOT NULL\n);',
    expect: ['sql-prefer-timestamptz@2'],
    good: 'CREATE TABLE "e" (\n\t"at" timestamp with time zone DEFAULT now() NOT NULL\n);',
  },
  {
    rule: 'sql-char-type',
    bad: 'ALTER TABLE "c" ADD COLUMN "code" char(3);',
    good: 'ALTER TABLE "c" ADD COLUMN "code" varchar(3);',
  },
  {
    rule: 'sql-prefer-text',
    bad: 'ALTER TABLE "c" ADD COLUMN "code" varchar(3);',
    good: 'ALTER TABLE "c" ADD COLUMN "code" text;',
  },
  {
    rule: 'sql-prefer-bigint',
    bad: 'ALTER TABLE "c" ADD COLUMN "n" integer;',
    good: 'ALTER TABLE "c" ADD COLUMN "n" bigint;',
  },
  {
    rule: 'sql-require-timeouts',
    bad: 'ALTER TABLE "users" ADD COLUMN "x" text;',
    good: 'SET lock_timeout = \'5s\';--> statement-breakpoint\nSET statement_timeout = \'5min\';--> statement-breakpoint\nALTER TABLE "users" ADD COLUMN "x" text;',
  },
  {
    rule: 'migration-concurrently',
    bad: 'CREATE INDEX CONCURRENTLY "users_email_idx" ON "users" USING btree ("email");',
    good: 'CREATE INDEX "users_email_idx" ON "users" USING btree ("email");',
  },
  { rule: 'migration-concurrently', bad: 'DROP INDEX CONCURRENTLY "i";', good: 'DROP INDEX "i";' },
  { rule: 'migration-concurrently', bad: 'REINDEX INDEX CONCURRENTLY "i";', good: 'REINDEX INDEX "i";' },
  { rule: 'migration-concurrently', bad: 'VACUUM FULL "users";', good: 'ANALYZE "users";' },
  { rule: 'migration-concurrently', bad: 'CREATE DATABASE "other";', good: 'CREATE SCHEMA "other";' },
  { rule: 'migration-concurrently', bad: "ALTER SYSTEM SET work_mem = '64MB';", good: "SET work_mem = '64MB';" },
  {
    rule: 'migration-concurrently',
    bad: 'ALTER TABLE "events" DETACH PARTITION "events_2020" CONCURRENTLY;',
    good: 'ALTER TABLE "events" DETACH PARTITION "events_2020";',
  },
  {
    rule: 'migration-concurrently',
    bad: 'ALTER TYPE "public"."status" ADD VALUE \'review\' BEFORE \'published\';--> statement-breakpoint\nALTER TABLE "posts" ALTER COLUMN "status" SET DEFAULT \'review\';',
    expect: ['migration-concurrently@2'],
    good: 'ALTER TYPE "public"."status" ADD VALUE \'review\' BEFORE \'published\';--> statement-breakpoint\nALTER TABLE "posts" ADD COLUMN "note" text DEFAULT \'review\';',
  },
  {
    rule: 'migration-concurrently',
    bad: 'ALTER TYPE "public"."status" ADD VALUE \'review\';',
    good: 'CREATE TYPE "public"."status" AS ENUM(\'draft\');--> statement-breakpoint\nALTER TYPE "public"."status" ADD VALUE \'review\';',
    settings: { sqlPostgresVersion: 11 },
  },
  // drizzle-kit before 0.30 wrapped every foreign key in a DO block: linted at the statement's own line.
  {
    rule: 'sql-add-foreign-key',
    bad: 'DO $$ BEGIN\n ALTER TABLE "posts" ADD CONSTRAINT "posts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;\nEXCEPTION\n WHEN duplicate_object THEN null;\nEND $$;',
    expect: ['sql-add-foreign-key@2'],
    good: 'DO $$ BEGIN\n ALTER TABLE "posts" ADD CONSTRAINT "posts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") NOT VALID;\nEXCEPTION\n WHEN duplicate_object THEN null;\nEND $$;',
  },
  {
    rule: 'sql-create-index',
    bad: 'DO $$\nBEGIN\n  IF NOT EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = \'i\') THEN\n    EXECUTE \'CREATE INDEX "i" ON "users" ("email")\';\n  END IF;\nEND $$;',
    expect: ['sql-create-index@4'],
    // Built from a string only known when it runs: not judged.
    good: 'DO $$\nBEGIN\n  EXECUTE format(\'CREATE INDEX %I ON "users" ("email")\', \'i\');\nEND $$;',
  },
  {
    rule: 'sql-backfill-under-lock',
    bad: 'ALTER TABLE "users" ADD COLUMN "slug" text;--> statement-breakpoint\nUPDATE "users" SET "slug" = lower("name");',
    expect: ['sql-backfill-under-lock@2'],
    // The same backfill in a custom migration of a later deploy: no DDL lock held.
    good: 'UPDATE "users" SET "slug" = lower("name") WHERE "slug" IS NULL;',
  },
  {
    rule: 'sql-backfill-under-lock',
    bad: 'CREATE INDEX "orders_user_idx" ON "orders" ("user_id");--> statement-breakpoint\nINSERT INTO "order_totals" ("user_id", "total") SELECT "user_id", sum("amount") FROM "orders" GROUP BY 1;',
    expect: ['sql-backfill-under-lock@2'],
    good: 'CREATE INDEX "orders_user_idx" ON "orders" ("user_id");--> statement-breakpoint\nINSERT INTO "orders" ("user_id", "amount") VALUES (1, 10);',
  },
  {
    rule: 'sql-backfill-under-lock',
    bad: 'DO $$ BEGIN\n  ALTER TABLE "users" ADD COLUMN "plan" text;\n  DELETE FROM "users" WHERE "deleted_at" IS NOT NULL;\nEND $$;',
    expect: ['sql-backfill-under-lock@3'],
    // VALIDATE CONSTRAINT takes SHARE UPDATE EXCLUSIVE, which lets writes through; a new table is exempt.
    good: 'ALTER TABLE "users" VALIDATE CONSTRAINT "users_plan_check";--> statement-breakpoint\nCREATE TABLE "plans" ("id" integer);--> statement-breakpoint\nALTER TABLE "plans" ADD COLUMN "name" text;--> statement-breakpoint\nUPDATE "plans" SET "name" = \'free\';',
  },
  {
    rule: 'sql-set-not-null',
    bad: 'ALTER TABLE "users" ADD CONSTRAINT "bio_nn" CHECK ("bio" IS NOT NULL) NOT VALID;--> statement-breakpoint\nALTER TABLE "users" ALTER COLUMN "bio" SET NOT NULL;',
    expect: ['sql-set-not-null@2'],
    // Validated (here in the same deploy, which sql-add-check-constraint reports): Postgres 12+ skips the scan.
    good: 'ALTER TABLE "users" ADD CONSTRAINT "bio_nn" CHECK ("bio" IS NOT NULL) NOT VALID;--> statement-breakpoint\nALTER TABLE "users" VALIDATE CONSTRAINT "bio_nn";--> statement-breakpoint\nALTER TABLE "users" ALTER COLUMN "bio" SET NOT NULL;',
  },
  {
    rule: 'sql-set-not-null',
    bad: 'ALTER TABLE "users" ALTER COLUMN "bio" DROP NOT NULL;--> statement-breakpoint\nALTER TABLE "users" ALTER COLUMN "bio" SET NOT NULL;',
    expect: ['sql-set-not-null@2'],
    // NOT NULL already: Postgres does not scan again.
    good: 'ALTER TABLE "users" ADD COLUMN "bio" text DEFAULT \'\' NOT NULL;--> statement-breakpoint\nALTER TABLE "users" ALTER COLUMN "bio" SET NOT NULL;',
  },
  {
    rule: 'sql-add-check-constraint',
    bad: 'DO $$ BEGIN\n  ALTER TABLE "users" ADD CONSTRAINT "bio_nn" CHECK ("bio" IS NOT NULL) NOT VALID;\n  ALTER TABLE "users" VALIDATE CONSTRAINT "bio_nn";\nEND $$;',
    expect: ['sql-add-check-constraint@3'],
    good: 'ALTER TABLE "users" ADD CONSTRAINT "bio_nn" CHECK ("bio" IS NOT NULL) NOT VALID;',
  },
];

describe('each SQL rule flags the incorrect migration and passes the correct one', () => {
  for (const c of CASES) {
    it(`${c.rule}: ${c.bad.split('\n')[0]!.slice(0, 70)}`, async () => {
      const options = { rules: [c.rule], settings: c.settings ?? {} };
      const bad = await lintSql(c.bad, options);
      expect(ids(bad)).toEqual(c.expect ?? [`${c.rule}@1`]);
      expect(bad.every((f) => f.message && f.help && f.file === 'drizzle/0000_m0.sql')).toBe(true);
      expect(ids(await lintSql(c.good, options))).toEqual([]);
    });
  }
});
