/**
 * The SQL rules on column types, transaction control and timeouts, statements that cannot run in
 * the migrator's transaction, the DO blocks older drizzle-kit wrote, and statements judged by the
 * ones before them (a backfill under a lock, SET NOT NULL after a check constraint).
 */
import { checkEachRule, checkTraceAgrees, type Case } from './rules-helpers.js';

const CASES: Case[] = [
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
    rule: 'sql-transaction-control',
    bad: 'BEGIN;\nALTER TABLE "users" ADD COLUMN "x" text;\nCOMMIT;',
    expect: ['sql-transaction-control@1', 'sql-transaction-control@3'],
    good: 'SAVEPOINT "s";\nRELEASE SAVEPOINT "s";',
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
    // Not judged statically; Postgres builds the index under SHARE, which --trace reports as sql-traced-hazard.
    oracle: { good: ['line 1: no rule flagged it, Postgres did users: SHARE, scanned, index built'] },
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
    rule: 'sql-backfill-under-lock',
    // A check before the next step, in a DO block: its condition reads the table under the DDL lock.
    bad: 'ALTER TABLE "posts" ADD COLUMN "org_id" integer;--> statement-breakpoint\nDO $$\nBEGIN\n  IF EXISTS (SELECT 1 FROM "posts" WHERE "org_id" IS NULL) THEN\n    RAISE EXCEPTION \'posts without an organization\';\n  END IF;\nEND $$;',
    expect: ['sql-backfill-under-lock@4'],
    good: 'DO $$\nBEGIN\n  IF EXISTS (SELECT 1 FROM "posts" WHERE "title" IS NULL) THEN\n    RAISE EXCEPTION \'untitled posts\';\n  END IF;\nEND $$;',
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

checkEachRule(CASES);
checkTraceAgrees(CASES);
