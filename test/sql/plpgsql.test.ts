/** The statements a DO block runs, as the parser hands them to the rules. */
import { expect, it } from 'vitest';
import { fromStored, loadParser, parseMigrationSql } from '../../src/sql/parse.js';

const SQL = [
  'COMMENT ON TABLE "a" IS \'ééé\';--> statement-breakpoint',
  'DO $$ BEGIN',
  '  -- déjà: non-ASCII before the statements moves byte offsets',
  '  IF NOT EXISTS (SELECT 1) THEN',
  '    ALTER TABLE "posts"',
  '      ADD CONSTRAINT "fk" FOREIGN KEY ("user_id") REFERENCES "users"("id");',
  '  END IF;',
  "  EXECUTE 'UPDATE \"posts\" SET \"title\" = ''x''';",
  "  EXECUTE format('DROP TABLE %I', 'posts');",
  'EXCEPTION',
  '  WHEN duplicate_object THEN',
  '    CREATE INDEX "i" ON "posts" ("user_id");',
  'END $$;',
].join('\n');

it('lists the DO, then each statement it runs at its own lines, in IF and EXCEPTION branches and EXECUTE literals', async () => {
  const parsed = parseMigrationSql(await loadParser(), SQL);
  expect(parsed.statements.map((s) => [s.kind, s.line, s.endLine, s.inDo])).toEqual([
    ['CommentStmt', 1, 1, undefined],
    ['DoStmt', 2, 13, undefined],
    // The IF condition runs as a query: `SELECT NOT EXISTS (SELECT 1)`, at the condition's line.
    ['SelectStmt', 4, 4, 2],
    ['AlterTableStmt', 5, 6, 2],
    ['UpdateStmt', 8, 8, 2],
    ['IndexStmt', 12, 12, 2],
  ]);
  expect(parsed.statements[2]!.text).toBe('NOT EXISTS (SELECT 1)');
  const alter = parsed.statements[3]!;
  expect(alter.text).toBe(
    'ALTER TABLE "posts"\n      ADD CONSTRAINT "fk" FOREIGN KEY ("user_id") REFERENCES "users"("id")',
  );
  const location = (
    alter.node as { AlterTableStmt: { cmds: Array<{ AlterTableCmd: { def: { Constraint: { location: number } } } }> } }
  ).AlterTableStmt.cmds[0]!.AlterTableCmd.def.Constraint.location;
  expect(alter.lineAt(location)).toBe(6);
  // The literal's doubled quote is read as Postgres reads it.
  expect(JSON.stringify(parsed.statements[4]!.node)).toContain('"sval":"x"');

  // The parse cache keeps the same (inDo included).
  const restored = fromStored(SQL, JSON.parse(JSON.stringify(parsed.stored)));
  expect(restored.statements.map((s) => [s.kind, s.line, s.inDo])).toEqual(
    parsed.statements.map((s) => [s.kind, s.line, s.inDo]),
  );
  expect(restored.statements[3]!.lineAt(location)).toBe(6);
});
