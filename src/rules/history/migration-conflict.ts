/**
 * Parallel branches that each generated a migration: the same prefix claimed twice, two
 * snapshots on the same parent, or (diff modes) a new migration not generated on top of the
 * base's newest one. Each branch's SQL was written without the other's changes.
 */
import { defineRule } from '../types.js';
import { whenMigrations } from './report.js';

export default defineRule({
  meta: {
    id: 'migration-conflict',
    description: 'Two migrations claim the same prefix or the same parent snapshot (parallel branches merged).',
    defaultSeverity: 'error',
    category: 'history',
    scope: 'project',
  },
  check: whenMigrations(async (ctx, target) => {
    const [{ conflictFindings }, { fullParse }] = await Promise.all([
      import('../../history/conflict.js'),
      import('../../history/scope.js'),
    ]);
    return conflictFindings(target, await ctx.migrations('base'), ctx.project, fullParse(ctx), ctx.repoRoot);
  }),
});
