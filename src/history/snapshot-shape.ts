/**
 * The snapshot `generate` diffs against, checked as drizzle-kit 0.31 checks it before it writes
 * anything (`prepareMigrationFolder` → `validateWithReport`, for every file of meta/):
 *
 *   if (raw.version && Number(raw.version) > 7) → "<file> snapshot is of unsupported version,
 *     please update drizzle-kit", exit
 *   backwardCompatiblePgSchema (zod, strict: v5 | v6 | v7) fails → "<file> data is malformed", exit
 *   version 5 or 6 → "Run drizzle-kit up", exit (schema-drift says so: an upgrade, not damage)
 *
 * Only the top level is checked here (the keys and their types), which is where hand edits,
 * merges and other tools' files go wrong; drizzle-kit also checks every table inside.
 */
import type { MigrationSet, Snapshot } from '../project/migrations.js';
import type { HistoryFinding } from './finding.js';

const LATEST_VERSION = 7;
const OBJECT_KEYS = ['tables', 'enums', 'schemas', '_meta'] as const;
const OPTIONAL_OBJECT_KEYS = ['views', 'sequences', 'roles', 'policies', 'internal'] as const;
const KNOWN_KEYS = new Set<string>(['id', 'prevId', 'version', 'dialect', ...OBJECT_KEYS, ...OPTIONAL_OBJECT_KEYS]);

export async function latestSnapshotFindings(set: MigrationSet, generateCommand: string): Promise<HistoryFinding[]> {
  if (set.layout !== 'journal') return [];
  const file = set.latestSnapshotFile();
  if (!file) return [];
  const snapshot = await set.readSnapshot(file);
  if (!snapshot) return []; // invalid JSON or not an object: reported with the JSON problems
  const involves = { files: [file] };
  const version = snapshot.version;
  if (version !== undefined && version !== null && version !== '' && Number(version) > LATEST_VERSION) {
    return [
      {
        message: `${file} is a version ${String(version)} snapshot, and drizzle-kit 0.31 knows versions up to ${LATEST_VERSION}: \`${generateCommand}\` prints "snapshot is of unsupported version, please update drizzle-kit" and writes nothing.`,
        file,
        help: 'If a newer drizzle-kit wrote it, install that version in this project (package.json); otherwise restore the file from git.',
        involves,
      },
    ];
  }
  const wrong = shapeProblem(snapshot);
  if (!wrong) return [];
  return [
    {
      message: `${file} is not a snapshot drizzle-kit can read (${wrong}): \`${generateCommand}\` prints "data is malformed" and writes nothing, so no migration can be generated.`,
      file,
      help:
        'Restore the file from git (`git log --oneline -- ' +
        file +
        '`); a snapshot is written by drizzle-kit, never by hand.',
      involves,
    },
  ];
}

function shapeProblem(s: Snapshot): string | null {
  const version = String(s.version ?? '');
  if (!['5', '6', '7'].includes(version)) {
    return s.version === undefined ? 'no "version"' : `"version" is ${JSON.stringify(s.version)}`;
  }
  const dialect = version === '5' ? 'pg' : 'postgresql';
  if (s.dialect !== dialect) return `"dialect" is ${JSON.stringify(s.dialect ?? null)}, not "${dialect}"`;
  for (const key of ['id', 'prevId'] as const) if (typeof s[key] !== 'string') return `no "${key}" string`;
  const isObject = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
  for (const key of OBJECT_KEYS) if (!isObject(s[key])) return `"${key}" is not an object`;
  for (const key of OPTIONAL_OBJECT_KEYS) {
    if (s[key] !== undefined && !isObject(s[key])) return `"${key}" is not an object`;
  }
  const unknown = Object.keys(s).find((k) => !KNOWN_KEYS.has(k));
  return unknown === undefined ? null : `a key drizzle-kit does not know: "${unknown}"`;
}
