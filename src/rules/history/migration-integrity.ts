/**
 * A migrations folder drizzle can actually run: journal entries with their SQL and snapshots,
 * no migration-named SQL outside the journal (drizzle never runs it), idx in order, an unbroken
 * snapshot chain, JSON that parses, nothing in meta/ that drizzle-kit mistakes for a snapshot.
 */
import { historyRule } from './report.js';

export default historyRule(
  'migration-integrity',
  'Journal, SQL files and snapshots agree: nothing missing, orphaned, renumbered or unparseable.',
  async (ctx, target) => {
    const [{ integrityFindings }, { fullParse }] = await Promise.all([
      import('../../history/integrity.js'),
      import('../../history/scope.js'),
    ]);
    return integrityFindings(target, ctx.project, fullParse(ctx), ctx.repoRoot);
  },
);
