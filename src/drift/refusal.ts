/**
 * Whether drizzle-kit 0.x `generate` would refuse the migrations folder before diffing anything.
 * Every 0.x release (0.20 to 0.31, `prepareMigrationFolder` / `validateWithReport`) reads every
 * file of `meta/` whose name does not start with `_`, in name order, and:
 * - `JSON.parse`s it: a file that is not JSON stops generate with a parse error;
 * - stops at once on a snapshot of a newer version than it writes ("please update drizzle-kit");
 * - stops when any snapshot is of an older version ("run drizzle-kit up");
 * - stops when a snapshot does not match its schema ("data is malformed") or when two snapshots
 *   have the same `prevId` ("pointing to a parent snapshot ... which is a collision").
 * It prints the reason and exits 0 without writing: no SQL may be claimed for such a folder,
 * however far the offending file is from the change.
 *
 * The schema check here is the part of drizzle-kit's that a broken file fails (an object with the
 * `id`/`prevId` strings and the entity maps of its version), not every field.
 */
import path from 'node:path';
import { cacheDir, readJsonCache, writeJsonCache } from '../cache/json.js';
import type { MigrationSet } from '../project/migrations.js';
import type { Verdict } from './protocol.js';

type Refused = Extract<Verdict, { status: 'refused' }>;

interface Facts {
  file: string;
  /** Why `JSON.parse` failed; set only then. */
  invalid?: string;
  version?: string;
  prevId?: string;
  malformed: boolean;
}

/** The files of `meta/` drizzle-kit reads as snapshots, in its order. */
export function metaSnapshotFiles(set: MigrationSet): string[] {
  const meta = `${set.out === '' ? '' : `${set.out}/`}meta/`;
  return set.files
    .filter((f) => f.startsWith(meta) && !f.slice(meta.length).includes('/') && !f.slice(meta.length).startsWith('_'))
    .sort();
}

const isMap = (v: unknown) => !!v && typeof v === 'object' && !Array.isArray(v);

function factsOf(file: string, text: string): Facts {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { file, invalid: (error as Error).message, malformed: true };
  }
  if (!isMap(value)) return { file, malformed: true };
  const s = value as Record<string, unknown>;
  const version = s.version === undefined ? undefined : String(s.version);
  const v5 = version === '5';
  const malformed =
    typeof s.id !== 'string' ||
    typeof s.prevId !== 'string' ||
    typeof s.version !== 'string' ||
    s.dialect !== (v5 ? 'pg' : 'postgresql') ||
    !isMap(s.tables) ||
    !isMap(s.enums) ||
    !isMap(s.schemas) ||
    !isMap(s._meta);
  return {
    file,
    ...(version !== undefined ? { version } : {}),
    ...(typeof s.prevId === 'string' ? { prevId: s.prevId } : {}),
    malformed,
  };
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

/**
 * The refusal, or null when generate would go on to diff. `kitVersion`: the snapshot version the
 * installed drizzle-kit writes (kit.ts); null claims nothing about versions.
 */
export async function refusalOf(
  set: MigrationSet,
  kitVersion: string | null,
  repoRoot?: string,
): Promise<Refused | null> {
  if (set.layout !== 'journal') return null;
  const facts: Facts[] = [];
  const files = metaSnapshotFiles(set);
  const known = await knownFacts(set, repoRoot);
  const read = await Promise.all(
    files.map(async (file) => {
      const cached = known.get(file);
      if (cached) return { ...cached, file };
      const text = await set.tree.read(file);
      if (text === undefined) return undefined;
      const f = factsOf(file, text);
      known.learn(file, f);
      return f;
    }),
  );
  known.save();
  for (const f of read) {
    if (!f) continue;
    const { file } = f;
    // drizzle-kit reads in name order and stops at the first of these two.
    if (f.invalid) {
      return {
        status: 'refused',
        message: `its JSON parse of ${file} fails (${f.invalid}): it parses every file of meta/`,
        files: [file],
      };
    }
    if (kitVersion && f.version && Number(f.version) > Number(kitVersion)) {
      return {
        status: 'refused',
        message: `${file} is a version ${f.version} snapshot, newer than the version ${kitVersion} this drizzle-kit writes: update drizzle-kit`,
        files: [file],
      };
    }
    facts.push(f);
  }
  const older = kitVersion ? facts.filter((f) => !f.malformed && f.version !== kitVersion) : [];
  if (older.length) {
    const files = older.map((f) => f.file);
    return {
      status: 'refused',
      message: `${files.join(', ')} ${plural(files.length, 'is a snapshot', 'are snapshots')} of an older version (${[...new Set(older.map((f) => f.version))].join(', ')}) than the version ${kitVersion} this drizzle-kit writes: run \`drizzle-kit up\` first`,
      files,
    };
  }
  const malformed = facts.filter((f) => f.malformed).map((f) => f.file);
  const byParent = new Map<string, string[]>();
  for (const f of facts) {
    if (f.malformed || f.prevId === undefined || (kitVersion && f.version !== kitVersion)) continue;
    byParent.set(f.prevId, [...(byParent.get(f.prevId) ?? []), f.file]);
  }
  const collisions = [...byParent.values()].filter((files) => files.length > 1);
  if (!malformed.length && !collisions.length) return null;
  const reasons = [
    ...(malformed.length
      ? [
          `${malformed.join(', ')} ${plural(malformed.length, 'is not', 'are not')} a valid snapshot ("data is malformed")`,
        ]
      : []),
    ...collisions.map(
      (files) =>
        `${files.join(' and ')} have the same parent snapshot (drizzle-kit calls it a collision: two branches, or a copy, generated on the same migration)`,
    ),
  ];
  return { status: 'refused', message: reasons.join('; '), files: [...malformed, ...collisions.flat()] };
}

/**
 * The facts of each snapshot by git blob id, kept between runs in
 * `node_modules/.cache/nexiom-lint/snapshot-facts.json`: a blob never changes, so a long history
 * (megabytes of JSON) is read once, and later runs read only the snapshots they have not seen.
 */
const FACTS_FORMAT = 1;

async function knownFacts(set: MigrationSet, repoRoot: string | undefined) {
  const blobIds = repoRoot && set.tree.blobIds ? await set.tree.blobIds(set.out) : new Map<string, string>();
  const dir = repoRoot && blobIds.size ? cacheDir(repoRoot) : null;
  const file = dir ? path.join(dir, 'snapshot-facts.json') : null;
  type Table = Record<string, Omit<Facts, 'file'>>;
  // No cache yet: built now.
  const stored = readJsonCache<{ facts?: Table }>(file, FACTS_FORMAT);
  const table: Table = stored?.facts && typeof stored.facts === 'object' ? stored.facts : {};
  let added = 0;
  return {
    get: (f: string) => {
      const sha = blobIds.get(f);
      return sha ? table[sha] : undefined;
    },
    learn: (f: string, { file: _file, ...facts }: Facts) => {
      const sha = blobIds.get(f);
      if (sha) {
        table[sha] = facts;
        added++;
      }
    },
    save: () => {
      if (!file || !added) return;
      writeJsonCache(file, FACTS_FORMAT, { facts: Object.fromEntries(Object.entries(table).slice(-20_000)) });
    },
  };
}
