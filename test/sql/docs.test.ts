import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../../src/rules/index.js';
import { PROJECT_ROOT } from '../helpers/repo.js';

const rules = await loadRules();
const sqlRules = rules.filter((r) => r.meta.category === 'sql');

const SECTIONS = [
  '## The problem',
  '## Why it hurts in production',
  '## The safe way, in Drizzle terms',
  '## Incorrect',
  '## Correct',
];

describe('every SQL rule is registered and documented', () => {
  it('is in the registry once, with a kebab-case id', () => {
    for (const rule of sqlRules) {
      expect(rules.filter((r) => r.meta.id === rule.meta.id)).toHaveLength(1);
      expect(rule.meta.id).toMatch(/^[a-z]+(-[a-z0-9]+)+$/);
    }
  });

  for (const rule of sqlRules) {
    it(`${rule.meta.id} has docs/rules/${rule.meta.id}.md with every section`, () => {
      const file = path.join(PROJECT_ROOT, 'docs/rules', `${rule.meta.id}.md`);
      expect(existsSync(file)).toBe(true);
      const text = readFileSync(file, 'utf8');
      expect(text.startsWith(`# ${rule.meta.id}\n`)).toBe(true);
      for (const section of SECTIONS) expect(text, section).toContain(section);
      expect(text.match(/```/g)?.length ?? 0).toBeGreaterThanOrEqual(4);
    });
  }

  it('docs/sql-rules.md compares every rule with squawk', () => {
    const text = readFileSync(path.join(PROJECT_ROOT, 'docs/sql-rules.md'), 'utf8');
    for (const rule of sqlRules) expect(text, rule.meta.id).toContain(`\`${rule.meta.id}\``);
  });
});
