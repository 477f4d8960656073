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
    lines.push(
      'Edited migrations are not re-run: restore the applied version (git log -p <file>) and put the change in a new migration.',
    );
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
      table: {
        schema: ctx.table.schema,
        name: ctx.table.table,
        exists: status.table.exists,
        hasName: status.table.hasName,
      },
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

/** What `db baseline` says, in order of the steps that say it. */
export const baselineText = {
  needsYes:
    'db baseline writes to the database: pass --yes to confirm (no terminal to ask on), or --dry-run to only check.',
  conflicts: (where: string, conflicts: string[], meanwhile: boolean) =>
    `Refusing to baseline ${where}: rows ${meanwhile ? 'written meanwhile' : 'already there'} contradict the migration files.\n` +
    `${conflicts.map((c) => `  - ${c}`).join('\n')}\nNothing was written.\n`,
  nothingToDo: (last: string, where: string, meanwhile: boolean) =>
    `Nothing to do: every migration up to ${last} ${meanwhile ? 'was recorded meanwhile in' : 'is already recorded in'} ${where}.\n`,
  forced: (count: number) =>
    `WARNING: --force: the database was NOT compared with the migrations. If it lacks a table, column, index, function or trigger that ` +
    `${count} migration(s) create, drizzle's migrator will never create it.\n`,
  matches: (last: string, schemas: string[]) =>
    `The database matches the migrations up to ${last} (compared ${schemas.join(', ')}).\n`,
  mismatch: (last: string, count: number, schemas: string[], diff: string) =>
    `The database does not match the migrations up to ${last}: ${count} difference(s) in ${schemas.join(', ')}. Nothing was written.\n` +
    `${diff}\nMake the database match (or generate migrations that match it), then try again. --force marks them without this check.\n`,
  replayFailed: (reason: string, needs?: string) =>
    needs
      ? `The migrations do not replay on the Supabase stand-ins, so there is nothing to compare with: ${reason}\n` +
        `That is the platform's ${needs}, not a fault of the migration: the replay's stand-ins (docs/database.md) do not have it. ` +
        'Check that the database matches the migrations yourself, then baseline with --force. Nothing was written.\n'
      : `The migrations do not replay on an empty database, so there is nothing to compare with: ${reason}\n` +
        'Fix that migration first (or use --force to mark them without the check). Nothing was written.\n',
  standIns: (note: string) => `${note}\n`,
  dryRun: (plan: BaselinePlan, where: string, creates: boolean) =>
    `Would record ${plan.rows.length} migration(s) as applied in ${where}${creates ? ' (creating the table as drizzle does)' : ''}:\n` +
    `${planRows(plan)}\n--dry-run: nothing was written.\n`,
  confirm: (count: number, where: string, creates: boolean) =>
    `Record ${count} migration(s) as applied in ${where}${creates ? ' (creating the table as drizzle does)' : ''}? [y/N] `,
  cancelled: 'Cancelled: nothing was written.\n',
  written: (plan: BaselinePlan, where: string, createdTable: boolean) =>
    `Recorded ${plan.rows.length} migration(s) as applied in ${where}${createdTable ? ' (created the table)' : ''}:\n` +
    `${planRows(plan)}\nFrom now on your migrate script applies only newer migrations.\n`,
};
