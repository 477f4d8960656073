/**
 * Inline suppressions, owned by the engine (rules never read comments):
 *
 *   -- nexiom-lint-ignore sql-drop-column: the column has been unused since v2.3 (#812)
 *   ALTER TABLE "users" DROP COLUMN "legacy_id";
 *
 *   -- nexiom-lint-ignore-file sql-create-index: every table here has under 1,000 rows
 *
 * A line directive covers the statement that starts on the first line after it that is neither
 * blank nor a comment (the whole statement when a rule told the engine where statements are,
 * else that one line); several directive lines may stack above one statement. A file directive
 * covers the whole file. Several rule ids may be given, separated by commas. The reason after
 * the colon is required: a suppression is a decision someone will have to understand later.
 *
 * What is reported (as the `sql-suppression` rule): a directive without a reason, one naming a
 * rule that does not exist, and one that suppressed nothing although its rule ran over the file.
 */
import type { Finding } from '../rules/types.js';

export const SUPPRESSION_RULE_ID = 'sql-suppression';

const DIRECTIVE = /^\s*--\s*nexiom-lint-ignore(-file)?(?=\s|:|$)(.*)$/;

export interface Directive {
  file: string;
  /** 1-based line of the comment. */
  line: number;
  scope: 'file' | 'lines';
  /** Lines covered, inclusive (scope 'lines'). */
  from: number;
  to: number;
  ruleIds: string[];
  reason: string | null;
  /** Rule ids whose findings this directive suppressed. */
  used: Set<string>;
}

export interface Range {
  line: number;
  endLine: number;
}

/** Finds the directives in a file's text. `ranges` are statement spans a rule reported on. */
export function parseDirectives(file: string, text: string, ranges: readonly Range[] = []): Directive[] {
  if (!text.includes('nexiom-lint-ignore')) return [];
  const lines = text.split('\n');
  const startsAt = new Map(ranges.map((r) => [r.line, r.endLine]));
  const directives: Directive[] = [];
  lines.forEach((content, i) => {
    const match = DIRECTIVE.exec(content);
    if (!match) return;
    const line = i + 1;
    const rest = match[2] ?? '';
    const colon = rest.indexOf(':');
    const idsPart = colon === -1 ? rest : rest.slice(0, colon);
    const reason = colon === -1 ? '' : rest.slice(colon + 1).trim();
    const ruleIds = idsPart
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const base = { file, line, ruleIds, reason: reason || null, used: new Set<string>() };
    if (match[1]) {
      directives.push({ ...base, scope: 'file', from: 1, to: lines.length });
      return;
    }
    let target = i + 1;
    while (target < lines.length && /^\s*(--.*)?$/.test(lines[target]!)) target++;
    const from = target + 1;
    directives.push({ ...base, scope: 'lines', from, to: startsAt.get(from) ?? from });
  });
  return directives;
}

export interface SuppressionOutcome {
  kept: Finding[];
  /** Problems with the directives themselves, to report as `sql-suppression`. */
  problems: Array<{ file: string; line: number; message: string; help: string }>;
}

export interface SuppressionInput {
  findings: Finding[];
  /** Directives per file (already parsed). */
  directives: Map<string, Directive[]>;
  /** Which rules looked at which file: only those can call a directive unused. */
  inspectedBy: Map<string, Set<string>>;
  /** Every rule id that exists. */
  knownRules: ReadonlySet<string>;
}

export function applySuppressions(input: SuppressionInput): SuppressionOutcome {
  const kept: Finding[] = [];
  for (const finding of input.findings) {
    const candidates = finding.file ? input.directives.get(finding.file) : undefined;
    const match = candidates?.find(
      (d) =>
        d.ruleIds.includes(finding.ruleId) &&
        (d.scope === 'file' || (finding.line !== undefined && finding.line >= d.from && finding.line <= d.to)),
    );
    if (match) match.used.add(finding.ruleId);
    else kept.push(finding);
  }
  const problems: SuppressionOutcome['problems'] = [];
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
  return { kept, problems };
}
