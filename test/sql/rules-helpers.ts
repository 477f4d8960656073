/**
 * The table the SQL rule tests are written in: each rule on an incorrect and a correct migration,
 * as drizzle-kit writes them (statement, `;--> statement-breakpoint`, next statement) unless the
 * case is about hand-written SQL.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { PHYSICAL_CLAIMS } from '../../src/trace/apply.js';
import { ids, lintSql } from './harness.js';
import { closeOracle, traceDisagreements } from './trace-oracle.js';

export interface Case {
  rule: string;
  bad: string;
  /** `rule@line` expected for `bad` (default: one finding on line 1). */
  expect?: string[];
  good: string;
  settings?: NonNullable<Parameters<typeof lintSql>[1]>['settings'];
  /** Where the trace oracle (checkTraceAgrees) is known to disagree, as it words it: say why beside it. */
  oracle?: { bad?: string[]; good?: string[] };
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

/**
 * The trace as the oracle (trace-oracle.ts): for each case whose rule claims a rewrite, scan or
 * index build, the static verdict on `bad` and on `good` must match what Postgres does.
 * Cases with settings (another Postgres version) are left out: PGlite is one version.
 */
export function checkTraceAgrees(cases: Case[]): void {
  describe('the trace agrees with the static verdict', () => {
    afterAll(closeOracle);
    for (const c of cases.filter((c) => c.rule in PHYSICAL_CLAIMS && !c.settings)) {
      it(`${c.rule}: ${c.bad.split('\n')[0]!.slice(0, 70)}`, async (t) => {
        const bad = await traceDisagreements(c.bad);
        const good = await traceDisagreements(c.good);
        if (bad === null && good === null) return t.skip('inconclusive: a statement fails on PGlite');
        expect({ bad: bad ?? [], good: good ?? [] }).toEqual({ bad: c.oracle?.bad ?? [], good: c.oracle?.good ?? [] });
      });
    }
  });
}
