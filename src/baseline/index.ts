/**
 * The findings baseline: the findings a project had when it adopted nexiom-lint, recorded in a
 * committed file so that later runs report only new ones (the PHPStan / detekt / ESLint
 * suppressions pattern). An entry is the rule, the file and the message, with a count: no line,
 * so an entry survives lines moving around it. A fixed finding no longer matches its entry; in a
 * full run (`--all`) such stale entries are counted, so that `nexiom-lint baseline` shrinks the
 * file. Drift is the exception the migration guide asks for: a project whose schema or config the
 * change touches must fix its drift, known or not.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { LintResult } from '../engine/run.js';
import { ConfigError } from '../errors.js';
import type { Finding } from '../rules/types.js';

export const BASELINE_FILE = 'nexiom-lint-baseline.json';

export interface BaselineEntry {
  rule: string;
  file: string;
  message: string;
  count: number;
}

export interface BaselineFile {
  version: 1;
  entries: BaselineEntry[];
}

export interface BaselineSummary {
  file: string;
  /** Findings the baseline absorbed. */
  known: number;
  /** Entries that matched no finding (only counted in a full run). */
  stale: number | null;
}

/** The identity of a finding in the baseline: what stays when lines move. */
function keyOf(rule: string, file: string, message: string): string {
  return `${rule}\0${file}\0${message.replace(/\s+/g, ' ').trim()}`;
}

function findingKey(f: Finding): string {
  return keyOf(f.ruleId, f.file ?? f.project ?? '', f.message);
}

export function baselineOf(findings: readonly Finding[]): BaselineFile {
  const counts = new Map<string, BaselineEntry>();
  for (const f of findings) {
    const key = findingKey(f);
    const entry = counts.get(key);
    if (entry) entry.count++;
    else {
      counts.set(key, {
        rule: f.ruleId,
        file: f.file ?? f.project ?? '',
        message: f.message.replace(/\s+/g, ' ').trim(),
        count: 1,
      });
    }
  }
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const entries = [...counts.values()].sort(
    (a, b) => cmp(a.file, b.file) || cmp(a.rule, b.rule) || cmp(a.message, b.message),
  );
  return { version: 1, entries };
}

export function serializeBaseline(baseline: BaselineFile): string {
  return `${JSON.stringify(baseline, null, 2)}\n`;
}

export function readBaseline(repoRoot: string): BaselineFile | null {
  const file = path.join(repoRoot, BASELINE_FILE);
  if (!existsSync(file)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(
      `${BASELINE_FILE} is not valid JSON (${(error as Error).message}). Restore it from git, or run \`nexiom-lint baseline\` to write it again.`,
      { cause: error },
    );
  }
  const p = parsed as Partial<BaselineFile>;
  const valid =
    p &&
    p.version === 1 &&
    Array.isArray(p.entries) &&
    p.entries.every(
      (e) =>
        e &&
        typeof e.rule === 'string' &&
        typeof e.file === 'string' &&
        typeof e.message === 'string' &&
        Number.isInteger(e.count) &&
        e.count > 0,
    );
  if (!valid) {
    throw new ConfigError(
      `${BASELINE_FILE} does not have the shape nexiom-lint writes ({ "version": 1, "entries": [{ "rule", "file", "message", "count" }] }). ` +
        'Restore it from git, or run `nexiom-lint baseline` to write it again.',
    );
  }
  return p as BaselineFile;
}

export interface ApplyOptions {
  /** A full, unfiltered run: entries that match nothing are stale. */
  full: boolean;
}

/** Removes the known findings from the result; the exit code and every format see only new ones. */
export function applyBaseline(result: LintResult, baseline: BaselineFile, options: ApplyOptions): LintResult {
  const remaining = new Map<string, number>();
  for (const e of baseline.entries) {
    const key = keyOf(e.rule, e.file, e.message);
    remaining.set(key, (remaining.get(key) ?? 0) + e.count);
  }
  const touched = new Set(
    result.projects.filter((p) => p.changes.schema.length > 0 || p.changes.config.length > 0).map((p) => p.configFile),
  );
  const kept: Finding[] = [];
  let known = 0;
  for (const f of result.findings) {
    const key = findingKey(f);
    const left = remaining.get(key) ?? 0;
    const mustFix = f.ruleId === 'schema-drift' && f.project !== undefined && touched.has(f.project);
    if (left > 0 && !mustFix) {
      remaining.set(key, left - 1);
      known++;
    } else {
      kept.push(f);
    }
  }
  const stale = options.full ? [...remaining.values()].reduce((n, left) => n + left, 0) : null;
  const notes = [...result.notes];
  if (known) {
    notes.push(
      `${known} known finding${known === 1 ? '' : 's'} in ${BASELINE_FILE} not shown (--no-baseline shows them).`,
    );
  }
  if (stale) {
    notes.push(
      `${stale} entr${stale === 1 ? 'y' : 'ies'} of ${BASELINE_FILE} no longer match a finding: run \`nexiom-lint baseline\` to shrink the file.`,
    );
  }
  const count = (s: Finding['severity']) => kept.filter((f) => f.severity === s).length;
  return {
    ...result,
    findings: kept,
    notes,
    summary: { ...result.summary, errors: count('error'), warnings: count('warning'), infos: count('info') },
    baseline: { file: BASELINE_FILE, known, stale },
  };
}
