import type { LintResult } from '../engine/run.js';
import type { Style } from './style.js';
import type { Severity } from '../rules/types.js';

export interface ReportOptions {
  color: boolean;
  /** Colours for terminal output; the plain style when `color` is false. */
  style?: Style;
  /** Repository root, for formats that need absolute paths (none yet) or links. */
  repoRoot?: string;
  /** The tool's version, for formats that carry it (SARIF). */
  version?: string;
  /** The lowest severity that fails the run (`--fail-on`), for the verdict; default `result.failOn ?? 'error'`. */
  failOn?: Severity;
  /** Names the PR comment in its hidden marker, so each run edits the same one (markdown). */
  commentId?: string;
  /** `https://github.com/<owner>/<repo>/blob/<sha>`: findings and migrations link to their files (markdown). */
  blobBase?: string;
}

/** A reporter is a pure function of the result: it returns text and never prints. */
export type Reporter = (result: LintResult, options: ReportOptions) => string;
