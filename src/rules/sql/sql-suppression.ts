/**
 * An inline `-- nexiom-lint-ignore` directive that cannot be trusted: no reason given, a rule id
 * that does not exist, or nothing suppressed although its rule examined the statement. A
 * suppression is a decision someone has to understand later; a stale one hides the next problem.
 *
 * Reported by the engine (src/engine/suppressions.ts) once every other rule has run, since only
 * then is it known what each directive suppressed: the check itself has nothing to do.
 */
import { defineRule } from '../types.js';

export default defineRule({
  meta: {
    id: 'sql-suppression',
    description: 'An inline nexiom-lint-ignore comment without a reason, for an unknown rule, or suppressing nothing.',
    defaultSeverity: 'error',
    category: 'sql',
    scope: 'project',
  },
  check() {},
});
