/**
 * Parallel branches that each generated a migration: the same prefix claimed twice, two
 * snapshots on the same parent, or (diff modes) a new migration not generated on top of the
 * base's newest one. Each branch's SQL was written without the other's changes.
 */
import { historyRule } from './report.js';

export default historyRule(
  'migration-conflict',
  'Two migrations claim the same prefix or the same parent snapshot (parallel branches merged).',
  async (ctx, target) => {
    const [{ conflictFindings }, { fullParse }] = await Promise.all([
      import('../../history/conflict.js'),
      import('../../history/scope.js'),
    ]);
    return conflictFindings(target, await ctx.migrations('base'), ctx.project, fullParse(ctx), ctx.repoRoot);
  },
);
