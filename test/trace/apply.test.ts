/**
 * The trace meeting the static findings (src/trace/apply.ts), on statements really traced on
 * PGlite: observations attached, a contradicted claim said (the finding kept), a traced hazard
 * dropped where a rule flagged the statement, a failed statement marked not traced.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/connect.js';
import { freshPglite } from '../../src/db/pglite.js';
import type { Finding } from '../../src/rules/types.js';
import { applyTrace } from '../../src/trace/apply.js';
import { traceUnits, type TracedStatement } from '../../src/trace/run.js';

let db: Db;
let traced: TracedStatement[];
beforeAll(async () => {
  db = await freshPglite();
  await db.exec('CREATE TABLE users (id integer PRIMARY KEY, name text, age integer)');
  const sql = [
    `UPDATE users SET name = 'x' WHERE id = 1`,
    'ALTER TABLE users ALTER COLUMN age TYPE bigint',
    'CREATE EXTENSION postgis',
  ];
  traced = await traceUnits(db, [sql.map((s, i) => ({ file: 'm.sql', line: i + 1, endLine: i + 1, sql: s }))]);
});
afterAll(() => db.close());

const finding = (ruleId: string, line: number): Finding => ({
  ruleId,
  line,
  file: 'm.sql',
  message: 'static',
  severity: 'error',
  project: 'drizzle.config.ts',
});

describe('applyTrace', () => {
  it('attaches observations, keeps and marks a contradicted finding, and drops a hazard a rule flagged', () => {
    const out = applyTrace(
      [
        finding('sql-backfill-under-lock', 1),
        finding('sql-column-type-change', 2),
        finding('sql-traced-hazard', 2),
        finding('sql-drop-table', 3),
      ],
      'drizzle.config.ts',
      { statements: traced },
    );
    expect(out.map((f) => f.ruleId)).toEqual(['sql-backfill-under-lock', 'sql-column-type-change', 'sql-drop-table']);
    // A point update through the primary key: ROW EXCLUSIVE, no scan: the backfill claim is contradicted.
    expect(out[0]!.observed).toEqual([
      { table: 'public.users', lock: 'ROW EXCLUSIVE', rewrite: false, scan: false, indexBuild: false },
    ]);
    expect(out[0]!.contradicted).toContain('neither rewrote, scanned nor built an index');
    expect(out[0]!.message).toContain('(Trace: the trace contradicts the scan this rule expects');
    expect(out[1]!.observed?.[0]).toMatchObject({ lock: 'ACCESS EXCLUSIVE', rewrite: true });
    expect(out[1]!.contradicted).toBeUndefined();
    expect(out[2]!.notTraced).toMatch(/postgis/);
    expect(out[2]!.observed).toBeUndefined();
  });
});
