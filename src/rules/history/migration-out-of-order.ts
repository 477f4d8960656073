/**
 * Migrations drizzle's migrator would skip silently: a journal `when` not after every earlier
 * one (the 0.x migrator only runs entries newer than the newest applied), or one in the future.
 */
import { defineRule } from '../types.js';
import { whenMigrations } from './report.js';

export default defineRule({
  meta: {
    id: 'migration-out-of-order',
    description: 'A migration dated before one listed earlier (or in the future): the migrator skips it silently.',
    defaultSeverity: 'error',
    category: 'history',
    scope: 'project',
  },
  check: whenMigrations(async (ctx, target) => {
    const { outOfOrderFindings } = await import('../../history/out-of-order.js');
    return outOfOrderFindings(target, await ctx.migrations('base'), ctx.project, Date.now());
  }),
});
