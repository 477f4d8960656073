/**
 * `ALTER COLUMN ... TYPE` rewrites the whole table (and rebuilds its indexes) under an ACCESS
 * EXCLUSIVE lock, blocking reads and writes, unless Postgres can reuse the stored bytes: widening
 * a varchar, varchar → text, widening a numeric's precision. The old type comes from the snapshot
 * drizzle-kit wrote for the previous migration, so the safe widenings pass. The same type with a
 * new `COLLATE` does not rewrite the table but rebuilds every index on the column, under the same lock.
 */
import { defineRule, type RuleContext } from '../types.js';
import { alterTableCommands, names, relationKey, relationLabel, typeLabel } from '../../sql/ast.js';
import { EXPAND_CONTRACT } from '../../sql/advice.js';
import { body } from '../../sql/parse.js';

export default defineRule({
  meta: {
    id: 'sql-column-type-change',
    description: 'Changing the type of a column of an existing table rewrites it under an exclusive lock.',
    defaultSeverity: 'error',
    category: 'sql',
    scope: 'project',
  },
  check,
});

interface ParsedType {
  name: string;
  mods: number[];
  array: boolean;
}

/** `varchar(255)`, `character varying(255)`, `numeric(10, 2)`, `text[]` → parts. */
export function parseTypeLabel(label: string): ParsedType {
  const clean = label.trim().toLowerCase().replace(/\s+/g, ' ');
  const array = clean.endsWith('[]');
  const base = clean.replace(/(\[\])+$/, '');
  const match = /^([^(]+?)\s*(?:\(([^)]*)\))?$/.exec(base);
  const raw = (match?.[1] ?? base).replace(/^"|"$/g, '');
  const name = raw === 'character varying' ? 'varchar' : raw === 'decimal' ? 'numeric' : raw;
  const mods = match?.[2] ? match[2].split(',').map((m) => Number(m.trim())) : [];
  return { name, mods, array };
}

/** True when Postgres changes the type without rewriting the table or checking rows. */
export function isSafeTypeChange(from: ParsedType, to: ParsedType): boolean {
  if (from.array !== to.array) return false;
  if (from.name === 'varchar' && to.name === 'text') return true;
  if (from.name === 'varchar' && to.name === 'varchar') {
    return !to.mods.length || (!!from.mods.length && to.mods[0]! >= from.mods[0]!);
  }
  if (from.name === 'text' && to.name === 'varchar') return !to.mods.length;
  if (from.name === 'numeric' && to.name === 'numeric') {
    if (!to.mods.length) return true;
    if (!from.mods.length) return false;
    return to.mods[0]! >= from.mods[0]! && (to.mods[1] ?? 0) === (from.mods[1] ?? 0);
  }
  if (from.name === 'cidr' && to.name === 'inet') return true;
  return from.name === to.name && JSON.stringify(from.mods) === JSON.stringify(to.mods);
}

async function check(ctx: RuleContext): Promise<void> {
  const { reportAt, sqlAnalysis } = await import('../../sql/analysis.js');
  const analysis = await sqlAnalysis(ctx);
  for (const at of analysis.statements) {
    for (const { stmt, cmd } of alterTableCommands(at.statement.node)) {
      if (cmd.subtype !== 'AT_AlterColumnType') continue;
      const key = relationKey(stmt.relation);
      if (analysis.isNewTable(key, at)) continue;
      const def = body(cmd.def, 'ColumnDef');
      const target = typeLabel(def?.typeName);
      const previous = (await analysis.tableBefore(at.migration, key))?.columns?.[cmd.name ?? '']?.type;
      if (previous && !def?.raw_default && isSafeTypeChange(parseTypeLabel(previous), parseTypeLabel(target))) {
        const collation = names(def?.collClause?.collname);
        if (!collation.length) continue;
        // Same type, new collation: no rewrite, but every index on the column is rebuilt.
        reportAt(ctx, at, {
          message:
            `Changing the collation of "${cmd.name}" in ${relationLabel(stmt.relation)} to "${collation.join('.')}" rebuilds ` +
            'every index on the column while blocking all reads and writes.',
          help:
            'Build the new indexes outside the migrator instead: add a new index with `COLLATE` by `CREATE INDEX ' +
            'CONCURRENTLY` in a deploy step before `drizzle-kit migrate`, switch queries to it, then drop the old one. ' +
            'If the column has no index or the table is small, suppress with that reason.',
        });
        continue;
      }
      const from = previous ? ` from ${previous}` : '';
      reportAt(ctx, at, {
        message:
          `Changing the type of "${cmd.name}" in ${relationLabel(stmt.relation)}${from} to ${target} rewrites the table ` +
          'and its indexes while blocking all reads and writes.',
        help:
          `${EXPAND_CONTRACT} Only widening a varchar, varchar → text and widening a numeric's precision are free. ` +
          'If the table is small, suppress with a reason.',
      });
    }
  }
}
