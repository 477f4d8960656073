import { beforeAll, describe, expect, it } from 'vitest';
import { loadParser, parseMigrationSql } from '../../src/sql/parse.js';
import { LineMap, skipTrivia, splitChunks } from '../../src/sql/split.js';
import { ids, lintSql } from './harness.js';

let api: Awaited<ReturnType<typeof loadParser>>;
beforeAll(async () => {
  api = await loadParser();
});

describe('splitting like drizzle-orm readMigrationFiles', () => {
  it('splits on the marker exactly as String.split does, keeping offsets', () => {
    const text =
      'CREATE TABLE "a" ("id" integer);\n--> statement-breakpoint\nALTER TABLE "a" ADD COLUMN "b" text;--> statement-breakpoint\nSELECT 1;';
    const chunks = splitChunks(text);
    expect(chunks.map((c) => c.text)).toEqual(text.split('--> statement-breakpoint'));
    for (const c of chunks) expect(text.slice(c.offset, c.offset + c.text.length)).toBe(c.text);
  });

  it('maps offsets to lines and skips comments and blanks before a statement', () => {
    const text = 'a\nbc\n\nd';
    const lines = new LineMap(text);
    expect([0, 1, 2, 4, 5, 6].map((o) => lines.line(o))).toEqual([1, 1, 2, 2, 3, 4]);
    const sql = '\n  -- note\n /* a /* nested */ b */\nSELECT 1';
    expect(sql.slice(skipTrivia(sql, 0))).toBe('SELECT 1');
  });
});

describe('parsing a migration', () => {
  it('gives each statement of a drizzle-kit file its first and last line', () => {
    const text = [
      'CREATE TABLE "users" (',
      '\t"id" serial PRIMARY KEY NOT NULL,',
      '\t"email" text NOT NULL',
      ');',
      '--> statement-breakpoint',
      'CREATE INDEX "users_email_idx" ON "users" USING btree ("email");--> statement-breakpoint',
      'ALTER TABLE "users" ADD COLUMN "name" text;',
    ].join('\n');
    const parsed = parseMigrationSql(api, text);
    expect(parsed.errors).toEqual([]);
    expect(parsed.statements.map((s) => [s.kind, s.line, s.endLine, s.chunk])).toEqual([
      ['CreateStmt', 1, 4, 0],
      ['IndexStmt', 6, 6, 1],
      ['AlterTableStmt', 7, 7, 2],
    ]);
    expect(parsed.statements[1]!.text).toBe('CREATE INDEX "users_email_idx" ON "users" USING btree ("email")');
  });

  it('handles a file without breakpoints holding several statements (breakpoints: false, or hand-written)', () => {
    const text =
      '-- hand-written\nALTER TABLE "a" ADD COLUMN "x" text;\n\n/* then */\nDROP TABLE "b";\nSELECT 1; SELECT 2;\n';
    const parsed = parseMigrationSql(api, text);
    expect(parsed.statements.map((s) => [s.kind, s.line])).toEqual([
      ['AlterTableStmt', 2],
      ['DropStmt', 5],
      ['SelectStmt', 6],
      ['SelectStmt', 6],
    ]);
  });

  it('counts lines in characters when the SQL holds multi-byte text', () => {
    const text = 'COMMENT ON TABLE "a" IS \'données: ééé\';\nALTER TABLE "a"\n  ADD COLUMN "é" text;';
    const parsed = parseMigrationSql(api, text);
    expect(parsed.statements.map((s) => s.line)).toEqual([1, 2]);
    expect(parsed.statements[1]!.text).toBe('ALTER TABLE "a"\n  ADD COLUMN "é" text');
  });

  it('reports a statement the parser rejects at its line and keeps parsing the others', () => {
    const text =
      'ALTER TABLE "a" ADD COLUMN "x" text;\nSELEC \'é\';\nDROP TABLE "b";--> statement-breakpoint\nCREATE TABLE (;\n--> statement-breakpoint\nDROP TABLE "c";';
    const parsed = parseMigrationSql(api, text);
    expect(parsed.errors.map((e) => [e.line, e.message])).toEqual([
      [2, 'syntax error at or near "SELEC"'],
      [4, 'syntax error at or near "("'],
    ]);
    expect(parsed.statements.map((s) => [s.kind, s.line])).toEqual([
      ['AlterTableStmt', 1],
      ['DropStmt', 3],
      ['DropStmt', 6],
    ]);
  });

  it('points a multi-line error at the line of the error, not of the statement', () => {
    const parsed = parseMigrationSql(api, 'CREATE TABLE "a" (\n  "id" integer,\n  "b" text text\n);');
    expect(parsed.errors).toEqual([{ line: 3, statementLine: 1, message: 'syntax error at or near "text"' }]);
  });

  it('survives an unterminated string (the scanner fails too)', () => {
    const parsed = parseMigrationSql(api, "SELECT 1;\nSELECT 'open;\n");
    expect(parsed.errors.map((e) => e.line)).toEqual([2]);
  });

  it('treats empty pieces and comment-only files as no statements', () => {
    expect(parseMigrationSql(api, '').statements).toEqual([]);
    const custom = parseMigrationSql(api, '-- Custom SQL migration file, put your code below! --\n');
    expect(custom.statements).toEqual([]);
    expect(custom.errors).toEqual([]);
  });
});

describe('sql-syntax', () => {
  it('is a finding at the line, never a crash, and other rules still see the good statements', async () => {
    const findings = await lintSql('SELEC 1;\nDROP TABLE "users";', { rules: ['sql-syntax', 'sql-drop-table'] });
    expect(ids(findings)).toEqual(['sql-syntax@1', 'sql-drop-table@2']);
    expect(findings[0]!.message).toContain('syntax error at or near "SELEC"');
  });
});
