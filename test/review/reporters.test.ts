import { describe, expect, it } from 'vitest';
import { markdown, commentMarker, GITHUB_COMMENT_LIMIT } from '../../src/report/markdown.js';
import { annotation, escapeData, escapeProperty, github } from '../../src/report/github.js';
import type { Finding } from '../../src/rules/types.js';
import { FINDINGS, REVIEW, resultWith } from './results.js';

const options = { color: false, version: '1.2.3' };

describe('markdown (the PR comment)', () => {
  it('renders the reviewed comment for a PR with findings and schema changes', async () => {
    const body = markdown(resultWith(FINDINGS, REVIEW), {
      ...options,
      blobBase: 'https://github.com/acme/app/blob/abc123',
    });
    await expect(body).toMatchFileSnapshot('__snapshots__/comment-failing.md');
  });

  it('says so when the PR is clean, and keeps the marker so the comment is edited, not removed', async () => {
    const body = markdown(resultWith([], REVIEW), options);
    expect(body.split('\n')[0]).toBe('<!-- nexiom-lint:repo -->');
    expect(body).toContain('## ✅ nexiom-lint: no problems');
    expect(body).toContain('The migrations and the schema change agree');
    await expect(body).toMatchFileSnapshot('__snapshots__/comment-clean.md');
  });

  it('says there is nothing to review when nothing changed', () => {
    const body = markdown(resultWith([], { projects: [] }), { ...options, commentId: 'apps/api/drizzle.config.ts' });
    expect(body.split('\n')[0]).toBe('<!-- nexiom-lint:apps/api/drizzle.config.ts -->');
    expect(body).toContain('No schema or migration change to review in this pull request.');
  });

  it('fails the verdict from --fail-on, not only on errors', () => {
    const warningOnly = [FINDINGS[1]!];
    expect(markdown(resultWith(warningOnly, REVIEW), options)).toContain('nothing blocking');
    expect(markdown(resultWith(warningOnly, REVIEW), { ...options, failOn: 'warning' })).toContain(
      '**Fix before merging**: `ban-drop-column` fails',
    );
  });

  it('neutralises HTML and mentions in messages but keeps their code spans', () => {
    const body = markdown(resultWith(FINDINGS, REVIEW), options);
    expect(body).toContain('\\<b\\>until\\</b\\>');
    expect(body).toContain('@\u200bteam');
    expect(body).toContain('Run `npm run db:generate`');
  });

  it('keeps code that holds backticks (a template literal, between double backticks) as one code span', () => {
    const finding = {
      ...FINDINGS[0]!,
      help: "Add ``check('name_not_null', sql`${t.name} IS NOT NULL`)`` to the table, then `VALIDATE CONSTRAINT` <b>later</b>.",
    };
    const body = markdown(resultWith([finding], REVIEW), options);
    expect(body).toContain(
      "Add ``check('name_not_null', sql`${t.name} IS NOT NULL`)`` to the table, then `VALIDATE CONSTRAINT` \\<b\\>later\\</b\\>.",
    );
  });

  it('is the same text on every run (no timestamps)', () => {
    expect(markdown(resultWith(FINDINGS, REVIEW), options)).toBe(markdown(resultWith(FINDINGS, REVIEW), options));
  });

  it('stays under GitHub’s limit on a huge PR, keeping the verdict and the findings first', () => {
    const sql = 'ALTER TABLE "t" ADD COLUMN "c" text;\n'.repeat(4_000);
    const migrations = Array.from({ length: 20 }, (_, i) => ({
      tag: `${String(i).padStart(4, '0')}_big`,
      sqlFile: `drizzle/${String(i).padStart(4, '0')}_big.sql`,
      status: 'added' as const,
      sql,
      statements: 4_000,
    }));
    const changes = Array.from({ length: 3_000 }, (_, i) => ({
      kind: 'column' as const,
      action: 'added' as const,
      table: 't',
      name: `c${i}`,
      after: 'text',
    }));
    const findings: Finding[] = Array.from({ length: 5_000 }, (_, i) => ({
      ruleId: 'schema-without-migration',
      severity: 'error' as const,
      message: `finding number ${i} `.repeat(10),
      file: `src/schema/f${i}.ts`,
      project: 'drizzle.config.ts',
    }));
    const review = { projects: [{ ...REVIEW!.projects[0]!, changes, migrations }] };

    const sqlHeavy = markdown(resultWith(FINDINGS, review), options);
    expect(sqlHeavy.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(sqlHeavy).toContain('Shortened to fit GitHub');
    expect(sqlHeavy).toContain('Schema changed (src/schema/users.ts)');

    const everythingHeavy = markdown(resultWith(findings, review), options);
    expect(everythingHeavy.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(everythingHeavy.startsWith(`${commentMarker('repo')}\n## ❌ nexiom-lint: 5000 errors`)).toBe(true);
    expect(everythingHeavy).toContain('finding number 0 ');
    expect(everythingHeavy).toMatch(/and \d+ more findings, left out/);
  });
});

describe('github (workflow annotations)', () => {
  it('escapes data and properties the way the runner parses them', () => {
    expect(escapeData('100% sure\r\nnext')).toBe('100%25 sure%0D%0Anext');
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
    const line = annotation({
      ruleId: 'x-rule',
      severity: 'warning',
      message: 'Line one: 50% done,\nline two',
      file: 'db/weird,name:1.sql',
      line: 3,
      column: 5,
    });
    expect(line).toBe(
      '::warning file=db/weird%2Cname%3A1.sql,line=3,col=5,title=nexiom-lint x-rule::' +
        'Line one: 50%25 done,%0Aline two%0Ahttps://github.com/nexiom/nexiom-lint/blob/main/docs/rules/x-rule.md',
    );
  });

  it('prints one annotation per finding (info as notice) and a plain summary line', () => {
    const out = github(resultWith([...FINDINGS, { ruleId: 'r', severity: 'info', message: 'fyi' }]), options);
    const lines = out.trimEnd().split('\n');
    expect(lines.map((l) => l.split(' ')[0])).toEqual(['::error', '::warning', '::notice', 'nexiom-lint:']);
    expect(lines[2]).toBe(
      '::notice title=nexiom-lint r::fyi%0Ahttps://github.com/nexiom/nexiom-lint/blob/main/docs/rules/r.md',
    );
    expect(lines[3]).toBe('nexiom-lint: 1 error, 1 warning, 1 info (1a2b3c4 (merge base with origin/main) → HEAD)');
  });
});
