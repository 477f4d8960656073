/**
 * Reads a project's migrations folder from one side of the change set (a `Tree`), in both layouts
 * drizzle-kit writes:
 *
 * 0.x (journal):
 *   drizzle/0000_init.sql
 *   drizzle/meta/_journal.json      { version, dialect, entries: [{ idx, version, when, tag, breakpoints }] }
 *   drizzle/meta/0000_snapshot.json { id, prevId, version, dialect, tables, enums, ... }
 * The tag is the SQL file's name without `.sql`; the prefix before the first `_` is the index
 * (`0000`), a `YYYYMMDDHHMMSS` timestamp (prefix timestamp/supabase) or unix seconds (prefix unix).
 *
 * 1.0 (folders, no journal):
 *   drizzle/20250101120000_init/migration.sql
 *   drizzle/20250101120000_init/snapshot.json   { id, prevIds: [...], ... }
 * The 1.0 migrator runs every direct subfolder that holds a `migration.sql`, in folder-name order,
 * and takes the time from the name's first 14 digits (UTC); drizzle-kit 1.0 refuses a folder that
 * still has `meta/_journal.json`.
 *
 * drizzle-kit 0.x reads *every* file of `meta/` whose name does not start with `_` as a snapshot
 * (so `_journal.json.backup` is harmless, `0005_snapshot.json.orig` is not) and diffs the schema
 * against the last one by name.
 *
 * Nothing here throws on bad content: a broken journal or snapshot is recorded as a problem for
 * the history rules to report, so one bad file never hides the rest.
 */
import { symlinkTarget } from './symlink.js';
import type { Tree } from '../git/tree.js';
import {
  entryName,
  journalFrom,
  parseJson,
  snapshotOfEntry,
  type Journal,
  type JournalEntry,
  type JsonProblem,
} from './journal.js';
import { snapshotIdsFromHead, snapshotIdsOf, type Snapshot, type SnapshotIds } from './snapshot-ids.js';
import { splitOrphans } from './supabase-cli.js';

export {
  describeJson,
  entryName,
  parseJson,
  type Journal,
  type JournalEntry,
  type JournalField,
  type JsonProblem,
} from './journal.js';
export { snapshotIdsFromHead, snapshotIdsOf, type Snapshot, type SnapshotIds } from './snapshot-ids.js';

export interface Migration {
  /** `0000_init` (0.x) or `20250101120000_init` (1.0 folder name); '' for a journal entry without one. */
  tag: string;
  /** The tag, or `journal entry #3 (no tag)`: how messages name the migration. */
  name: string;
  /** Repository-relative path of the SQL file. */
  sqlFile: string;
  /** Repository-relative path of the snapshot, when it exists on this side. */
  snapshotFile?: string;
  /** The part of the tag before the first `_`. */
  prefix: string;
  /** The journal entry (0.x only). */
  entry?: JournalEntry;
  /** ms since the epoch: the journal's `when` (0.x) or the folder name's timestamp (1.0); NaN if none. */
  when: number;
  /** False when the SQL file is missing on this side (a journal entry without its file). */
  hasSql: boolean;
}

export interface MigrationSet {
  layout: 'journal' | 'folders' | 'empty';
  /** Repository-relative `out` folder. */
  out: string;
  tree: Tree;
  /** 0.x only; null when there is none or it could not be parsed (see `problems`). */
  journal: Journal | null;
  /** In journal order (0.x), or in folder-name order (1.0). */
  migrations: Migration[];
  /** SQL files that look like drizzle migrations but are not in the journal (0.x). */
  orphanSql: string[];
  /** Not in the journal, in the Supabase CLI's folder: its own migrations, which it applies (supabase-cli.ts). */
  supabaseCliSql?: string[];
  /** Every snapshot file (0.x: `meta/*_snapshot.json`; 1.0: `<folder>/snapshot.json`), sorted. */
  snapshotFiles: string[];
  /** Every file under `out`. */
  files: string[];
  /** Files of `meta/` that drizzle-kit 0.x reads as snapshots but that are not `<prefix>_snapshot.json`. */
  metaStrays: string[];
  /** Files of the other layout: 1.0 folders next to a 0.x journal. */
  foreignLayoutFiles: string[];
  /** JSON that could not be parsed, with positions (snapshots are added as they are read). */
  problems: JsonProblem[];
  /** `out` is outside the repository, or names a file: nothing of it can be read here. */
  outIssue?: 'outside' | 'file';
  readSql(migration: Migration): Promise<string | undefined>;
  readSnapshot(file: string): Promise<Snapshot | undefined>;
  /**
   * Only `id` and the parent ids, read from the top of the file without parsing the whole
   * snapshot (most of a 500-migration history's cost); falls back to a full parse.
   */
  readSnapshotIds(file: string): Promise<SnapshotIds | undefined>;
  /** The snapshot `db:generate` diffs against: the last one in file-name order (0.x: of all of `meta/`). */
  latestSnapshotFile(): string | undefined;
}

/** Migration SQL file names drizzle-kit writes: `<digits>_<name>.sql`. */
export const MIGRATION_SQL = /^(\d+)_([^/]+)\.sql$/;
/** 1.0 migration folders: `<digits>_<name>/migration.sql`. */
const FOLDER_SQL = /^(\d{14})_([^/]+)\/migration\.sql$/;
/** Any direct subfolder's `migration.sql` or `snapshot.json`: what the 1.0 migrator and kit read. */
const ANY_FOLDER_FILE = /^([^/]+)\/(migration\.sql|snapshot\.json)$/;
const SNAPSHOT_NAME = /^meta\/[^/]+_snapshot\.json$/;

/** The UTC time a 1.0 folder name starts with (`YYYYMMDDHHMMSS`), as drizzle's `formatToMillis`. */
export function folderMillis(name: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})/.exec(name);
  if (!m) return NaN;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

export interface ReadOptions {
  /** Repository-relative globs of files that are not drizzle migrations (settings `ignore`). */
  ignore?: readonly string[];
}

async function withoutIgnored(files: string[], ignore: readonly string[] | undefined): Promise<string[]> {
  if (!ignore?.length) return files;
  // Loaded only when a project configures `ignore`: the commit path stays free of it otherwise.
  const { default: picomatch } = await import('picomatch');
  const isIgnored = picomatch([...ignore], { dot: true });
  return files.filter((f) => !isIgnored(f));
}

export async function readMigrations(tree: Tree, out: string, options: ReadOptions = {}): Promise<MigrationSet> {
  const prefix = out === '' ? '' : `${out}/`;
  let outIssue: MigrationSet['outIssue'] = out === '..' || out.startsWith('../') ? 'outside' : undefined;
  if (!outIssue && out !== '' && (await tree.exists(out))) {
    // git records a symlink as a file holding its target: a link to a folder of the repository
    // is that folder, as drizzle-kit (which follows it on disk) sees it.
    const target = await symlinkTarget(tree, out);
    if (target !== undefined && target !== out) return readMigrations(tree, target, options);
    outIssue = target === undefined ? 'file' : 'outside';
  }
  const files = (await withoutIgnored(await tree.list(out), options.ignore)).sort();
  const fileSet = new Set(files);
  const rel = (f: string) => f.slice(prefix.length);
  const problems: JsonProblem[] = [];
  const snapshotCache = new Map<string, Promise<Snapshot | undefined>>();
  const readSnapshot = (file: string) => {
    let cached = snapshotCache.get(file);
    if (!cached) {
      cached = tree.read(file).then((text) => {
        if (text === undefined) return undefined;
        const parsed = parseJson(file, text);
        if (parsed.problem) {
          problems.push(parsed.problem);
          return undefined;
        }
        if (!parsed.value || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) {
          problems.push({ file, message: 'not a drizzle snapshot: the file is not a JSON object' });
          return undefined;
        }
        return parsed.value as Snapshot;
      });
      snapshotCache.set(file, cached);
    }
    return cached;
  };
  const idsCache = new Map<string, Promise<SnapshotIds | undefined>>();
  const readSnapshotIds = (file: string) => {
    let cached = idsCache.get(file);
    if (!cached) {
      cached = snapshotCache.has(file)
        ? readSnapshot(file).then((s) => (s ? snapshotIdsOf(s) : undefined))
        : tree.read(file).then(async (text) => {
            if (text === undefined) return undefined;
            const fast = snapshotIdsFromHead(text);
            if (fast) return fast;
            const full = await readSnapshot(file);
            return full ? snapshotIdsOf(full) : undefined;
          });
      idsCache.set(file, cached);
    }
    return cached;
  };
  const readSql = (m: Migration) => (m.hasSql ? tree.read(m.sqlFile) : Promise.resolve(undefined));
  const journalFile = `${prefix}meta/_journal.json`;
  const folderFiles = files.filter((f) => ANY_FOLDER_FILE.test(rel(f)) && !rel(f).startsWith('meta/'));
  const hasJournal = fileSet.has(journalFile);

  if (!hasJournal && folderFiles.length) {
    const folders = [...new Set(folderFiles.map((f) => rel(f).split('/')[0]!))].sort((a, b) => a.localeCompare(b));
    const migrations: Migration[] = folders.map((folder) => {
      const sqlFile = `${prefix}${folder}/migration.sql`;
      const snapshotFile = `${prefix}${folder}/snapshot.json`;
      return {
        tag: folder,
        name: folder,
        sqlFile,
        ...(fileSet.has(snapshotFile) ? { snapshotFile } : {}),
        prefix: folder.split('_')[0]!,
        when: folderMillis(folder),
        hasSql: fileSet.has(sqlFile),
      };
    });
    // drizzle-kit 1.0 sorts the snapshot paths with a plain sort(); the migrator uses localeCompare.
    const snapshotFiles = files.filter((f) => /^[^/]+\/snapshot\.json$/.test(rel(f))).sort();
    return {
      layout: 'folders',
      out,
      tree,
      journal: null,
      migrations,
      orphanSql: [],
      snapshotFiles,
      files,
      metaStrays: [],
      foreignLayoutFiles: [],
      problems,
      readSql,
      readSnapshot,
      readSnapshotIds,
      latestSnapshotFile: () => snapshotFiles[snapshotFiles.length - 1],
    };
  }

  const snapshotFiles = files.filter((f) => SNAPSHOT_NAME.test(rel(f)));
  const metaStrays = files.filter((f) => {
    const r = rel(f);
    return r.startsWith('meta/') && !r.slice(5).startsWith('_') && !SNAPSHOT_NAME.test(r);
  });
  const topSql = files.filter((f) => MIGRATION_SQL.test(rel(f)));
  let journal: Journal | null = null;
  if (hasJournal) {
    const text = (await tree.read(journalFile)) ?? '';
    const parsed = parseJson(journalFile, text);
    if (parsed.problem) problems.push(parsed.problem);
    else {
      const result = journalFrom(journalFile, parsed.value);
      if (result.problem) problems.push(result.problem);
      journal = result.journal ?? null;
    }
  }
  const migrations: Migration[] = [];
  const journaled = new Set<string>();
  const byTag = new Set(
    (journal?.entries ?? []).map((e) => `${prefix}meta/${e.tag.split('_')[0] ?? ''}_snapshot.json`),
  );
  (journal?.entries ?? []).forEach((entry, position) => {
    // Without a tag the migrator reads `${out}/undefined.sql`; no file of ours is that entry's.
    const sqlFile = entry.tag ? `${prefix}${entry.tag}.sql` : `${prefix}undefined.sql`;
    if (entry.tag) journaled.add(sqlFile);
    const entryPrefix = entry.tag.split('_')[0] ?? '';
    const snapshotFile = snapshotOfEntry(entry, entryPrefix, prefix, fileSet, byTag);
    migrations.push({
      tag: entry.tag,
      name: entryName(entry, position),
      sqlFile,
      ...(entry.tag && snapshotFile ? { snapshotFile } : {}),
      prefix: entryPrefix,
      entry,
      when: entry.when,
      hasSql: entry.tag !== '' && fileSet.has(sqlFile),
    });
  });
  const notJournaled = topSql.filter((f) => !journaled.has(f));
  const { orphanSql, supabaseCliSql } = splitOrphans(out, notJournaled);
  const layout = journal || hasJournal || topSql.length || snapshotFiles.length ? 'journal' : 'empty';
  // drizzle-kit lists meta/ and sorts: a stray file named after the last snapshot is what it diffs against.
  const kitSnapshots = [...snapshotFiles, ...metaStrays.filter((f) => !rel(f).slice(5).includes('/'))].sort();
  return {
    layout,
    out,
    tree,
    journal,
    migrations,
    orphanSql,
    supabaseCliSql,
    snapshotFiles,
    files,
    metaStrays,
    foreignLayoutFiles: folderFiles,
    problems,
    ...(outIssue ? { outIssue } : {}),
    readSql,
    readSnapshot,
    readSnapshotIds,
    latestSnapshotFile: () => kitSnapshots[kitSnapshots.length - 1],
  };
}

/** True when the file is a migration's SQL (either layout) under `out`. */
export function isMigrationSqlPath(file: string, out: string): boolean {
  const prefix = out === '' ? '' : `${out}/`;
  if (!file.startsWith(prefix)) return false;
  const rest = file.slice(prefix.length);
  return MIGRATION_SQL.test(rest) || FOLDER_SQL.test(rest);
}
