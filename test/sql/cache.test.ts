import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { AstCache } from '../../src/sql/cache.js';
import { fromStored, loadParser, parseMigrationSql } from '../../src/sql/parse.js';
import { cleanupAll, tempDir } from '../helpers/repo.js';

afterAll(cleanupAll);

const SQL =
  'COMMENT ON TABLE "a" IS \'ééé\';--> statement-breakpoint\nALTER TABLE "a"\n  ADD COLUMN "b" text,\n  ADD COLUMN "c" text NOT NULL;';

it('keeps parse results between runs, with the same statements and line lookups', async () => {
  const repo = tempDir();
  mkdirSync(path.join(repo, 'node_modules'));
  const parsed = parseMigrationSql(await loadParser(), SQL);
  const hash = AstCache.hash(SQL);
  const first = AstCache.open(repo);
  expect(first.get(hash)).toBeUndefined();
  first.put(hash, parsed.stored);
  first.save(true);

  const again = AstCache.open(repo).get(hash);
  expect(again).toBeDefined();
  const restored = fromStored(SQL, again!);
  expect(restored.statements.map((s) => [s.kind, s.line, s.endLine, s.text])).toEqual(
    parsed.statements.map((s) => [s.kind, s.line, s.endLine, s.text]),
  );
  const column = (p: typeof parsed) => {
    const cmds = (
      p.statements[1]!.node as {
        AlterTableStmt: { cmds: Array<{ AlterTableCmd: { def: { ColumnDef: { location: number } } } }> };
      }
    ).AlterTableStmt.cmds;
    return p.statements[1]!.lineAt(cmds[1]!.AlterTableCmd.def.ColumnDef.location);
  };
  expect(column(restored)).toBe(4);
  expect(column(parsed)).toBe(4);

  // A run over the whole project drops what it did not use; a diff run only adds.
  const other = AstCache.open(repo);
  other.put('x', { statements: [], errors: [] });
  other.save(false);
  expect(
    Object.keys(
      JSON.parse(readFileSync(path.join(repo, 'node_modules/.cache/nexiom-lint/sql-ast.json'), 'utf8')).entries,
    ).sort(),
  ).toEqual([hash, 'x'].sort());
  const pruning = AstCache.open(repo);
  pruning.get('x');
  pruning.save(true);
  expect(
    Object.keys(
      JSON.parse(readFileSync(path.join(repo, 'node_modules/.cache/nexiom-lint/sql-ast.json'), 'utf8')).entries,
    ),
  ).toEqual(['x']);
});

it('writes nothing without a node_modules folder', () => {
  const repo = tempDir();
  const cache = AstCache.open(repo);
  cache.put('y', { statements: [], errors: [] });
  cache.save(true);
  expect(() => readFileSync(path.join(repo, 'node_modules/.cache/nexiom-lint/sql-ast.json'))).toThrow();
});
