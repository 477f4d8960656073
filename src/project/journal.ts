/**
 * drizzle-kit 0.x's journal, `meta/_journal.json`, read as leniently as drizzle reads it (it never
 * validates the journal), keeping note of every field it cannot use as written:
 *
 *   { "version": "7", "dialect": "postgresql",
 *     "entries": [{ "idx": 0, "version": "7", "when": 1735732800000, "tag": "0000_init", "breakpoints": true }] }
 *
 * and JSON read without throwing: a problem with its line and column instead.
 */

export interface JournalEntry {
  /** NaN when missing or not a number. */
  idx: number;
  version: string;
  /** NaN when missing or not a number (a numeric string counts: the migrator compares with `<`). */
  when: number;
  /** '' when missing or not a string. */
  tag: string;
  breakpoints: boolean;
  /** Position in the journal's `entries` (0-based). */
  position?: number;
  /** Fields as written that drizzle cannot use as they are: field → how it is written (`"3" (a string)`). */
  invalid?: Partial<Record<JournalField, string>>;
}

export type JournalField = 'entry' | 'idx' | 'when' | 'tag';

export interface Journal {
  file: string;
  version?: string;
  dialect?: string;
  entries: JournalEntry[];
}

export interface JsonProblem {
  file: string;
  message: string;
  line?: number;
  column?: number;
}

/** Parses JSON and reports a line/column instead of throwing. */
export function parseJson(file: string, text: string): { value?: unknown; problem?: JsonProblem } {
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    const message = (error as Error).message;
    const match = /position (\d+)/.exec(message);
    let line: number | undefined;
    let column: number | undefined;
    if (match) {
      const offset = Number(match[1]);
      const before = text.slice(0, offset);
      line = before.split('\n').length;
      column = offset - before.lastIndexOf('\n');
    }
    return { problem: { file, message, ...(line ? { line, column } : {}) } };
  }
}

export function journalFrom(file: string, value: unknown): { journal?: Journal; problem?: JsonProblem } {
  if (!value || typeof value !== 'object' || !Array.isArray((value as { entries?: unknown }).entries)) {
    return { problem: { file, message: 'not a drizzle journal: there is no "entries" list' } };
  }
  const raw = value as { version?: unknown; dialect?: unknown; entries: unknown[] };
  return {
    journal: {
      file,
      ...(raw.version !== undefined ? { version: String(raw.version) } : {}),
      ...(raw.dialect !== undefined ? { dialect: String(raw.dialect) } : {}),
      entries: raw.entries.map(entryFrom),
    },
  };
}

/** How a JSON value is written, for messages: `"3" (a string)`, `-1`, `null`, `an object`. */
export function describeJson(value: unknown): string {
  if (value === undefined) return 'missing';
  if (typeof value === 'string') {
    return `${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)} (a string)`;
  }
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'an object';
  return String(value);
}

/**
 * One journal entry, read as leniently as drizzle reads it (it never validates the journal) but
 * keeping note of every field it cannot use as written, for migration-integrity to report.
 */
function entryFrom(e: unknown, position: number): JournalEntry {
  const invalid: Partial<Record<JournalField, string>> = {};
  if (!e || typeof e !== 'object' || Array.isArray(e)) {
    invalid.entry = describeJson(e);
    return { idx: NaN, version: '', when: NaN, tag: '', breakpoints: true, position, invalid };
  }
  const entry = e as Record<string, unknown>;
  if (!(typeof entry.idx === 'number' && Number.isSafeInteger(entry.idx) && entry.idx >= 0)) {
    invalid.idx = describeJson(entry.idx);
  }
  // The migrator compares `Number(created_at) < when`, so a numeric string works there.
  const when =
    typeof entry.when === 'number' || (typeof entry.when === 'string' && entry.when.trim() !== '')
      ? Number(entry.when)
      : NaN;
  if (typeof entry.when !== 'number' || !Number.isSafeInteger(entry.when) || entry.when < 0) {
    invalid.when = describeJson(entry.when);
  }
  if (typeof entry.tag !== 'string' || entry.tag === '') invalid.tag = describeJson(entry.tag);
  return {
    idx: typeof entry.idx === 'number' ? entry.idx : NaN,
    version: String(entry.version ?? ''),
    when,
    tag: typeof entry.tag === 'string' ? entry.tag : '',
    breakpoints: entry.breakpoints !== false,
    position,
    ...(Object.keys(invalid).length ? { invalid } : {}),
  };
}

/** How messages name a journal entry: its tag, or its position when it has none. */
export function entryName(entry: JournalEntry, position: number): string {
  return entry.tag || `journal entry #${position} (no tag)`;
}

/**
 * The snapshot of a journal entry: `meta/<tag prefix>_snapshot.json`, as drizzle-kit names it
 * since `migrations.prefix` exists (0.23.0). Releases before that named every snapshot by the
 * entry's idx (`meta/0004_snapshot.json`), so a project that renamed its migrations to timestamps
 * (a script for supabase, say) has timestamp tags with index-named snapshots: such an entry's
 * snapshot is the idx name, unless another entry's tag claims that name.
 */
export function snapshotOfEntry(
  entry: JournalEntry,
  tagPrefix: string,
  prefix: string,
  files: Set<string>,
  byTag: Set<string>,
): string | undefined {
  const named = `${prefix}meta/${tagPrefix}_snapshot.json`;
  if (files.has(named)) return named;
  if (/^\d{4}$/.test(tagPrefix) || !Number.isInteger(entry.idx) || entry.idx < 0) return undefined;
  const byIdx = `${prefix}meta/${String(entry.idx).padStart(4, '0')}_snapshot.json`;
  return files.has(byIdx) && !byTag.has(byIdx) ? byIdx : undefined;
}
