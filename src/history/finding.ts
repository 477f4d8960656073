/** What the history checks report: a rule report plus the files and tags it involves (for the diff-mode scope). */
import type { Report } from '../rules/types.js';
import type { Involves } from './scope.js';

export interface HistoryFinding extends Report {
  involves: Involves;
}
