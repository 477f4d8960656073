/**
 * `db status` and `db baseline` output: pure functions of their results (the CLI prints).
 */
import type { BaselinePlan } from './baseline.js';
import type { Status } from './status.js';
import type { TableRef } from './table.js';
import { qualified } from './table.js';

const LABEL: Record<string, string> = { applied: 'applied', pending: 'pending', skipped: 'SKIPPED', edited: 'EDITED' };

export interface StatusContext {
  database: string;
  table: TableRef;
  out: string;
}

export function statusPretty(status: Status, ctx: StatusContext): string {
  const lines: string[] = [];
  const t = status.table;
  lines.push(
    `Migrations in ${ctx.out}/ against ${ctx.database}, table ${qualified(ctx.table)}` +
      (t.exists ? ` (${t.rows.length} row(s), matched by ${status.matchBy})` : ' (does not exist)'),
    '',
  );
  const width = Math.max(10, ...status.migrations.map((m) => m.tag.length)) + 2;
  for (const m of status.migrations) {
    lines.push(`  ${LABEL[m.state]!.padEnd(9)} ${m.tag.padEnd(width)}${m.note ?? ''}`.trimEnd());
  }
  for (const row of status.unknown) {
    lines.push(
      `  ${'UNKNOWN'.padEnd(9)} ${`row id ${row.id}`.padEnd(width)}created_at ${row.createdAt ?? 'NULL'}, hash ${row.hash.slice(0, 12)}…` +
        `${row.name ? `, name ${row.name}` : ''}: matches no migration file`,
    );
  }
  if (!status.migrations.length && !status.unknown.length) lines.push('  (no migrations)');
  const s = status.summary;
  lines.push(
    '',
    `${s.applied} applied, ${s.pending} pending, ${s.skipped} will be skipped, ${s.edited} edited, ${s.unknown} unknown row(s)`,
  );
  if (!t.exists) {
    lines.push(
      'Nothing was ever applied here. On an empty database run your migrate script (drizzle-kit migrate); on one that ' +
        'already has the tables, mark them with `nexiom-lint db baseline`.',
    );
  }
  if (s.skipped) {
    lines.push(
      "Skipped migrations never run by themselves: drizzle's migrator only runs migrations newer than the newest row. " +
        'Regenerate them so they come last (remove the file, its snapshot and journal entry, then generate again), ' +
        'or apply their SQL by hand and record their rows.',
    );
  }
  if (s.edited) {
    lines.push('Edited migrations are not re-run: restore the applied version (git log -p <file>) and put the change in a new migration.');
  }
  if (s.unknown) {
    lines.push(
      'Unknown rows are usually hand-written baseline rows (created_at = Date.now()) or migrations deleted from the ' +
        'repository; a row with a large created_at makes the migrator skip every older migration.',
    );
  }
  return `${lines.join('\n')}\n`;
}

export function statusJson(status: Status, ctx: StatusContext): string {
  return `${JSON.stringify(
    {
      version: 1,
      database: ctx.database,
      table: { schema: ctx.table.schema, name: ctx.table.table, exists: status.table.exists, hasName: status.table.hasName },
      matchBy: status.matchBy,
      migrations: status.migrations.map((m) => ({
        tag: m.tag,
        file: m.sqlFile,
        status: m.state,
        hash: m.hash,
        createdAt: m.createdAt,
        ...(m.row ? { rowId: m.row.id } : {}),
        ...(m.note ? { note: m.note } : {}),
      })),
      unknownRows: status.unknown,
      summary: status.summary,
    },
    null,
    2,
  )}\n`;
}

export function planRows(plan: BaselinePlan): string {
  return plan.rows
    .map((r) => `  ${r.tag}  hash ${r.hash}  created_at ${r.createdAt}${r.name ? `  name ${r.name}` : ''}`)
    .join('\n');
}
