import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadRules, RULE_IDS } from '../../src/rules/index.js';
import { ruleDocsUrl } from '../../src/rules/docs.js';
import type { Rule } from '../../src/rules/types.js';
import { PROJECT_ROOT } from '../helpers/repo.js';

const rules = await loadRules();

/** The rule files: every module under src/rules but the contract, the registry and shared helpers. */
const NOT_RULES = new Set(['types.ts', 'index.ts', 'docs.ts', 'history/report.ts']);
const ruleFiles = readdirSync(path.join(PROJECT_ROOT, 'src/rules'), { recursive: true, encoding: 'utf8' })
  .map((f) => f.split(path.sep).join('/'))
  .filter((f) => f.endsWith('.ts') && !NOT_RULES.has(f));

describe('every rule', () => {
  it.each(rules.map((r) => [r.meta.id, r] as const))('%s has valid metadata and a doc page', (id, rule) => {
    expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(rule.meta.description.length).toBeGreaterThan(10);
    const doc = path.join(PROJECT_ROOT, 'docs/rules', `${id}.md`);
    expect(existsSync(doc), `docs/rules/${id}.md is missing`).toBe(true);
    const text = readFileSync(doc, 'utf8');
    expect(text.startsWith(`# ${id}`)).toBe(true);
    for (const section of ['## The problem', '## Why it hurts', '## The safe way', '## Incorrect', '## Correct']) {
      expect(text, `docs/rules/${id}.md lacks "${section}"`).toContain(section);
    }
    expect(ruleDocsUrl(id)).toMatch(new RegExp(`/docs/rules/${id}\\.md$`));
    expect(rule.meta.url).toBe(ruleDocsUrl(id));
  });

  it('ids are unique', () => {
    const ids = rules.map((r) => r.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(RULE_IDS);
  });

  it.each(ruleFiles)('src/rules/%s is one registered rule, named after its id', async (file) => {
    const rule = ((await import(pathToFileURL(path.join(PROJECT_ROOT, 'src/rules', file)).href)) as { default?: Rule })
      .default;
    expect(rule?.meta.id, `${file} has no default export with a meta`).toBe(path.basename(file, '.ts'));
    expect(RULE_IDS).toContain(rule!.meta.id);
  });
});
