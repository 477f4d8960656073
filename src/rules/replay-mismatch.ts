/**
 * Production is built by the migrations, applied in order; the code is written against the
 * TypeScript schema. When the two disagree (a migration edited by hand, SQL added that the
 * snapshot never saw, a statement that fails), production differs from what the code expects,
 * and nothing in drizzle-kit notices: `generate` diffs snapshots, never the SQL.
 * Compares only what a drizzle-kit snapshot can express (policies and RLS included): functions
 * and triggers come from custom migrations and are not a mismatch (see db/replay-check.ts).
 * Runs with --replay, in --all, and when named with --rule: it starts two embedded Postgres databases.
 *
 * In the diff modes the base is replayed too when the target differs: a difference the base
 * already had (an old foreign key the schema no longer declares ...) is not the change's. It is
 * a warning marked pre-existing, pinned on the migration that made the object.
 */
import { defineRule, type RuleContext } from './types.js';
import type { CatalogDiff, Change } from '../db/diff.js';
import type { Migration, MigrationSet } from '../project/migrations.js';

const HELP =
  'A migration was edited by hand or holds SQL its snapshot does not know, or the schema changed without a migration ' +
  '(then schema-drift says so too: run {generate}). Put the missing change in a new migration.';

export default defineRule({
  meta: {
    id: 'replay-mismatch',
    description: 'The migrations, replayed on a fresh Postgres, do not build the schema the TypeScript declares.',
    defaultSeverity: 'error',
    category: 'database',
    scope: 'project',
    requires: 'replay',
  },
  async check(ctx) {
    const set = await ctx.migrations('target');
    // Broken history (missing files, bad JSON) is migration-integrity's finding: nothing to replay.
    if (!replayable(set)) return;
    const { replayCheck } = await import('../db/replay-check.js');
    const result = await replayCheck(ctx.project, ctx.repoRoot, ctx.target, set, (m) => ctx.progress(m));
    if (result.note) ctx.note(result.note);
    if (result.kind === 'replay-failed') {
      const { migration, line, reason, code, hint, needs } = result.error;
      const { OUT_OF_SHARED_MEMORY, LOCKS_HELP } = await import('../db/replay.js');
      const old = await unchangedSinceBase(ctx, migration);
      // An object the platform provides (Supabase's auth, storage ...) that the stand-ins lack: not the migration's fault.
      const platform = needs ? (await import('../db/platform.js')).PLATFORM_HELP : null;
      const what = needs
        ? `${migration.tag} ${reason}`
        : `${migration.tag} fails when the migrations are replayed on an empty database: ${reason}${hint ? ` (Postgres: ${hint})` : ''}`;
      ctx.report({
        message: `${what}${old ? ' Pre-existing: the base already has this migration as it is.' : ''}`,
        file: migration.sqlFile,
        line,
        help:
          platform ??
          (code === OUT_OF_SHARED_MEMORY
            ? LOCKS_HELP
            : "drizzle's migrator would fail the same way (all pending migrations run in one transaction). Fix the statement, in a new migration if this one has been applied anywhere."),
        ...(old ? { preExisting: true } : {}),
      });
      return;
    }
    if (result.kind === 'same') return;
    const { splitByBase, groupByFault } = await import('../db/replay-fault.js');
    const { introduced, preExisting } = splitByBase(result.diff, ctx.changeSet ? await baseDiff(ctx) : null);
    if (introduced.length) {
      ctx.report({
        message:
          `The migrations, replayed in order on an empty database, do not build the schema ${ctx.project.schema.join(', ')} ` +
          `declares: ${introduced.length} difference(s).`,
        file: (await newestOfChange(ctx, set)).sqlFile,
        details: await diffText(introduced),
        help: HELP.replace('{generate}', ctx.project.generateCommand),
      });
    }
    const groups = await groupByFault(preExisting, set);
    const schemaFile = groups.has(null) ? (await (await import('../drift/blame.js')).originOf(ctx)).file : undefined;
    for (const [migration, changes] of groups) {
      const from = migration
        ? `; it comes from ${migration.tag}`
        : '; the schema declares it and no migration builds it';
      ctx.report({
        message:
          `The migrations do not build the schema ${ctx.project.schema.join(', ')} declares: ${changes.length} difference(s) ` +
          `the base already has (pre-existing, not introduced by this change${from}).`,
        file: migration?.sqlFile ?? schemaFile ?? ctx.project.configFile,
        details: await diffText(changes),
        severity: 'warning',
        preExisting: true,
        help: HELP.replace('{generate}', ctx.project.generateCommand),
      });
    }
  },
});

function replayable(set: MigrationSet | null): set is MigrationSet {
  return !!set && set.migrations.length > 0 && !set.problems.length && set.migrations.every((m) => m.hasSql);
}

async function diffText(changes: Change[]): Promise<string> {
  const { formatDiff } = await import('../db/diff.js');
  return formatDiff({ changes, same: false }, { expected: 'the schema', actual: 'the migrations' });
}

/** The newest migration the change added or edited; the newest of all when it touched none. */
async function newestOfChange(ctx: RuleContext, set: MigrationSet): Promise<Migration> {
  const touched = new Set(ctx.projectChanges().migrations.map((f) => f.path));
  return (
    [...set.migrations].reverse().find((m) => touched.has(m.sqlFile)) ?? set.migrations[set.migrations.length - 1]!
  );
}

async function unchangedSinceBase(ctx: RuleContext, migration: { tag: string; sqlFile: string }): Promise<boolean> {
  if (!ctx.changeSet) return false;
  const base = await ctx.migrations('base');
  const touched = ctx
    .projectChanges()
    .migrations.some((f) => f.path === migration.sqlFile || f.oldPath === migration.sqlFile);
  return !touched && !!base?.migrations.some((m) => m.tag === migration.tag);
}

/**
 * The base's own mismatch: its migrations replayed against its schema, loaded from a temporary
 * copy of the base (the schema loads from files on disk). null when the base cannot tell (no
 * migrations, a broken history, a schema that does not load there): then every difference is
 * the change's, as without this check.
 */
async function baseDiff(ctx: RuleContext): Promise<CatalogDiff | null> {
  const base = await ctx.migrations('base');
  if (!ctx.base || ctx.base.kind === 'empty' || !replayable(base)) return null;
  const [{ replayCheck }, { materialize }] = await Promise.all([
    import('../db/replay-check.js'),
    import('../drift/materialize.js'),
  ]);
  ctx.progress('Replaying the base to tell old differences from new ones…');
  const copy = await materialize(ctx.repoRoot, ctx.base, ctx.project.baseDir);
  try {
    // Saved (db/replay-state.ts): --trace starts from the same base, in this run and the next.
    const result = await replayCheck(ctx.project, copy.root, ctx.base, base, (m) => ctx.progress(m), true);
    if (result.kind === 'same') return { changes: [], same: true };
    return result.kind === 'differs' ? result.diff : null;
  } catch {
    return null; // The base's schema does not load, or its history does not replay.
  } finally {
    copy.remove();
  }
}
