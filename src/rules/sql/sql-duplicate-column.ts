/**
 * A column named twice in one CREATE TABLE, ALTER TABLE, INSERT column list, UPDATE SET or view
 * column list is an error Postgres raises at run time, failing the deploy (and every other
 * pending migration with it).
 */
import type { Node } from 'libpg-query';
import { defineRule, type RuleContext } from '../types.js';
import { alterTableCommands, names } from '../../sql/ast.js';
import type { StatementRef } from '../../sql/analysis.js';
import { body } from '../../sql/parse.js';

export default defineRule({
  meta: {
    id: 'sql-duplicate-column',
    description: 'A column named twice in one statement: Postgres rejects it when the migration runs.',
    defaultSeverity: 'error',
    category: 'sql',
    scope: 'project',
  },
  check,
});

type ReportAt = typeof import('../../sql/analysis.js').reportAt;

function columnNames(node: Node): Array<{ name: string; location: number | undefined }> {
  const create = body(node, 'CreateStmt');
  if (create) {
    return (create.tableElts ?? []).flatMap((e) => {
      const c = body(e, 'ColumnDef');
      return c ? [{ name: c.colname ?? '', location: c.location }] : [];
    });
  }
  if (body(node, 'AlterTableStmt')) {
    return alterTableCommands(node).flatMap(({ cmd }) => {
      const c = cmd.subtype === 'AT_AddColumn' ? body(cmd.def, 'ColumnDef') : undefined;
      return c ? [{ name: c.colname ?? '', location: c.location }] : [];
    });
  }
  const targets = body(node, 'InsertStmt')?.cols ?? body(node, 'UpdateStmt')?.targetList;
  if (targets) {
    return targets.flatMap((t) => {
      const r = body(t, 'ResTarget');
      return r?.name && !r.indirection?.length ? [{ name: r.name, location: r.location }] : [];
    });
  }
  const view = body(node, 'ViewStmt');
  if (view) return names(view.aliases).map((name) => ({ name, location: undefined }));
  return [];
}

async function check(ctx: RuleContext): Promise<void> {
  const { reportAt, sqlAnalysis } = await import('../../sql/analysis.js');
  const analysis = await sqlAnalysis(ctx);
  for (const at of analysis.statements) checkStatement(ctx, reportAt, at);
}

function checkStatement(ctx: RuleContext, reportAt: ReportAt, at: StatementRef): void {
  const seen = new Set<string>();
  for (const { name, location } of columnNames(at.statement.node)) {
    if (!seen.has(name)) {
      seen.add(name);
      continue;
    }
    reportAt(ctx, at, {
      line: at.statement.lineAt(location),
      message: `Column "${name}" appears twice in this statement; Postgres rejects it when the migration runs.`,
      help: 'Remove the duplicate. If drizzle-kit wrote it, two schema columns map to the same database name: rename one.',
    });
  }
}
