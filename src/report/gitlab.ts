/**
 * `--format gitlab`: a GitLab Code Quality report (the JSON array the merge-request widget and
 * the pipeline's Code Quality tab read, published with `artifacts: reports: codequality:`).
 * Each entry: `description`, `check_name`, `fingerprint`, `severity`, `location.path`,
 * `location.lines.begin`. The fingerprint is what GitLab uses to tell a new finding from one the
 * target branch already has: it hashes the rule, the file and the message, not the line, so a
 * finding that only moved is not "new"; identical findings in one file are told apart by their
 * order.
 */
import { createHash } from 'node:crypto';
import type { Severity } from '../rules/types.js';
import type { Reporter } from './types.js';

const SEVERITY: Record<Severity, 'critical' | 'major' | 'minor' | 'info'> = {
  error: 'critical',
  warning: 'minor',
  info: 'info',
};

export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: 'critical' | 'major' | 'minor' | 'info';
  location: { path: string; lines: { begin: number } };
}

export const gitlab: Reporter = (result) => {
  const seen = new Map<string, number>();
  const issues: CodeQualityIssue[] = result.findings.map((f) => {
    // GitLab needs a path for every issue: a project-wide finding sits on its drizzle config.
    const file = f.file ?? f.project ?? '.';
    const key = `${f.ruleId}\0${file}\0${f.message}`;
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    return {
      description: f.help ? `${f.message} ${f.help}` : f.message,
      check_name: f.ruleId,
      fingerprint: createHash('sha256').update(`${key}\0${occurrence}`).digest('hex').slice(0, 32),
      severity: SEVERITY[f.severity],
      location: { path: file, lines: { begin: f.line ?? 1 } },
    };
  });
  return `${JSON.stringify(issues, null, 2)}\n`;
};
