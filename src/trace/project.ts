/**
 * `--trace` for one project: the state before the change, then the change's new migrations run
 * the way drizzle's migrator runs them, observed statement by statement (run.ts).
 *
 * - In the diff modes the base's migrations are replayed on PGlite (db/replay.ts, on the cached
 *   initdb template of db/pglite.ts), then every migration the change adds runs in ONE
 *   transaction (all pending migrations run together on deploy), watching the tables the base had.
 * - In `--all` there is no deploy to reason about: every migration is its own transaction, run on
 *   what the ones before it built (as sql/analysis.ts judges them).
 *
 * Nothing here fails the run: a base that does not replay on PGlite (PostGIS ...) leaves the
 * change untraced, with a note; a statement that fails is "not traced" (run.ts).
 */
import type { RuleContext } from '../rules/types.js';
import type { MigrationSet } from '../project/migrations.js';
import type { TracedStatement } from './run.js';

export interface ProjectTrace {
  statements: TracedStatement[];
  /** Why nothing was traced, when nothing was. */
  skipped?: string;
}

type TraceContext = Pick<
  RuleContext,
  'project' | 'repoRoot' | 'changeSet' | 'migrations' | 'progress' | 'shared' | 'note'
>;

/** The project's trace, computed once per run (the rule and the engine both ask). */
export function projectTrace(ctx: TraceContext): Promise<ProjectTrace> {
  return ctx.shared(`trace:${ctx.project.configFile}`, async () => {
    const trace = await computeTrace(ctx).catch((error: unknown) => ({
      statements: [],
      skipped: `the trace could not run: ${(error as Error)?.message ?? String(error)}`,
    }));
    const failed = trace.statements.filter((s) => s.notTraced);
    if (trace.skipped) ctx.note(`--trace (${ctx.project.configFile}): nothing traced, ${trace.skipped}.`);
    else if (failed.length) {
      const list = failed.slice(0, 5).map((s) => `${s.file}:${s.line} (${s.notTraced})`);
      ctx.note(
        `--trace (${ctx.project.configFile}): ${failed.length} statement(s) not traced, they fail on PGlite: ` +
          `${list.join('; ')}${failed.length > 5 ? '; …' : ''}. Their findings are the static rules' alone.`,
      );
    }
    return trace;
  });
}

async function computeTrace(ctx: TraceContext): Promise<ProjectTrace> {
  const all = !ctx.changeSet;
  const [targetSet, baseSet] = await Promise.all([ctx.migrations('target'), all ? null : ctx.migrations('base')]);
  const known = new Set(baseSet?.migrations.map((m) => m.sqlFile) ?? []);
  const addedFiles = new Set(targetSet?.migrations.filter((m) => !known.has(m.sqlFile)).map((m) => m.sqlFile) ?? []);
  // Nothing added, or nothing before the change (no existing table to watch): no PGlite to start.
  if (!addedFiles.size || (!all && !known.size)) return { statements: [] };
  const broken = (set: MigrationSet) => set.problems.length > 0 || set.migrations.some((m) => !m.hasSql);
  if (broken(targetSet!)) {
    return { statements: [], skipped: 'the migrations folder has problems (see migration-integrity)' };
  }
  if (baseSet && broken(baseSet)) return { statements: [], skipped: "the base's migrations folder has problems" };
  const { localMigrations } = await import('../db/local.js');
  const target = await localMigrations(targetSet!);
  const base = baseSet ? await localMigrations(baseSet) : [];
  const added = target.filter((m) => addedFiles.has(m.sqlFile));

  const [{ replayedWith, ReplayError }, { cacheDir }, { detectPlatform }, { traceUnits }, { traceStatements }] =
    await Promise.all([
      import('../db/replay.js'),
      import('../cache/json.js'),
      import('../db/platform.js'),
      import('./run.js'),
      import('./statements.js'),
    ]);
  ctx.progress(`Tracing ${added.length} migration${added.length === 1 ? '' : 's'} on PGlite…`);
  // PGlite is copied and opened (file copies, WebAssembly compilation) while the new migrations are parsed.
  const replaying = replayedWith(base, {
    extraSql: added.map((m) => m.sql),
    cacheDir: cacheDir(ctx.repoRoot),
    platform: detectPlatform(ctx.project, target),
    progress: (m) => ctx.progress(m),
    // A PR check's base recurs on every push: saved once, copied after (db/replay-state.ts).
    reuse: !all,
  });
  replaying.catch(() => undefined);
  const units = await Promise.all(added.map((m) => traceStatements({ tag: m.tag, file: m.sqlFile, sql: m.sql }))).catch(
    async (error: unknown) => {
      await replaying.then(({ db }) => db.close()).catch(() => undefined);
      throw error;
    },
  );
  let db;
  try {
    ({ db } = await replaying);
  } catch (error) {
    if (!(error instanceof ReplayError)) throw error;
    return { statements: [], skipped: `the base's migrations do not replay on PGlite (${error.message})` };
  }
  try {
    return { statements: await traceUnits(db, all ? units : [units.flat()]) };
  } finally {
    await db.close();
  }
}
