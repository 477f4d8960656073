import type { LintResult } from '../engine/run.js';
import type { Style } from './style.js';

export interface ReportOptions {
  color: boolean;
  /** Colours for terminal output; the plain style when `color` is false. */
  style?: Style;
  /** Repository root, for formats that need absolute paths (none yet) or links. */
  repoRoot?: string;
  /** The tool's version, for formats that carry it (SARIF). */
  version?: string;
}

/** A reporter is a pure function of the result: it returns text and never prints. */
export type Reporter = (result: LintResult, options: ReportOptions) => string;
