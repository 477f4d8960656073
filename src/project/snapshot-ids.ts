/**
 * The ids that chain snapshots into a history: 0.x `id` + `prevId`, 1.0 `id` + `prevIds`.
 */

export interface SnapshotIds {
  id?: string;
  prevIds: string[];
}

/**
 * drizzle-kit writes `JSON.stringify(snapshot, null, 2)` with the scalar keys first:
 *   0.x: { "id": "…", "prevId": "…", "version": "7", "dialect": "postgresql", "tables": { …
 *   1.0: { "type": "base", "version": "9", "dialect": "postgres", "id": "…", "prevIds": ["…"], …
 * so the ids sit before the first nested object. Returns null when they are not found there.
 */
export function snapshotIdsFromHead(text: string): SnapshotIds | null {
  const head = text.slice(0, 4096);
  const id = /^\s*\{[^{]*?"id"\s*:\s*"([^"\\]*)"/.exec(head)?.[1];
  if (id === undefined) return null;
  const prevId = /^\s*\{[^{]*?"prevId"\s*:\s*"([^"\\]*)"/.exec(head)?.[1];
  if (prevId !== undefined) return { id, prevIds: [prevId] };
  const list = /^\s*\{[^{]*?"prevIds"\s*:\s*\[([^\]{\\]*)\]/.exec(head)?.[1];
  if (list === undefined) return null;
  return { id, prevIds: [...list.matchAll(/"([^"]*)"/g)].map((m) => m[1]!) };
}

/** The ids of a parsed snapshot (0.x `prevId`, 1.0 `prevIds`). */
export function snapshotIdsOf(snapshot: Snapshot): SnapshotIds {
  const prevIds = Array.isArray(snapshot.prevIds)
    ? snapshot.prevIds.filter((p): p is string => typeof p === 'string')
    : typeof snapshot.prevId === 'string'
      ? [snapshot.prevId]
      : [];
  return { ...(typeof snapshot.id === 'string' ? { id: snapshot.id } : {}), prevIds };
}

/** A snapshot as parsed: the ids and versions read here, the rest as written. */
export interface Snapshot {
  id?: string;
  prevId?: string;
  prevIds?: string[];
  version?: string;
  dialect?: string;
  [key: string]: unknown;
}
