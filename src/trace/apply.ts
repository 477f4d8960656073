/**
 * The trace meets the static findings (before suppressions, so that a finding silenced by an
 * inline directive still counts as flagged):
 * - every finding at a traced statement gets `observed` (what Postgres did there), or `notTraced`;
 * - a finding of a rule that claims a rewrite, a scan or an index build, at a statement where
 *   Postgres did none of them on a table that existed before and held no write-blocking lock
 *   there, gets `contradicted` (it is kept: the rule may know what an empty replay cannot show);
 * - a `sql-traced-hazard` finding at a statement some rule of that kind already flagged is dropped.
 */
import type { Finding } from '../rules/types.js';
import { lockBlocksWrites } from './observe.js';
import type { ProjectTrace } from './project.js';
import type { TracedStatement } from './run.js';

export const TRACED_HAZARD = 'sql-traced-hazard';

/** The rules that claim Postgres rewrites, scans or builds an index for the statement they flag. */
export const PHYSICAL_CLAIMS: Readonly<Record<string, 'rewrite' | 'scan' | 'index build'>> = {
  'sql-column-type-change': 'rewrite',
  'sql-volatile-default': 'rewrite',
  'sql-cluster': 'rewrite',
  'sql-set-not-null': 'scan',
  // Postgres scans the table to check that no row gets a NULL: on a table with rows it then fails.
  'sql-add-column-not-null': 'scan',
  'sql-add-check-constraint': 'scan',
  'sql-add-foreign-key': 'scan',
  'sql-backfill-under-lock': 'scan',
  'sql-create-index': 'index build',
  'sql-add-unique-constraint': 'index build',
  'sql-reindex': 'index build',
};

/** The traced statement a finding points into (its file, a line within the statement). */
export function statementAt(trace: ProjectTrace, file: string | undefined, line: number | undefined) {
  if (file === undefined || line === undefined) return undefined;
  return trace.statements.find((s) => s.file === file && line >= s.line && line <= s.endLine);
}

/** Why the trace contradicts a finding of `ruleId` at `at`, or undefined when it does not. */
export function contradiction(ruleId: string, at: TracedStatement): string | undefined {
  const claim = PHYSICAL_CLAIMS[ruleId];
  if (!claim || at.notTraced) return undefined;
  const physical = at.observed.some((o) => o.rewrite || o.scan || o.indexBuild);
  if (physical || at.observed.some((o) => lockBlocksWrites(o.lock))) return undefined;
  return (
    `the trace contradicts the ${claim} this rule expects: on the replayed tables Postgres neither rewrote, ` +
    'scanned nor built an index here, and took no write-blocking lock beyond what earlier statements held'
  );
}

/** Annotates (and filters) the findings of one project in place; returns the findings to keep. */
export function applyTrace(findings: Finding[], project: string, trace: ProjectTrace): Finding[] {
  if (!trace.statements.length) return findings;
  const mine = (f: Finding) => f.project === project;
  const flagged = new Set<TracedStatement>();
  for (const f of findings) {
    if (!mine(f) || f.ruleId === TRACED_HAZARD || !(f.ruleId in PHYSICAL_CLAIMS)) continue;
    const at = statementAt(trace, f.file, f.line);
    if (at) flagged.add(at);
  }
  const kept: Finding[] = [];
  for (const f of findings) {
    const at = mine(f) ? statementAt(trace, f.file, f.line) : undefined;
    if (!at) {
      kept.push(f);
      continue;
    }
    if (f.ruleId === TRACED_HAZARD && flagged.has(at)) continue;
    if (at.notTraced) {
      kept.push({ ...f, notTraced: at.notTraced });
      continue;
    }
    const contradicted = contradiction(f.ruleId, at);
    kept.push({
      ...f,
      observed: at.observed,
      ...(contradicted ? { contradicted, message: `${f.message} (Trace: ${contradicted}.)` } : {}),
    });
  }
  return kept;
}
