/**
 * Phase 5: drops the findings an inline directive suppresses and adds the problems with the
 * directives (the `sql-suppression` rule's findings). Directives are read from every file a rule inspected, and
 * from any other SQL file a finding points at (so a history rule's finding on a migration can be
 * suppressed the same way).
 */
import type { Tree } from '../git/tree.js';
import type { Finding } from '../rules/types.js';
import type { Severity, SeveritySetting } from './severity.js';
import type { Directive, Range } from './suppressions.js';

/** Files rules examined in full: their text (for inline suppressions) and which rules looked. */
export interface Inspected {
  files: Map<string, { text: string; ranges: readonly Range[]; project: string | undefined }>;
  by: Map<string, Set<string>>;
}

interface SuppressContext {
  target: Tree;
  inspected: Inspected;
  knownRules: ReadonlySet<string>;
  problemSeverity: SeveritySetting;
}

export async function suppress(findings: Finding[], c: SuppressContext): Promise<Finding[]> {
  const { applySuppressions, parseDirectives, SUPPRESSION_RULE_ID } = await import('./suppressions.js');
  const directives = new Map<string, Directive[]>();
  for (const [file, { text, ranges }] of c.inspected.files) directives.set(file, parseDirectives(file, text, ranges));
  const others = [...new Set(findings.map((f) => f.file))].filter(
    (file): file is string => !!file && file.endsWith('.sql') && !directives.has(file),
  );
  for (const file of others) {
    const text = await c.target.read(file);
    if (text !== undefined) directives.set(file, parseDirectives(file, text));
  }
  const kept = applySuppressions({ findings, directives });
  if (c.problemSeverity === 'off') return kept;
  const severity: Severity = c.problemSeverity;
  const { directiveProblems } = await import('../rules/sql/sql-suppression.js');
  for (const problem of directiveProblems({ directives, inspectedBy: c.inspected.by, knownRules: c.knownRules })) {
    const project = c.inspected.files.get(problem.file)?.project;
    kept.push({ ...problem, ruleId: SUPPRESSION_RULE_ID, severity, ...(project ? { project } : {}) });
  }
  return kept;
}
