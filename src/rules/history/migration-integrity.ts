/**
 * A migrations folder drizzle can actually run: journal entries with their SQL and snapshots,
 * no migration-named SQL outside the journal (drizzle never runs it), idx in order, an unbroken
 * snapshot chain, JSON that parses, nothing in meta/ that drizzle-kit mistakes for a snapshot.
 */
import { defineRule } from '../types.js';
import { whenMigrations } from './report.js';

export default defineRule({
  meta: {
    id: 'migration-integrity',
    description: 'Journal, SQL files and snapshots agree: nothing missing, orphaned, renumbered or unparseable.',
    defaultSeverity: 'error',
    category: 'history',
    scope: 'project',
  },
  check: whenMigrations(async (ctx, target) => {
    const [{ integrityFindings }, { fullParse }] = await Promise.all([
      import('../../history/integrity.js'),
      import('../../history/scope.js'),
    ]);
    return integrityFindings(target, ctx.project, fullParse(ctx), ctx.repoRoot);
  }),
});
