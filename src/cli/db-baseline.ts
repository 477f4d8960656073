/** `nexiom-lint db baseline`: the guide's `--fake`, verified. */
import { BaselineConflict, planBaseline, verifyMatches, writeBaseline } from '../db/baseline.js';
import { formatDiff } from '../db/diff.js';
import { localMigrations, upTo } from '../db/local.js';
import { ReplayError } from '../db/replay.js';
import { planRows } from '../db/report.js';
import { computeStatus } from '../db/status.js';
import { qualified, readTable } from '../db/table.js';
import { UsageError } from '../errors.js';
import type { DbOptions } from './db.js';
import { openSession } from './db-status.js';
import type { Io } from './io.js';

export interface Prompt {
  interactive: boolean;
  ask(question: string): Promise<boolean>;
}

export async function dbBaseline(options: DbOptions, io: Io, prompt: Prompt): Promise<number> {
  if (options.format === 'json') throw new UsageError('db baseline prints text only; --format json is for db status.');
  // Decide before any slow work whether we may write at all.
  if (!options.dryRun && !options.yes && !prompt.interactive) {
    throw new UsageError('db baseline writes to the database: pass --yes to confirm (no terminal to ask on), or --dry-run to only check.');
  }
  const { dbProject, db, table } = await openSession(options, io);
  const progress = io.stderrIsTTY ? (m: string) => io.stderr(`\r\x1b[K${m}`) : undefined;
  const clearProgress = () => progress && io.stderr('\r\x1b[K');
  const { migrations: set, project } = dbProject;
  const where = `${qualified(table)} on ${db.label}`;
  try {
    const all = await localMigrations(set);
    if (!all.length) throw new UsageError(`${project.out}/ has no migrations to baseline. Generate the first one (${project.generateCommand}).`);
    const targets = upTo(all, options.to);
    const last = targets[targets.length - 1]!;
    const plan = planBaseline(all, targets, computeStatus(all, await readTable(db, table), set.layout), set.layout);
    if (plan.conflicts.length) {
      io.stdout(`Refusing to baseline ${where}: rows already there contradict the migration files.\n${plan.conflicts.map((c) => `  - ${c}`).join('\n')}\nNothing was written.\n`);
      return 1;
    }
    if (!plan.rows.length) {
      io.stdout(`Nothing to do: every migration up to ${last.tag} is already recorded in ${where}.\n`);
      return 0;
    }
    if (options.force) {
      io.stderr(
        `WARNING: --force: the database was NOT compared with the migrations. If it lacks a table, column or index that ` +
          `${plan.rows.length} migration(s) create, drizzle's migrator will never create it.\n`,
      );
    } else {
      try {
        const { diff, schemas } = await verifyMatches(db, targets, {
          table,
          ...(project.schemaFilter ? { schemaFilter: project.schemaFilter } : {}),
          ...(project.tablesFilter ? { tablesFilter: project.tablesFilter } : {}),
          ...(progress ? { progress } : {}),
        });
        clearProgress();
        if (!diff.same) {
          io.stdout(
            `The database does not match the migrations up to ${last.tag}: ${diff.changes.length} difference(s) in ` +
              `${schemas.join(', ')}. Nothing was written.\n` +
              `${formatDiff(diff, { expected: 'the migrations', actual: 'the database' })}\n` +
              'Make the database match (or generate migrations that match it), then try again. --force marks them ' +
              'without this check.\n',
          );
          return 1;
        }
        io.stdout(`The database matches the migrations up to ${last.tag} (compared ${schemas.join(', ')}).\n`);
      } catch (error) {
        clearProgress();
        if (!(error instanceof ReplayError)) throw error;
        io.stdout(
          `The migrations do not replay on an empty database, so there is nothing to compare with: ${error.message}\n` +
            'Fix that migration first (or use --force to mark them without the check). Nothing was written.\n',
        );
        return 1;
      }
    }
    const creates = plan.status.table.exists ? '' : ' (creating the table as drizzle does)';
    if (options.dryRun) {
      io.stdout(`Would record ${plan.rows.length} migration(s) as applied in ${where}${creates}:\n${planRows(plan)}\n--dry-run: nothing was written.\n`);
      return 0;
    }
    if (!options.yes && !(await prompt.ask(`Record ${plan.rows.length} migration(s) as applied in ${where}${creates}? [y/N] `))) {
      io.stdout('Cancelled: nothing was written.\n');
      return 1;
    }
    let result;
    try {
      result = await writeBaseline(db, table, all, targets, set.layout, plan.withName);
    } catch (error) {
      if (!(error instanceof BaselineConflict)) throw error;
      io.stdout(`Refusing to baseline ${where}: rows written meanwhile contradict the migration files.\n${error.plan.conflicts.map((c) => `  - ${c}`).join('\n')}\nNothing was written.\n`);
      return 1;
    }
    if (!result.inserted.length) {
      io.stdout(`Nothing to do: every migration up to ${last.tag} was recorded meanwhile in ${where}.\n`);
      return 0;
    }
    io.stdout(
      `Recorded ${result.inserted.length} migration(s) as applied in ${where}${result.createdTable ? ' (created the table)' : ''}:\n` +
        `${planRows(result.plan)}\nFrom now on your migrate script applies only newer migrations.\n`,
    );
    return 0;
  } finally {
    clearProgress();
    await db.close();
  }
}
