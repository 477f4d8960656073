/**
 * The journal's fields, judged by what drizzle really does with them (drizzle-kit 0.31,
 * drizzle-orm 0.45; neither validates the journal):
 *
 * - `tag`: the migrator reads `${out}/${tag}.sql` for every entry, and stops the whole run with
 *   "No file <out>/undefined.sql found" when it has none.
 * - `when`: stored as `created_at` (bigint) and compared with `<`. A fraction or a value past
 *   bigint is rejected by Postgres when the migrator inserts it; a value in micro- or nanoseconds
 *   is stored, and from then on every migration generated later (a smaller `when`) is skipped.
 * - `idx`: the migrator never reads it. `generate` reads only the LAST entry's, to number the next
 *   migration: `idx + 1`, as `toFixed(0).padStart(4, "0")` with the index prefix. So a missing idx
 *   names the next files `0NaN_<name>.sql` / `meta/0NaN_snapshot.json`, a string idx makes it
 *   throw ("toFixed is not a function"), and a last idx below the entries' count makes it write
 *   `meta/<prefix>_snapshot.json` over an existing migration's snapshot. Any other idx is unread.
 */
import type { Project } from '../project/model.js';
import type { Migration, MigrationSet } from '../project/migrations.js';
import { journalFileOf } from './format.js';
import type { HistoryFinding } from './finding.js';

/** Year 10000: no clock writes a `when` past it; such a value is in micro- or nanoseconds. */
const MAX_PLAUSIBLE_WHEN = 253_402_300_800_000;
// Postgres bigint's maximum, 9223372036854775807, as the nearest double (what a JSON number can hold).
const BIGINT_MAX = 2 ** 63;

export function journalFieldFindings(set: MigrationSet, findings: HistoryFinding[]): void {
  const journalFile = journalFileOf(set);
  for (const m of set.migrations) {
    const invalid = m.entry?.invalid;
    if (!invalid) continue;
    const involves = { tags: [m.tag || m.name], files: [journalFile] };
    if (invalid.entry !== undefined) {
      findings.push({
        message: `${m.name} in ${journalFile} is ${invalid.entry}, not an object: drizzle's migrator stops on it and applies nothing.`,
        file: journalFile,
        help:
          'Remove the entry, or restore the journal from git (`git log -p -- ' +
          journalFile +
          '` shows how it looked).',
        involves,
      });
      continue;
    }
    if (invalid.tag !== undefined) {
      findings.push({
        message: `${m.name} in ${journalFile} has ${invalid.tag === 'missing' ? 'no tag' : `no usable tag (tag: ${invalid.tag})`}: drizzle's migrator reads the SQL file the tag names, so it stops there ("No file … found") and applies nothing.`,
        file: journalFile,
        help: 'Set "tag" to the SQL file\'s name without .sql (e.g. "0003_add_orders"), or remove the entry if it has no SQL file.',
        involves,
      });
    }
    const when = whenProblem(m, invalid.when);
    if (when) findings.push({ ...when, file: journalFile, involves });
  }
}

function whenProblem(m: Migration, written: string | undefined): Omit<HistoryFinding, 'involves' | 'file'> | null {
  if (written === undefined) return null;
  const when = m.when;
  // Missing or not a number: migration-out-of-order reports it (the migrator never runs it).
  if (!Number.isFinite(when)) return null;
  if (/ \(a string\)$/.test(written) || !Number.isInteger(when) || when > BIGINT_MAX) {
    if (Number.isInteger(when) && when <= BIGINT_MAX) {
      return {
        message: `${m.name} has "when" ${written}: drizzle's migrator compares it as a number, so it runs, but drizzle-kit writes a number there.`,
        help: `Write it as a number: ${when}.`,
        severity: 'warning',
      };
    }
    return {
      message: `${m.name} has "when" ${written}: drizzle's migrator stores it in created_at (a bigint), and Postgres rejects it, so the migration run fails.`,
      help: '`when` is the time in milliseconds at which drizzle-kit generated the migration, a whole number: restore it from git.',
    };
  }
  if (when > MAX_PLAUSIBLE_WHEN) {
    return {
      message: `${m.name} has "when" ${written}, a time in micro- or nanoseconds (milliseconds would be after the year 10000): drizzle's migrator stores it as created_at, and from then on silently skips every migration generated later, whose "when" is smaller.`,
      help: `Write the time in milliseconds (${formatMs(when)}) before it runs anywhere; where it already ran, fix created_at in the migrations table the same way.`,
    };
  }
  if (when < 0) {
    return {
      message: `${m.name} has "when" ${written}, a time before 1970: wherever a later-dated migration already ran, drizzle's migrator skips it.`,
      help: '`when` is the time in milliseconds at which drizzle-kit generated the migration: restore it from git.',
      severity: 'warning',
    };
  }
  return null;
}

/** A micro- or nanosecond value brought back to milliseconds, as a hint. */
function formatMs(when: number): string {
  let ms = when;
  while (ms > MAX_PLAUSIBLE_WHEN) ms /= 1000;
  return String(Math.floor(ms));
}

/** What the next `generate` does with the last entry's idx, and idx values nothing reads. */
export function idxFindings(set: MigrationSet, project: Project, findings: HistoryFinding[]): void {
  const entries = set.migrations.filter((m) => m.entry && m.entry.invalid?.entry === undefined);
  const last = entries[entries.length - 1];
  if (!last) return;
  const journalFile = journalFileOf(set);
  const next = nextGenerate(set, project, last);
  if (next) {
    findings.push({ ...next, file: journalFile, involves: { tags: [last.tag || last.name], files: [journalFile] } });
  }
  entries.forEach((m, position) => {
    if (m === last && next) return;
    const idx = m.entry!.idx;
    if (idx === position && m.entry!.invalid?.idx === undefined) return;
    const written = hasIdx(m.entry!.invalid?.idx ?? String(idx));
    findings.push({
      message: `${m.name} ${written}, not ${position}, its position in ${journalFile}: the journal was edited by hand. drizzle's migrator never reads idx, and drizzle-kit generate only reads the last entry's, to number the next migration.`,
      file: journalFile,
      help: `Set idx to each entry's position (0, 1, 2 ...), so that the next migration is numbered right whatever entry ends the journal.`,
      severity: 'warning',
      involves: { tags: [m.tag || m.name] },
    });
  });
}

function nextGenerate(
  set: MigrationSet,
  project: Project,
  last: Migration,
): Omit<HistoryFinding, 'involves' | 'file'> | null {
  const written = hasIdx(last.entry!.invalid?.idx ?? String(last.entry!.idx));
  const fix = `Set idx to each entry's position (0, 1, 2 ...): the last entry's idx must be ${set.migrations.length - 1}.`;
  if (project.prefix !== 'index') return null; // other prefixes name files by the clock, not by idx
  const raw = last.entry!.idx;
  if (typeof last.entry!.invalid?.idx === 'string' && / \(a string\)$/.test(last.entry!.invalid.idx)) {
    return {
      message: `${last.name}, the last journal entry, ${written}: drizzle-kit generate numbers the next migration from it and stops with "toFixed is not a function", writing nothing.`,
      help: fix,
    };
  }
  if (!Number.isFinite(raw)) {
    return {
      message: `${last.name}, the last journal entry, ${written}: drizzle-kit generate numbers the next migration from it, and names it 0NaN_<name>.sql with meta/0NaN_snapshot.json.`,
      help: fix,
    };
  }
  const prefix = (raw + 1).toFixed(0).padStart(4, '0');
  const out = set.out === '' ? '' : `${set.out}/`;
  const snapshot = `${out}meta/${prefix}_snapshot.json`;
  const owner = set.migrations.find((m) => m.prefix === prefix);
  if (owner || set.files.includes(snapshot)) {
    return {
      message: `${last.name}, the last journal entry, ${written}: drizzle-kit generate numbers the next migration ${prefix} and writes ${snapshot} over the snapshot of ${owner?.name ?? 'an existing migration'}, so the history loses it.`,
      help: fix,
    };
  }
  if (!/^\d+$/.test(prefix) || raw !== set.migrations.length - 1) {
    return {
      message: `${last.name}, the last journal entry, ${written}: drizzle-kit generate numbers the next migration ${prefix}, not ${String(set.migrations.length).padStart(4, '0')}.`,
      help: fix,
      ...(/^\d+$/.test(prefix) ? { severity: 'warning' as const } : {}),
    };
  }
  return null;
}

/** `has idx 3`, `has no idx`. */
function hasIdx(written: string): string {
  return written === 'missing' ? 'has no idx' : `has idx ${written}`;
}
