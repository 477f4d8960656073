/** `nexiom-lint db baseline`: the guide's `--fake`, verified. Steps and their wording: src/db/baseline.ts, src/db/report.ts. */
import { BaselineConflict, planBaseline, verifyMatches, writeBaseline, type BaselinePlan } from '../db/baseline.js';
import { formatDiff } from '../db/diff.js';
import { localMigrations, replayOrder, upTo, type LocalMigration } from '../db/local.js';
import { detectPlatform, standInsNote } from '../db/platform.js';
import { supabaseCliNote } from '../db/replay-check.js';
import { ReplayError } from '../db/replay.js';
import { baselineText as text } from '../db/report.js';
import { computeStatus } from '../db/status.js';
import { qualified, readTable } from '../db/table.js';
import { UsageError } from '../errors.js';
import { cacheDir } from '../project/cache.js';
import type { DbOptions } from './db-options.js';
import { openSession, type Session } from './db-session.js';
import type { Io } from './io.js';

export interface Prompt {
  interactive: boolean;
  ask(question: string): Promise<boolean>;
}

interface Run {
  session: Session;
  options: DbOptions;
  io: Io;
  where: string;
  progress: ((message: string) => void) | undefined;
}

export async function dbBaseline(options: DbOptions, io: Io, prompt: Prompt): Promise<number> {
  if (options.format === 'json') throw new UsageError('db baseline prints text only; --format json is for db status.');
  // Decide before any slow work whether we may write at all.
  if (!options.dryRun && !options.yes && !prompt.interactive) throw new UsageError(text.needsYes);
  const session = await openSession(options, io);
  const progress = io.stderrIsTTY ? (m: string) => io.stderr(`\r\x1b[K${m}`) : undefined;
  const run: Run = { session, options, io, where: `${qualified(session.table)} on ${session.db.label}`, progress };
  try {
    return await baseline(run, prompt);
  } finally {
    if (progress) io.stderr('\r\x1b[K');
    await session.db.close();
  }
}

async function baseline(run: Run, prompt: Prompt): Promise<number> {
  const { session, options, io, where } = run;
  const { db, table, dbProject } = session;
  const { migrations: set, project } = dbProject;
  const all = await localMigrations(set);
  if (!all.length) {
    throw new UsageError(
      `${project.out}/ has no migrations to baseline. Generate the first one (${project.generateCommand}).`,
    );
  }
  const targets = upTo(all, options.to);
  const last = targets[targets.length - 1]!.tag;
  const plan = planBaseline(all, targets, computeStatus(all, await readTable(db, table), set.layout), set.layout);
  if (plan.conflicts.length) return say(io, text.conflicts(where, plan.conflicts, false), 1);
  if (!plan.rows.length) return say(io, text.nothingToDo(last, where, false), 0);

  if (options.force) io.stderr(text.forced(plan.rows.length));
  else {
    const replayed = await replayOrder(set, targets, targets.length < all.length);
    const refused = await verify(run, replayed, last);
    if (refused !== null) return refused;
  }
  const creates = !plan.status.table.exists;
  if (options.dryRun) return say(io, text.dryRun(plan, where, creates), 0);
  if (!options.yes && !(await prompt.ask(text.confirm(plan.rows.length, where, creates)))) {
    return say(io, text.cancelled, 1);
  }
  return write(run, all, targets, plan, last);
}

/** null when the database matches the replayed migrations; otherwise the exit code, having said why. */
async function verify(run: Run, targets: LocalMigration[], last: string): Promise<number | null> {
  const { session, io, progress } = run;
  const { project } = session.dbProject;
  try {
    // A Supabase-style project replays on the platform's stand-ins: said before the verdict.
    const platform = detectPlatform(project, targets);
    if (platform) say(io, text.standIns(standInsNote(platform)), 0);
    const cli = targets.filter((m) => m.supabaseCli).length;
    if (cli) say(io, text.standIns(supabaseCliNote(cli, project.out)), 0);
    const { diff, schemas } = await verifyMatches(session.db, targets, {
      table: session.table,
      ...(project.schemaFilter ? { schemaFilter: project.schemaFilter } : {}),
      ...(project.tablesFilter ? { tablesFilter: project.tablesFilter } : {}),
      ...(progress ? { progress } : {}),
      cacheDir: cacheDir(session.dbProject.root),
      platform,
    });
    if (progress) io.stderr('\r\x1b[K');
    if (!diff.same) {
      const shown = formatDiff(diff, { expected: 'the migrations', actual: 'the database' });
      return say(io, text.mismatch(last, diff.changes.length, schemas, shown), 1);
    }
    say(io, text.matches(last, schemas), 0);
    return null;
  } catch (error) {
    if (!(error instanceof ReplayError)) throw error;
    if (progress) io.stderr('\r\x1b[K');
    return say(io, text.replayFailed(error.message, error.needs), 1);
  }
}

async function write(
  run: Run,
  all: LocalMigration[],
  targets: LocalMigration[],
  plan: BaselinePlan,
  last: string,
): Promise<number> {
  const { session, io, where } = run;
  const { layout } = session.dbProject.migrations;
  try {
    const result = await writeBaseline(session.db, session.table, all, targets, layout, plan.withName);
    if (!result.inserted.length) return say(io, text.nothingToDo(last, where, true), 0);
    return say(io, text.written(result.plan, where, result.createdTable), 0);
  } catch (error) {
    if (!(error instanceof BaselineConflict)) throw error;
    return say(io, text.conflicts(where, error.plan.conflicts, true), 1);
  }
}

function say(io: Io, message: string, code: number): number {
  io.stdout(message);
  return code;
}
