/**
 * Migrations drizzle's migrator would skip silently: a journal `when` not after every earlier
 * one (the 0.x migrator only runs entries newer than the newest applied), or one in the future.
 */
import { historyRule } from './report.js';

export default historyRule(
  'migration-out-of-order',
  'A migration dated before one listed earlier (or in the future): the migrator skips it silently.',
  async (ctx, target) => {
    const { outOfOrderFindings } = await import('../../history/out-of-order.js');
    return outOfOrderFindings(target, await ctx.migrations('base'), ctx.project, Date.now());
  },
);
