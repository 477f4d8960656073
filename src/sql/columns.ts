/**
 * Columns a statement defines, for the rules about column types:
 *   CREATE TABLE t (id serial, ...)                 → via 'create'
 *   ALTER TABLE t ADD COLUMN c timestamp            → via 'add'
 *   ALTER TABLE t ALTER COLUMN c TYPE timestamp     → via 'type' (only when asked: `typeChanges`)
 */
import type { ColumnDef, Node, RangeVar } from 'libpg-query';
import { alterTableCommands } from './ast.js';
import { body } from './parse.js';

export interface DefinedColumn {
  column: ColumnDef;
  table: RangeVar | undefined;
  via: 'create' | 'add' | 'type';
}

export function definedColumns(node: Node, options: { typeChanges?: boolean } = {}): DefinedColumn[] {
  const create = body(node, 'CreateStmt');
  if (create) {
    return (create.tableElts ?? []).flatMap((e) => {
      const column = body(e, 'ColumnDef');
      return column ? [{ column, table: create.relation, via: 'create' as const }] : [];
    });
  }
  const out: DefinedColumn[] = [];
  for (const { stmt, cmd } of alterTableCommands(node)) {
    const column = body(cmd.def, 'ColumnDef');
    if (!column) continue;
    if (cmd.subtype === 'AT_AddColumn') out.push({ column, table: stmt.relation, via: 'add' });
    else if (cmd.subtype === 'AT_AlterColumnType' && options.typeChanges) {
      out.push({ column: { ...column, colname: cmd.name ?? '' }, table: stmt.relation, via: 'type' });
    }
  }
  return out;
}
