import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../src/rules/index.js';
import { ruleDocsUrl } from '../../src/rules/docs.js';
import { PROJECT_ROOT } from '../helpers/repo.js';

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
  });

  it('ids are unique', () => {
    const ids = rules.map((r) => r.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
