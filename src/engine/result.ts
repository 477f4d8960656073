/** What a lint run returns: pure data, which the CLI turns into text and an exit code. */
import type { DriftSummary } from '../drift/summary.js';
import type { Review } from '../review/types.js';
import type { Finding, Mode } from '../rules/types.js';
import { SEVERITY_ORDER, type Severity } from './severity.js';

export interface ProjectResult {
  configFile: string;
  out: string;
  changes: { schema: string[]; migrations: string[]; config: string[] };
  checked: boolean;
  /** The drift verdict (`unchecked` when no rule asked for it). */
  drift: DriftSummary;
}

export interface LintResult {
  version: 1;
  mode: Mode;
  /** Absolute path of the repository root. */
  repoRoot: string;
  /** `HEAD → the index` ... (absent in --all). */
  comparison: string | null;
  findings: Finding[];
  projects: ProjectResult[];
  /** Informational lines for humans (nothing relevant changed, cache used ...). */
  notes: string[];
  /** `failOn` from the settings file, when set (the CLI flag wins). */
  failOn?: Severity;
  summary: { errors: number; warnings: number; infos: number; filesChanged: number | null; projects: number };
  /** What the change does to each checked project's database; only when the run asked for a review. */
  review?: Review;
  /** Set when a findings baseline absorbed known findings (src/baseline). */
  baseline?: { file: string; known: number; stale: number | null };
}

/** Code-point order: the same on every machine, whatever its locale (and cheaper than ICU's). */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The order of findings in every output: project, file, line, severity, rule, message. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      compare(a.project ?? '', b.project ?? '') ||
      compare(a.file ?? '', b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      compare(a.ruleId, b.ruleId) ||
      compare(a.message, b.message),
  );
}

export function summarize(findings: Finding[]): Pick<LintResult['summary'], 'errors' | 'warnings' | 'infos'> {
  return {
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
    infos: findings.filter((f) => f.severity === 'info').length,
  };
}
