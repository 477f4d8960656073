/** The engine's rule phase on made-up rules: severities, scopes, suppressions and order. */
import { describe, expect, it } from 'vitest';
import { executeRules, type Execution } from '../../src/engine/execute.js';
import { closest, didYouMean } from '../../src/engine/closest.js';
import { exitCodeFor, failOnOf, failsRun } from '../../src/engine/severity.js';
import { DEFAULT_SETTINGS, type Settings } from '../../src/project/settings.js';
import { loadRule, RULE_IDS } from '../../src/rules/index.js';
import { defineRule, type Report, type Rule } from '../../src/rules/types.js';
import { projectModel } from '../helpers/project.js';
import { MemoryTree } from '../sql/harness.js';

const [app, billing] = await Promise.all([projectModel(), projectModel(['packages/billing/schema'])]);
const billingProject = { ...billing!, configFile: 'packages/billing/drizzle.config.ts' };

function projectRule(id: string, reports: Report[], defaultSeverity: Rule['meta']['defaultSeverity'] = 'error'): Rule {
  return defineRule({
    meta: { id, description: `${id}, a rule for tests`, defaultSeverity, category: 'sql', scope: 'project' },
    check(ctx) {
      for (const r of reports) ctx.report(r);
    },
  });
}

function run(rules: Rule[], extra: Partial<Execution> = {}, settings: Partial<Settings> = {}) {
  return executeRules({
    repoRoot: '/repo',
    mode: 'all',
    changeSet: null,
    base: null,
    target: new MemoryTree(new Map([['drizzle/0001_x.sql', '-- nexiom-lint-ignore b: known\nSELECT 1;\nSELECT 2;\n']])),
    projects: [app!],
    settings: { ...DEFAULT_SETTINGS, ...settings },
    rules,
    ...extra,
  });
}

describe('executeRules', () => {
  it('gives each finding its severity: the settings, else the finding, else the rule', async () => {
    const rules = [
      projectRule('a', [{ message: 'plain' }, { message: 'lower', severity: 'warning' }]),
      projectRule('b', [{ message: 'b' }], 'warning'),
    ];
    const { findings } = await run(rules);
    expect(findings.map((f) => [f.ruleId, f.message, f.severity, f.project])).toEqual([
      ['a', 'plain', 'error', 'drizzle.config.ts'],
      ['a', 'lower', 'warning', 'drizzle.config.ts'],
      ['b', 'b', 'warning', 'drizzle.config.ts'],
    ]);
    const configured = await run(rules, {}, { rules: { a: { severity: 'info', options: {} } } });
    expect(configured.findings.filter((f) => f.ruleId === 'a').map((f) => f.severity)).toEqual(['info', 'info']);
  });

  it('skips a rule that is off, unless it is named, then it is a warning', async () => {
    const off = projectRule('quiet', [{ message: 'q' }], 'off');
    expect((await run([off])).findings).toEqual([]);
    expect((await run([off], { named: ['quiet'] })).findings.map((f) => f.severity)).toEqual(['warning']);
  });

  it('runs a project rule once per project it is given, and a repository rule once', async () => {
    const repo = defineRule({
      meta: {
        id: 'repo-wide',
        description: 'a repository rule for tests',
        defaultSeverity: 'error',
        category: 'push',
        scope: 'repo',
      },
      check(ctx) {
        ctx.report({ message: `sees ${ctx.projects.length} projects`, file: 'package.json' });
      },
    });
    const { findings } = await run([projectRule('p', [{ message: 'p' }]), repo], {
      projects: [app!, billingProject],
      runsOn: (_rule, project) => project !== billingProject,
    });
    // Output groups by project: a repository rule's findings go with the first project.
    expect(findings.map((f) => [f.ruleId, f.project, f.message])).toEqual([
      ['p', 'drizzle.config.ts', 'p'],
      ['repo-wide', 'drizzle.config.ts', 'sees 2 projects'],
    ]);
    expect((await run([repo], { runsRepo: () => false })).findings).toEqual([]);
  });

  it('drops what a directive suppresses, and reports a directive that suppresses nothing only with sql-suppression on', async () => {
    const inspecting = (id: string, line: number) =>
      defineRule({
        meta: {
          id,
          description: `${id}, a rule for tests`,
          defaultSeverity: 'error',
          category: 'sql',
          scope: 'project',
        },
        async check(ctx) {
          ctx.inspected('drizzle/0001_x.sql', (await ctx.target.read('drizzle/0001_x.sql'))!);
          ctx.report({ message: id, file: 'drizzle/0001_x.sql', line });
        },
      });
    const known = { projects: [app!] };
    expect((await run([inspecting('b', 2)], known)).findings).toEqual([]);
    const suppression = await loadRule('sql-suppression');
    const stale = await run([inspecting('b', 3), suppression], known);
    expect(stale.findings.map((f) => [f.ruleId, f.line])).toEqual([
      ['sql-suppression', 1],
      ['b', 3],
    ]);
    expect(stale.findings[0]!.message).toContain('suppresses nothing');
  });

  it('wraps a rule that throws in an internal error naming the rule', async () => {
    const broken = defineRule({
      meta: {
        id: 'broken',
        description: 'a rule that throws',
        defaultSeverity: 'error',
        category: 'sql',
        scope: 'project',
      },
      check() {
        throw new Error('boom');
      },
    });
    await expect(run([broken])).rejects.toThrow('rule broken failed: boom');
  });
});

describe('severity', () => {
  it('a finding fails the run at or above --fail-on', () => {
    expect(failsRun({ severity: 'warning' }, 'error')).toBe(false);
    expect(failsRun({ severity: 'warning' }, 'warning')).toBe(true);
    expect(exitCodeFor([{ severity: 'info' }], 'warning')).toBe(0);
    expect(exitCodeFor([{ severity: 'info' }], 'info')).toBe(1);
    expect(failOnOf(undefined, 'warning')).toBe('warning');
    expect(failOnOf('info', 'warning')).toBe('info');
    expect(failOnOf(undefined, undefined)).toBe('error');
  });
});

describe('did you mean', () => {
  it('suggests the closest rule id, and nothing for a name far from all', () => {
    expect(closest('sql-drop-colum', RULE_IDS)).toBe('sql-drop-column');
    expect(closest('schemadrift', RULE_IDS)).toBe('schema-drift');
    expect(didYouMean('entirely-different-thing', RULE_IDS)).toBe('');
  });
});
