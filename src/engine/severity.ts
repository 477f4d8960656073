/**
 * Severities, and the one answer to "does this finding fail the run": the exit code, the PR
 * comment's verdict and every reporter ask here, so they never disagree.
 */
export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

/** Most severe first. */
export const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

/** The lowest severity that fails the run: `--fail-on`, else `failOn` from the settings, else `error`. */
export function failOnOf(flag: Severity | undefined, fromSettings: Severity | undefined): Severity {
  return flag ?? fromSettings ?? 'error';
}

export function failsRun(finding: { severity: Severity }, failOn: Severity): boolean {
  return SEVERITY_ORDER[finding.severity] <= SEVERITY_ORDER[failOn];
}

export function failing<F extends { severity: Severity }>(findings: readonly F[], failOn: Severity): F[] {
  return findings.filter((f) => failsRun(f, failOn));
}

/** 1 when any finding fails the run, else 0. */
export function exitCodeFor(findings: ReadonlyArray<{ severity: Severity }>, failOn: Severity): 0 | 1 {
  return findings.some((f) => failsRun(f, failOn)) ? 1 : 0;
}

/**
 * A rule's severity in this run: the settings' (`rules.<id>`), else the rule's default. A rule
 * named with `--rule` runs even where it is off, as a warning.
 */
export function ruleSeverity(
  defaultSeverity: SeveritySetting,
  configured: SeveritySetting | undefined,
  named: boolean,
): SeveritySetting {
  const severity = configured ?? defaultSeverity;
  return severity === 'off' && named ? 'warning' : severity;
}

/**
 * A finding's severity: a severity set in the settings wins over everything; otherwise the
 * finding's own (a rule may report a warning-level variant), else the rule's.
 */
export function findingSeverity(
  ruleLevel: Severity,
  configured: SeveritySetting | undefined,
  reported: Severity | undefined,
): Severity {
  return configured && configured !== 'off' ? configured : (reported ?? ruleLevel);
}
