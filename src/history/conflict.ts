/**
 * Parallel branches: two migrations that claim the same prefix, or two snapshots generated on top
 * of the same parent, as after merging two branches that each ran `db:generate`. In the diff
 * modes also a new migration whose parent is not the base's newest snapshot: it was generated on
 * a branch that did not have the base's latest migration.
 *
 * 0.x: drizzle-kit `generate` itself refuses a parent collision (it prints it and exits 0 without
 * writing), and the second branch's SQL was written without the first branch's changes.
 * 1.0: drizzle-kit tracks branches (`prevIds` is a list; the next generate merges open leaves and
 * `drizzle-kit check` tests that they commute), so an open branch is a warning there.
 */
import type { Project } from '../project/model.js';
import { snapshotIdsOf, type Migration, type MigrationSet, type Snapshot } from '../project/migrations.js';
import { migrationBySnapshot, rebaseHelp } from './format.js';
import { ORIGIN_ID, snapshotGraph, type FullParse, type SnapshotGraph } from './graph.js';
import type { HistoryFinding } from './finding.js';

export async function conflictFindings(
  target: MigrationSet,
  base: MigrationSet | null,
  project: Project,
  full?: FullParse,
  repoRoot?: string,
): Promise<HistoryFinding[]> {
  const graph = await snapshotGraph(target, full, repoRoot);
  const findings: HistoryFinding[] = [];
  const reported = new Set<string>();
  if (target.layout === 'journal') {
    samePrefix(target, project, findings);
    sameParent(target, graph, project, findings, reported);
  } else if (target.layout === 'folders') {
    openBranches(target, graph, findings, reported);
  }
  if (base && base.layout !== 'empty') await notOnBase(target, base, graph, project, findings, reported);
  return findings;
}

/**
 * The migrations of the parallel branches (0.x journal layout) that the snapshot `file` belongs
 * to: one of two snapshots generated on the same parent, or the one file two same-prefix
 * migrations share. Empty when it belongs to none. `generate` diffs against the latest snapshot;
 * when that is a branch's, drizzle-kit refuses the collision or diffs against a snapshot that lost
 * the other branch's changes, so schema-drift cannot say what `generate` would write.
 */
export async function branchesOfSnapshot(
  set: MigrationSet,
  project: Project,
  file: string,
  full?: FullParse,
  repoRoot?: string,
): Promise<string[]> {
  if (set.layout !== 'journal') return [];
  const snapshotOf = new Map(set.migrations.map((m) => [m.tag, m.snapshotFile]));
  for (const { involves } of await conflictFindings(set, null, project, full, repoRoot)) {
    const tags = involves.tags ?? [];
    if (involves.files?.includes(file) || tags.some((t) => snapshotOf.get(t) === file)) return tags;
  }
  return [];
}

function samePrefix(set: MigrationSet, project: Project, findings: HistoryFinding[]): void {
  if (project.prefix === 'none') return; // every tag then starts with "_": no prefix to compare.
  const claims = new Map<string, Array<{ tag: string; file: string }>>();
  const claim = (prefix: string, tag: string, file: string) => {
    if (!prefix) return;
    const list = claims.get(prefix) ?? [];
    if (!list.some((c) => c.tag === tag)) list.push({ tag, file });
    claims.set(prefix, list);
  };
  for (const m of set.migrations) claim(m.prefix, m.tag, m.sqlFile);
  for (const orphan of set.orphanSql) {
    const name = orphan.slice(orphan.lastIndexOf('/') + 1).replace(/\.sql$/, '');
    claim(name.split('_')[0]!, name, orphan);
  }
  for (const [prefix, list] of claims) {
    if (list.length < 2) continue;
    const names = list.map((c) => c.tag);
    findings.push({
      message: `${names.join(' and ')} claim the same prefix ${prefix}: two branches each generated a migration and both were merged. They share one snapshot file (meta/${prefix}_snapshot.json), so one branch's snapshot is lost, and each SQL file was written without the other's changes.`,
      file: list[list.length - 1]!.file,
      help: rebaseHelp(project),
      involves: { files: list.map((c) => c.file), tags: names },
    });
  }
}

function sameParent(
  set: MigrationSet,
  graph: SnapshotGraph,
  project: Project,
  findings: HistoryFinding[],
  reported: Set<string>,
): void {
  const bySnapshot = migrationBySnapshot(set);
  const name = (file: string) => bySnapshot.get(file)?.tag ?? file;
  for (const [parentId, children] of graph.children) {
    if (children.length < 2) continue;
    const parent = graph.byId.get(parentId)?.[0];
    const parentName = parent ? name(parent.file) : parentId;
    const names = children.map((c) => name(c.file));
    for (const c of children) reported.add(c.file);
    findings.push({
      message: `${names.join(' and ')} were both generated on top of ${parentName}: two branches each made a migration and both were merged. drizzle-kit generate now refuses to run ("pointing to a parent snapshot ... which is a collision"), and each migration's SQL ignores the other's changes.`,
      file: children[children.length - 1]!.file,
      help: rebaseHelp(project),
      involves: { files: children.map((c) => c.file), tags: names },
    });
  }
}

/** 1.0: more than one leaf (a snapshot nothing was generated on top of) is an unmerged branch. */
function openBranches(
  set: MigrationSet,
  graph: SnapshotGraph,
  findings: HistoryFinding[],
  reported: Set<string>,
): void {
  const bySnapshot = migrationBySnapshot(set);
  const leaves = [...graph.nodes.values()].filter((n) => n.id && !graph.children.has(n.id));
  if (leaves.length < 2) return;
  const names = leaves.map((l) => bySnapshot.get(l.file)?.tag ?? l.file);
  for (const l of leaves) reported.add(l.file);
  findings.push({
    message: `${names.join(' and ')} are open branches: each was generated without the other. drizzle's 1.0 migrator applies both (it matches by name), but only if their changes commute.`,
    file: leaves[leaves.length - 1]!.file,
    help: 'Run `drizzle-kit check` to verify that the branches commute, then `drizzle-kit generate`: drizzle-kit 1.0 records the merge (prevIds lists both).',
    severity: 'warning',
    involves: { files: leaves.map((l) => l.file), tags: names },
  });
}

/**
 * Diff modes: the first new migration must be generated on top of the base's newest one. Not a
 * branch: a new first migration on the origin id (a squash, or a fresh baseline replacing the
 * history: migration-edited reports what it removed), nor a migration on top of the base's newest
 * snapshot rewritten in place (same file, same parent, new content and id).
 */
async function notOnBase(
  target: MigrationSet,
  base: MigrationSet,
  graph: SnapshotGraph,
  project: Project,
  findings: HistoryFinding[],
  reported: Set<string>,
): Promise<void> {
  const baseTags = new Set(base.migrations.map((m) => m.tag));
  const newest = [...base.migrations].reverse().find((m) => m.snapshotFile);
  if (!newest?.snapshotFile) return;
  const newestSnapshot = await base.readSnapshot(newest.snapshotFile);
  const newestId = newestSnapshot?.id;
  if (typeof newestId !== 'string') return;
  const fresh: Migration[] = target.migrations.filter((m) => !baseTags.has(m.tag));
  const first = fresh.find((m) => m.snapshotFile);
  // A snapshot file the base already has belongs to the base's migration (a shared prefix, reported above).
  if (!first?.snapshotFile || reported.has(first.snapshotFile) || base.files.includes(first.snapshotFile)) return;
  const node = graph.nodes.get(first.snapshotFile);
  if (!node?.id || node.prevIds.every((p) => p === ORIGIN_ID)) return;
  const onTop = new Set([newestId, ...rewrittenInPlace(graph, newest.snapshotFile, newestSnapshot)]);
  const below = ancestors(graph, node.id);
  if (node.prevIds.some((p) => onTop.has(p)) || [...onTop].some((id) => below.has(id))) return;
  const parent = node.prevIds[0] ? graph.byId.get(node.prevIds[0])?.[0] : undefined;
  const parentTag = parent ? (migrationBySnapshot(target).get(parent.file)?.tag ?? parent.file) : 'an unknown snapshot';
  const folders = target.layout === 'folders';
  findings.push({
    message: `${first.tag} was generated on top of ${parentTag}, but the base's newest migration is ${newest.tag}: it was made on a branch that did not have ${newest.tag}, so its SQL ignores ${newest.tag}'s changes.`,
    file: first.snapshotFile,
    help: folders
      ? 'Run `drizzle-kit check` to verify that the branches commute, then `drizzle-kit generate` to record the merge, or regenerate: ' +
        rebaseHelp(project)
      : rebaseHelp(project),
    ...(folders ? { severity: 'warning' as const } : {}),
    involves: { files: [first.snapshotFile], tags: [first.tag] },
  });
}

/** The id the target gives the base's newest snapshot file when it was rewritten on the same parent. */
function rewrittenInPlace(graph: SnapshotGraph, file: string, atBase: Snapshot | undefined): string[] {
  const now = graph.nodes.get(file);
  if (!now?.id || !atBase) return [];
  const before = snapshotIdsOf(atBase).prevIds;
  const same = before.length === now.prevIds.length && now.prevIds.every((p, i) => p === before[i]);
  return same ? [now.id] : [];
}

/** Every id reachable through prevIds from `id` (1.0 merges make the history a graph). */
function ancestors(graph: SnapshotGraph, id: string): Set<string> {
  const seen = new Set<string>();
  const stack = [id];
  while (stack.length) {
    const current = stack.pop()!;
    for (const node of graph.byId.get(current) ?? []) {
      for (const parent of node.prevIds) {
        if (!seen.has(parent)) {
          seen.add(parent);
          stack.push(parent);
        }
      }
    }
  }
  return seen;
}
