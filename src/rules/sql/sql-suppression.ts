/**
 * Problems with inline `-- nexiom-lint-ignore` directives: no reason, an unknown rule, or one that
 * suppresses nothing. The engine reports them (src/engine/suppressions.ts) once every other rule
 * has run, since only then is it known what each directive suppressed; this module gives the
 * rule its id, severity and doc page.
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
  check() {
    // Reported by the engine after all rules ran; see the module comment.
  },
});
