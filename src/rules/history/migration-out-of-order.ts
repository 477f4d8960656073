/**
 * Migrations drizzle's migrator would skip silently: a journal `when` not after every earlier
 * one (the 0.x migrator only runs entries newer than the newest applied), or one in the future.
 */
import { defineRule } from '../types.js';
import { reportAll } from './report.js';

export default defineRule({
  meta: {
    id: 'migration-out-of-order',
    description: 'A migration dated before one listed earlier (or in the future): the migrator skips it silently.',
    defaultSeverity: 'error',
    category: 'history',
    scope: 'project',
  },
  async check(ctx) {
    const target = await ctx.migrations('target');
    if (!target || target.layout === 'empty') return;
    const { outOfOrderFindings } = await import('../../history/out-of-order.js');
    await reportAll(ctx, outOfOrderFindings(target, await ctx.migrations('base'), ctx.project, Date.now()));
  },
});
