/**
 * An inline `-- nexiom-lint-ignore` directive that cannot be trusted: it names no rule, gives no
 * reason, names a rule that does not exist, or suppresses nothing although its rule examined the
 * statement. A suppression is a decision someone has to understand later; a stale one hides the
 * next real problem in that statement.
 *
 * Only the engine knows what each directive suppressed, once every other rule has run: it calls
 * `directiveProblems` then (src/engine/suppress.ts), and reports them with this rule's severity.
 * The check itself has nothing to do.
 */
import type { Directive } from '../../engine/suppressions.js';
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

export interface DirectiveProblem {
  file: string;
  line: number;
  message: string;
  help: string;
}

export interface DirectiveInput {
  /** Directives per file, with the rules each suppressed (`used`). */
  directives: ReadonlyMap<string, Directive[]>;
  /** Which rules looked at which file: only those can call a directive unused. */
  inspectedBy: ReadonlyMap<string, ReadonlySet<string>>;
  /** Every rule id that exists. */
  knownRules: ReadonlySet<string>;
}

export function directiveProblems(input: DirectiveInput): DirectiveProblem[] {
  const problems: DirectiveProblem[] = [];
  for (const [file, directives] of input.directives) {
    const inspectors = input.inspectedBy.get(file) ?? new Set<string>();
    for (const d of directives) {
      const kind = d.scope === 'file' ? 'nexiom-lint-ignore-file' : 'nexiom-lint-ignore';
      if (!d.ruleIds.length) {
        problems.push({
          file,
          line: d.line,
          message: `\`${kind}\` names no rule.`,
          help: `Write \`-- ${kind} <rule-id>: <why this is safe>\`.`,
        });
        continue;
      }
      if (!d.reason) {
        problems.push({
          file,
          line: d.line,
          message: `\`${kind} ${d.ruleIds.join(', ')}\` gives no reason.`,
          help: `Say why it is safe after a colon: \`-- ${kind} ${d.ruleIds.join(', ')}: <why this is safe>\`.`,
        });
      }
      for (const id of d.ruleIds) {
        if (!input.knownRules.has(id)) {
          problems.push({
            file,
            line: d.line,
            message: `\`${kind}\` names an unknown rule "${id}".`,
            help: 'Check the rule id (nexiom-lint --help lists them).',
          });
        } else if (!d.used.has(id) && inspectors.has(id)) {
          problems.push({
            file,
            line: d.line,
            message:
              d.scope === 'file'
                ? `\`${kind} ${id}\` suppresses nothing: ${id} finds no problem in this file.`
                : `\`${kind} ${id}\` suppresses nothing: ${id} finds no problem in the statement on line ${d.from}.`,
            help: 'Remove the comment (or move it right above the statement it is meant for).',
          });
        }
      }
    }
  }
  return problems;
}
