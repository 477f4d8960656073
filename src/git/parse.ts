/**
 * Parsers for git's NUL-separated (`-z`) output. With `-z` paths are never quoted or escaped, so
 * spaces, quotes, newlines and non-ASCII characters survive as they are.
 */

/** Splits `-z` output on NUL, dropping the trailing empty field. */
export function splitZ(output: string): string[] {
  if (!output) return [];
  const fields = output.split('\0');
  if (fields[fields.length - 1] === '') fields.pop();
  return fields;
}

export type ChangeStatus = 'A' | 'M' | 'D' | 'R' | 'C' | 'T' | 'U';

export interface RawChange {
  status: ChangeStatus;
  /** The path after the change (for D: the deleted path). */
  path: string;
  /** For renames and copies: the path before. */
  oldPath?: string;
  /** Similarity score of a rename or copy, 0-100. */
  score?: number;
  /** The blob id after the change, when git knows it (a commit, the index): not for deletions or working-tree files. */
  blob?: string;
}

/**
 * Parses `git diff --raw -z` (also `diff-index`, `diff-tree -r`).
 *
 * Sample (NULs shown as ␀):
 *   :100644 100644 bcd1234 0123456 M␀src/schema/users.ts␀
 *   :000000 100644 0000000 1234567 A␀drizzle/0001_add phone.sql␀
 *   :100644 100644 abcd123 1234567 R086␀src/schema/old.ts␀src/schema/new.ts␀
 *
 * Each record is a metadata field starting with ':' (modes, blob ids, status letter with an
 * optional score), then one path, or two for R (rename) and C (copy).
 */
export function parseRawZ(output: string): RawChange[] {
  const fields = splitZ(output);
  const changes: RawChange[] = [];
  for (let i = 0; i < fields.length;) {
    const meta = fields[i++]!;
    if (!meta.startsWith(':')) throw new Error(`unexpected git --raw field: ${JSON.stringify(meta)}`);
    const [, , , dst = '', statusField = ''] = meta.split(' ');
    const letter = statusField[0] as ChangeStatus;
    const score = statusField.length > 1 ? Number(statusField.slice(1)) : undefined;
    const blob = /^0+$/.test(dst) || !dst ? {} : { blob: dst };
    if (letter === 'R' || letter === 'C') {
      const oldPath = fields[i++]!;
      const path = fields[i++]!;
      changes.push({ status: letter, path, oldPath, score, ...blob });
    } else {
      const path = fields[i++]!;
      changes.push({ status: letter, path, ...blob });
    }
  }
  return changes;
}
