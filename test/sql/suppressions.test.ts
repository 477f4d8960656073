import { describe, expect, it } from 'vitest';
import { parseDirectives } from '../../src/engine/suppressions.js';
import { ids, lintSql } from './harness.js';

const rules = ['sql-drop-column', 'sql-create-index', 'sql-drop-table', 'sql-suppression'];

describe('inline suppressions', () => {
  it('a directive with a reason suppresses the rule on the statement below it, and only there', async () => {
    const sql = [
      '-- nexiom-lint-ignore sql-drop-column: unused since v2.3, see #812',
      'ALTER TABLE "users" DROP COLUMN "legacy_id";--> statement-breakpoint',
      'ALTER TABLE "users" DROP COLUMN "other";',
    ].join('\n');
    expect(ids(await lintSql(sql, { rules }))).toEqual(['sql-drop-column@3']);
  });

  it('covers the whole statement, blank and comment lines in between, several stacked directives, several ids', async () => {
    const sql = [
      '-- nexiom-lint-ignore sql-create-index: the table holds 40 rows',
      '-- nexiom-lint-ignore sql-drop-table, sql-drop-column: part of the cleanup agreed in #77',
      '',
      '-- (a note)',
      'ALTER TABLE "users"',
      '  ADD COLUMN "x" text,',
      '  DROP COLUMN "y";--> statement-breakpoint',
      'CREATE INDEX "i" ON "users" ("x");',
    ].join('\n');
    // sql-create-index's directive sits above the ALTER, where it finds nothing: reported as unused.
    expect(ids(await lintSql(sql, { rules }))).toEqual([
      'sql-suppression@1',
      'sql-suppression@2',
      'sql-create-index@8',
    ]);
  });

  it('a file directive covers the whole file', async () => {
    const sql =
      '-- nexiom-lint-ignore-file sql-create-index: every table here is tiny\nCREATE INDEX "a" ON "t" ("x");\nCREATE INDEX "b" ON "t" ("y");';
    expect(ids(await lintSql(sql, { rules }))).toEqual([]);
  });

  it('a directive without a reason is reported (the finding itself stays suppressed)', async () => {
    const sql = '-- nexiom-lint-ignore sql-drop-table\nDROP TABLE "old";';
    const findings = await lintSql(sql, { rules });
    expect(ids(findings)).toEqual(['sql-suppression@1']);
    expect(findings[0]!.message).toContain('gives no reason');
    expect(ids(await lintSql('-- nexiom-lint-ignore sql-drop-table:   \nDROP TABLE "old";', { rules }))).toEqual([
      'sql-suppression@1',
    ]);
  });

  it('a directive that suppresses nothing is reported, an unknown rule too', async () => {
    const unused = await lintSql('-- nexiom-lint-ignore sql-drop-table: old table\nDROP VIEW "v";', { rules });
    expect(unused.map((f) => [f.ruleId, f.line, f.message])).toEqual([
      [
        'sql-suppression',
        1,
        '`nexiom-lint-ignore sql-drop-table` suppresses nothing: sql-drop-table finds no problem in the statement on line 2.',
      ],
    ]);
    const unknown = await lintSql('-- nexiom-lint-ignore sql-drop-tables: typo\nDROP TABLE "old";', { rules });
    expect(ids(unknown)).toEqual(['sql-suppression@1', 'sql-drop-table@2']);
    expect(unknown[0]!.message).toContain('unknown rule "sql-drop-tables"');
  });

  it('a directive for a rule that did not run is not called unused', async () => {
    const sql = '-- nexiom-lint-ignore sql-rename-column: keeps the API stable\nALTER TABLE "a" ADD COLUMN "b" text;';
    expect(await lintSql(sql, { rules })).toEqual([]);
  });

  it('parses directive lines and ignores look-alikes', () => {
    const text =
      '-- nexiom-lint-ignore-filex a: b\n--nexiom-lint-ignore a:b\n  --   nexiom-lint-ignore-file  a , b :  why \nSELECT 1;';
    expect(parseDirectives('f.sql', text).map((d) => [d.line, d.scope, d.ruleIds, d.reason, d.from, d.to])).toEqual([
      [2, 'lines', ['a'], 'b', 4, 4],
      [3, 'file', ['a', 'b'], 'why', 1, 4],
    ]);
  });
});
