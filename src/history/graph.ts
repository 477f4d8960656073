/**
 * The snapshot graph of one side: every snapshot's `id` and the ids it was generated on top of.
 *
 * 0.x snapshots carry one parent, `"prevId": "<uuid>"`; 1.0 snapshots a list, `"prevIds": [...]`
 * (several after drizzle-kit 1.0 merged open branches). The first snapshot of a history points at
 * the origin id below. Two snapshots with the same parent are two branches that each generated.
 */
import { snapshotIdsOf, type MigrationSet } from '../project/migrations.js';

export const ORIGIN_ID = '00000000-0000-0000-0000-000000000000';

export interface SnapshotNode {
  file: string;
  /** undefined when the file is missing, unreadable or has no id. */
  id: string | undefined;
  prevIds: string[];
}

export interface SnapshotGraph {
  /** By file, for every snapshot file of the set that could be read. */
  nodes: Map<string, SnapshotNode>;
  /** By id; more than one node means a snapshot was copied without a new id. */
  byId: Map<string, SnapshotNode[]>;
  /** By parent id: the snapshots generated on top of it. */
  children: Map<string, SnapshotNode[]>;
}

const graphs = new WeakMap<MigrationSet, Promise<SnapshotGraph>>();

/** Which snapshots to parse in full (JSON validity); the others only have their ids read. */
export type FullParse = (file: string) => boolean;

/**
 * Reads every snapshot of the set once (memoised per set, so all history rules share it; they all
 * pass the same `full` for a run: everything in --all, the changed files in the diff modes).
 */
export function snapshotGraph(
  set: MigrationSet,
  full: FullParse = () => true,
  repoRoot?: string,
): Promise<SnapshotGraph> {
  let graph = graphs.get(set);
  if (!graph) {
    graph = build(set, full, repoRoot);
    graphs.set(set, graph);
  }
  return graph;
}

async function build(set: MigrationSet, full: FullParse, repoRoot: string | undefined): Promise<SnapshotGraph> {
  // Snapshots are looked up by blob id first (commits, the index, unmodified worktree files): a
  // blob seen before needs no reading, and one already parsed in full needs no parsing again.
  const blobIds = repoRoot && set.tree.blobIds ? await set.tree.blobIds(set.out) : null;
  const cache = blobIds?.size ? (await import('./ids-cache.js')).IdsCache.load(repoRoot!) : null;
  const snapshots = await Promise.all(
    set.snapshotFiles.map(async (file) => {
      const sha = blobIds?.get(file);
      if (full(file)) {
        const validated = sha ? cache?.getValidated(sha) : undefined;
        if (validated) return validated;
        const snapshot = await set.readSnapshot(file);
        if (!snapshot) return undefined;
        const ids = snapshotIdsOf(snapshot);
        if (sha) cache?.set(sha, ids, true);
        return ids;
      }
      const cached = sha ? cache?.get(sha) : undefined;
      if (cached) return cached;
      const ids = await set.readSnapshotIds(file);
      if (ids && sha) cache?.set(sha, ids);
      return ids;
    }),
  );
  cache?.save();
  const nodes = new Map<string, SnapshotNode>();
  const byId = new Map<string, SnapshotNode[]>();
  const children = new Map<string, SnapshotNode[]>();
  set.snapshotFiles.forEach((file, i) => {
    const ids = snapshots[i];
    if (!ids) return;
    const { id, prevIds } = ids;
    const node: SnapshotNode = { file, id, prevIds };
    nodes.set(file, node);
    if (id) push(byId, id, node);
    for (const parent of new Set(prevIds)) push(children, parent, node);
  });
  return { nodes, byId, children };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
