/**
 * A column added to an existing table whose value must be computed row by row rewrites the
 * whole table under an ACCESS EXCLUSIVE lock: a volatile default (drizzle's `.defaultRandom()`
 * writes `DEFAULT gen_random_uuid()`), a serial or identity column, a stored generated column,
 * and on Postgres 10 or older any default at all.
 */
import { defineRule, type RuleContext } from '../types.js';
import { columnDefault, relationLabel, typeLabel } from '../../sql/ast.js';
import { loadVolatility } from '../../sql/volatility.js';

export default defineRule({
  meta: {
    id: 'sql-volatile-default',
    description:
      'A column added to an existing table with a per-row value (volatile default, serial, identity, generated): a full rewrite.',
    defaultSeverity: 'error',
    category: 'sql',
    scope: 'project',
  },
  check,
});

async function check(ctx: RuleContext): Promise<void> {
  const { columnsAddedToExistingTables, reportAt, sqlAnalysis } = await import('../../sql/analysis.js');
  const analysis = await sqlAnalysis(ctx);
  for (const { at, stmt, col, constraints } of columnsAddedToExistingTables(analysis)) {
    const type = typeLabel(col.typeName);
    const generated = constraints.find((c) => c.contype === 'CONSTR_GENERATED');
    const expr = columnDefault(col);
    let why: string | null = null;
    if (/serial$/.test(type)) why = `its type ${type} fills every row from a sequence`;
    else if (col.identity || constraints.some((c) => c.contype === 'CONSTR_IDENTITY')) {
      why = 'an identity column fills every row from a sequence';
    } else if (generated && generated.generated_kind !== 'v') {
      why = 'a stored generated column is computed for every row';
    } else if (expr && analysis.postgresVersion < 11) {
      why = `Postgres ${analysis.postgresVersion} writes any default into every row`;
    } else if (expr) {
      const fn = (await loadVolatility()).volatileFunction(expr);
      if (fn) why = `its default calls ${fn}(), which is evaluated for every existing row`;
    }
    if (!why) continue;
    reportAt(ctx, at, {
      line: at.statement.lineAt(col.location),
      message: `Adding "${col.colname}" to ${relationLabel(stmt.relation)} rewrites the whole table under an exclusive lock: ${why}.`,
      help:
        'Add the column without a per-row default (nullable, or with a constant default), set the default for new rows ' +
        'with `ALTER COLUMN ... SET DEFAULT`, and backfill existing rows in batches in a later data migration. In ' +
        'drizzle, `.$defaultFn(() => crypto.randomUUID())` fills new rows from the app without a database default.',
    });
  }
}
