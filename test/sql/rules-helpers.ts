/**
 * The table the SQL rule tests are written in: each rule on an incorrect and a correct migration,
 * as drizzle-kit writes them (statement, `;--> statement-breakpoint`, next statement) unless the
 * case is about hand-written SQL.
 */
import { describe, expect, it } from 'vitest';
import { ids, lintSql } from './harness.js';

export interface Case {
  rule: string;
  bad: string;
  /** `rule@line` expected for `bad` (default: one finding on line 1). */
  expect?: string[];
  good: string;
  settings?: NonNullable<Parameters<typeof lintSql>[1]>['settings'];
}

/** One test per case: `bad` gives the expected findings, each with its message and help; `good` none. */
export function checkEachRule(cases: Case[]): void {
  describe('each SQL rule flags the incorrect migration and passes the correct one', () => {
    for (const c of cases) {
      it(`${c.rule}: ${c.bad.split('\n')[0]!.slice(0, 70)}`, async () => {
        const options = { rules: [c.rule], settings: c.settings ?? {} };
        const bad = await lintSql(c.bad, options);
        expect(ids(bad)).toEqual(c.expect ?? [`${c.rule}@1`]);
        expect(bad.every((f) => f.message && f.help && f.file === 'drizzle/0000_m0.sql')).toBe(true);
        expect(ids(await lintSql(c.good, options))).toEqual([]);
      });
    }
  });
}
