/**
 * The trace as the test oracle (issue 15, part 5): a SQL rule case is run through the static rules
 * that claim a rewrite, scan or index build (trace/apply.ts PHYSICAL_CLAIMS) and through the trace
 * on PGlite, on tables that exist (empty, as after a replay) before the migration; the two must
 * agree statement by statement: no statement a rule flags is contradicted by the trace (as
 * `--trace` judges it: no rewrite, scan or index build, and no write-blocking lock), and every
 * statement where Postgres rewrote, scanned or built an index under a write-blocking lock is
 * flagged (else, with --trace, sql-traced-hazard reports it: a case says so in `oracle`).
 *
 * A case where a statement fails on PGlite (an extension it lacks, an object the setup does not
 * have) is inconclusive: the oracle says so instead of judging.
 */
import { freshPglite } from '../../src/db/pglite.js';
import type { Db } from '../../src/db/connect.js';
import { contradiction, PHYSICAL_CLAIMS, statementAt } from '../../src/trace/apply.js';
import { describeObservation } from '../../src/trace/describe.js';
import { isHazard } from '../../src/trace/observe.js';
import { traceUnits } from '../../src/trace/run.js';
import { traceStatements } from '../../src/trace/statements.js';
import { lintSql } from './harness.js';

/** The tables the rule cases use, as a replay of older migrations would have left them (empty). */
export const ORACLE_SETUP = `
CREATE TABLE "users" ("id" integer PRIMARY KEY, "name" text, "bio" text, "email" text NOT NULL, "age" integer,
  "nick" text, "token" uuid, "first" text, "last" text, "deleted_at" timestamptz, "slug" text, "plan" text);
CREATE UNIQUE INDEX "users_nick_idx" ON "users" ("nick");
CREATE TABLE "posts" ("id" integer PRIMARY KEY, "user_id" integer, "title" text);
CREATE TABLE "memberships" ("user_id" integer, "org_id" integer);
CREATE TABLE "orders" ("id" integer, "user_id" integer, "amount" integer);
CREATE TABLE "order_totals" ("user_id" integer, "total" bigint);`;

let shared: Promise<Db> | null = null;

/** One PGlite per test file, emptied between cases. */
function database(): Promise<Db> {
  return (shared ??= freshPglite());
}

export async function closeOracle(): Promise<void> {
  const db = shared;
  shared = null;
  await (await db)?.close();
}

/** Tables the migration creates itself are not in the setup (they would collide). */
function setupFor(sql: string): string {
  const created = [...sql.matchAll(/CREATE TABLE\s+(?:IF NOT EXISTS\s+)?"(\w+)"/gi)].map((m) => m[1]!);
  return `DROP SCHEMA public CASCADE; CREATE SCHEMA public; ${ORACLE_SETUP}
${created.map((t) => `DROP TABLE IF EXISTS "${t}" CASCADE;`).join('\n')}`;
}

/** Where the static rules and the trace disagree, one line each; null when inconclusive. */
export async function traceDisagreements(sql: string): Promise<string[] | null> {
  const file = 'drizzle/0000_m0.sql';
  const findings = await lintSql(sql, { rules: Object.keys(PHYSICAL_CLAIMS) });
  const db = await database();
  await db.exec(setupFor(sql));
  const traced = await traceUnits(db, [await traceStatements({ tag: '0000_m0', file, sql })]);
  if (traced.some((s) => s.notTraced)) return null;
  const trace = { statements: traced };
  const flagged = new Map<number, string[]>();
  const out: string[] = [];
  for (const f of findings) {
    const at = statementAt(trace, f.file, f.line);
    if (!at) return [`${f.ruleId}@${f.line} is at no traced statement`];
    flagged.set(at.line, [...(flagged.get(at.line) ?? []), f.ruleId]);
    if (contradiction(f.ruleId, at)) {
      const seen = at.observed.map(describeObservation).join('; ') || 'nothing';
      out.push(`line ${at.line}: ${f.ruleId} flagged it, Postgres did ${seen}`);
    }
  }
  for (const s of traced) {
    const hazards = s.observed.filter(isHazard);
    const rules = flagged.get(s.line);
    if (!rules && hazards.length) {
      out.push(`line ${s.line}: no rule flagged it, Postgres did ${hazards.map(describeObservation).join('; ')}`);
    }
  }
  return out;
}
