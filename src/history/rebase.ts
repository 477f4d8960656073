/**
 * `rebase-migrations`: the safe fix for a branch whose migrations collide with the base's.
 *
 * 1. The branch's own migrations are those in the working tree that the merge base does not have
 *    (journal entries, migration-named SQL outside the journal, 1.0 folders).
 * 2. Their files are removed, and the base's journal and snapshots are put back (a snapshot file
 *    both sides created, `meta/0005_snapshot.json`, gets the base's content).
 * 3. The project's own generate runs, so the schema change is generated again on top of the
 *    base's newest migration, with a fresh `when`. Custom (data) migrations of the branch are
 *    re-created after it with `generate --custom` and their SQL copied back.
 *
 * The migrations folder must be clean first: then `git checkout`/`git clean` undo everything.
 */
import { rm, writeFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Tree } from '../git/tree.js';
import type { Project } from '../project/model.js';
import { readMigrations, type Migration, type MigrationSet, type Snapshot } from '../project/migrations.js';

export interface OwnMigration {
  tag: string;
  /** Files of the migration that are removed (or, for shared snapshot names, restored). */
  files: string[];
  /** 'custom': a data migration (its snapshot equals its parent's); 'orphan': SQL outside the journal. */
  kind: 'schema' | 'custom' | 'orphan';
  /** The name without the prefix, reused for the regenerated migration. */
  name: string;
  /** For custom migrations: the SQL to copy into the re-created one. */
  sql?: string;
}

export interface RebasePlan {
  project: Project;
  own: OwnMigration[];
  remove: string[];
  /** Files written back with the base's content. */
  restore: string[];
  /** Base migrations whose SQL the branch changed: left alone (migration-edited reports them). */
  edited: string[];
}

export async function planRebase(project: Project, base: Tree, work: Tree): Promise<RebasePlan> {
  const [atBase, atWork] = await Promise.all([readMigrations(base, project.out), readMigrations(work, project.out)]);
  const baseTags = new Set(atBase.migrations.map((m) => m.tag));
  const baseFiles = new Set(atBase.files);
  const own: OwnMigration[] = [];
  const mine = atWork.migrations.filter((m) => !baseTags.has(m.tag));
  for (const m of mine) own.push(await describe(m, atWork));
  for (const orphan of atWork.orphanSql) {
    if (baseFiles.has(orphan)) continue;
    const tag = path.posix.basename(orphan, '.sql');
    own.push({ tag, files: [orphan], kind: 'orphan', name: nameOf(tag) });
  }
  const remove = new Set<string>();
  const restore = new Set<string>();
  for (const o of own) for (const f of o.files) (baseFiles.has(f) ? restore : remove).add(f);
  // The base's journal and snapshots as they were (the branch appended to the journal).
  const meta = (f: string) =>
    atBase.layout === 'folders'
      ? f.endsWith('/snapshot.json')
      : f === journalOf(atBase) || atBase.snapshotFiles.includes(f);
  const workFiles = new Set(atWork.files);
  for (const f of atBase.files) {
    if (!meta(f)) continue;
    if (!workFiles.has(f) || (await base.read(f)) !== (await work.read(f))) restore.add(f);
  }
  const journal = journalOf(atWork);
  if (atWork.layout === 'journal' && workFiles.has(journal) && !baseFiles.has(journal)) remove.add(journal);
  const edited: string[] = [];
  for (const m of atBase.migrations) {
    if (!m.hasSql || !workFiles.has(m.sqlFile)) continue;
    if ((await base.read(m.sqlFile)) !== (await work.read(m.sqlFile))) edited.push(m.sqlFile);
  }
  return { project, own, remove: [...remove].sort(), restore: [...restore].sort(), edited };
}

function journalOf(set: MigrationSet): string {
  return `${set.out === '' ? '' : `${set.out}/`}meta/_journal.json`;
}

function nameOf(tag: string): string {
  const i = tag.indexOf('_');
  return i < 0 ? tag : tag.slice(i + 1);
}

async function describe(m: Migration, set: MigrationSet): Promise<OwnMigration> {
  const files = [m.sqlFile, ...(m.snapshotFile ? [m.snapshotFile] : [])].filter((f) => set.files.includes(f));
  if (set.layout === 'folders') {
    const folder = m.sqlFile.slice(0, m.sqlFile.lastIndexOf('/') + 1);
    for (const f of set.files) if (f.startsWith(folder) && !files.includes(f)) files.push(f);
  }
  const custom = await isCustom(m, set);
  return {
    tag: m.tag,
    files,
    kind: custom ? 'custom' : 'schema',
    name: nameOf(m.tag),
    ...(custom ? { sql: (await set.readSql(m)) ?? '' } : {}),
  };
}

/**
 * `generate --custom` writes a copy of the previous snapshot with a new id: a snapshot whose
 * schema equals its parent's belongs to a data migration, which generating cannot re-create.
 */
async function isCustom(m: Migration, set: MigrationSet): Promise<boolean> {
  if (!m.snapshotFile) return false;
  const snapshot = await set.readSnapshot(m.snapshotFile);
  const parentId = snapshot?.prevId ?? (Array.isArray(snapshot?.prevIds) ? snapshot.prevIds[0] : undefined);
  if (!snapshot || typeof parentId !== 'string') return false;
  for (const file of set.snapshotFiles) {
    if (file === m.snapshotFile) continue;
    const other = await set.readSnapshot(file);
    if (other?.id === parentId) return sameSchema(snapshot, other);
  }
  return false;
}

const NOT_SCHEMA = new Set(['id', 'prevId', 'prevIds', '_meta', 'renames', 'footprints']);

function sameSchema(a: Snapshot, b: Snapshot): boolean {
  const strip = (s: Snapshot) =>
    JSON.stringify(
      Object.keys(s)
        .filter((k) => !NOT_SCHEMA.has(k))
        .sort()
        .map((k) => [k, s[k]]),
    );
  return strip(a) === strip(b);
}

/** Applies the file part of the plan to the working tree at `root`. */
export async function applyFiles(plan: RebasePlan, root: string, base: Tree): Promise<void> {
  for (const file of plan.remove) await rm(path.join(root, file), { force: true });
  for (const file of plan.restore) {
    const content = await base.readBuffer(file);
    if (content === undefined) continue;
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), content);
  }
  // Remove folders the branch's 1.0 migrations leave empty.
  for (const o of plan.own) {
    const dir = path.join(root, path.dirname(o.files[0] ?? ''));
    if (o.files.some((f) => f.endsWith('/migration.sql')) && existsSync(dir)) {
      await rm(dir, { recursive: true, force: true });
    }
  }
}
