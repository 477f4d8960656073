/**
 * The SQL rules on DDL statements one at a time: drops, renames, type changes, NOT NULL, column
 * defaults, constraints, indexes, partitions, duplicate columns and long names.
 */
import { checkEachRule, checkTraceAgrees, type Case } from './rules-helpers.js';

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
    bad: 'ALTER TABLE "users" ADD COLUMN "rank" integer NOT NULL;',
    good: 'ALTER TABLE "users" ADD COLUMN "rank" integer DEFAULT 0 NOT NULL;',
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
];

checkEachRule(CASES);
checkTraceAgrees(CASES);
