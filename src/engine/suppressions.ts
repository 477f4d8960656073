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
 * What is wrong with a directive itself is the `sql-suppression` rule's (src/rules/sql/sql-suppression.ts).
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

export interface SuppressionInput {
  findings: Finding[];
  /** Directives per file (already parsed). */
  directives: Map<string, Directive[]>;
}

/** The findings no directive suppresses; each directive records the rules it suppressed (`used`). */
export function applySuppressions(input: SuppressionInput): Finding[] {
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
  return kept;
}
