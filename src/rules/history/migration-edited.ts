/**
 * A migration that exists at the base was edited, deleted or renamed. drizzle never compares the
 * hash it stores, so the edit is silently ignored wherever the migration already ran. Diff modes
 * only: `--all` has no base to compare with.
 */
import { defineRule } from '../types.js';
import { reportAll } from './report.js';

export default defineRule({
  meta: {
    id: 'migration-edited',
    description: 'A migration that exists at the base was changed, deleted or renamed after it was committed.',
    defaultSeverity: 'error',
    category: 'history',
    scope: 'project',
    options: (z) =>
      z.object({
        allow: z
          .record(z.string(), z.unknown())
          .optional()
          .describe('Migration tag → the reason its edit is accepted (an entry without a reason does not count).'),
      }),
  },
  async check(ctx) {
    if (!ctx.changeSet) return;
    const changes = ctx.projectChanges().migrations;
    if (!changes.some((f) => f.status !== 'A')) return; // only additions: nothing at the base was touched.
    const [target, base] = await Promise.all([ctx.migrations('target'), ctx.migrations('base')]);
    if (!target || !base || base.layout === 'empty') return;
    const { editedFindings } = await import('../../history/edited.js');
    const allow = (ctx.options.allow ?? {}) as Record<string, unknown>;
    await reportAll(ctx, await editedFindings(target, base, changes, ctx.project, { allow }));
  },
});
