/**
 * Production is built by the migrations, applied in order; the code is written against the
 * TypeScript schema. When the two disagree (a migration edited by hand, SQL added that the
 * snapshot never saw, a statement that fails), production differs from what the code expects,
 * and nothing in drizzle-kit notices: `generate` diffs snapshots, never the SQL.
 * Compares only what a drizzle-kit snapshot can express (policies and RLS included): functions
 * and triggers come from custom migrations and are not a mismatch (see db/replay-check.ts).
 * Runs with --replay, in --all, and when named with --rule: it starts two embedded Postgres databases.
 */
import { defineRule } from './types.js';

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
    if (!set || !set.migrations.length || set.problems.length || set.migrations.some((m) => !m.hasSql)) return;
    const { replayCheck } = await import('../db/replay-check.js');
    const { formatDiff } = await import('../db/diff.js');
    const result = await replayCheck(ctx.project, ctx.repoRoot, ctx.target, set, (m) => ctx.progress(m));
    if (result.kind === 'replay-failed') {
      const { migration, line, reason, code, hint } = result.error;
      const { OUT_OF_SHARED_MEMORY, LOCKS_HELP } = await import('../db/replay.js');
      ctx.report({
        message: `${migration.tag} fails when the migrations are replayed on an empty database: ${reason}${hint ? ` (Postgres: ${hint})` : ''}`,
        file: migration.sqlFile,
        line,
        help:
          code === OUT_OF_SHARED_MEMORY
            ? LOCKS_HELP
            : "drizzle's migrator would fail the same way (all pending migrations run in one transaction). Fix the statement, in a new migration if this one has been applied anywhere.",
      });
      return;
    }
    if (result.kind === 'same') return;
    const last = set.migrations[set.migrations.length - 1]!;
    ctx.report({
      message:
        `The migrations, replayed in order on an empty database, do not build the schema ${ctx.project.schema.join(', ')} ` +
        `declares: ${result.diff.changes.length} difference(s).`,
      file: last.sqlFile,
      details: formatDiff(result.diff, { expected: 'the schema', actual: 'the migrations' }),
      help:
        `A migration was edited by hand or holds SQL its snapshot does not know, or the schema changed without a migration ` +
        `(then schema-drift says so too: run ${ctx.project.generateCommand}). Put the missing change in a new migration.`,
    });
  },
});
