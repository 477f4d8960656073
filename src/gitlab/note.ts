/**
 * Keeps one merge-request note per project up to date, as the GitHub side keeps its PR comment:
 * ours is the note whose first line is our hidden marker; every page of notes is read, ours is
 * edited in place, and any other note is never touched. System notes ("added 1 commit") are
 * GitLab's own and never ours.
 */
import { RestClient } from '../net/rest.js';
import { isOurs, type UpsertResult } from '../github/comment.js';
import type { MergeRequestContext } from './context.js';

interface Note {
  id: number;
  body?: string | null;
  system?: boolean;
}

export function gitlabClient(apiUrl: string, token: string, timeoutMs?: number): RestClient {
  return new RestClient({
    apiUrl,
    headers: { 'PRIVATE-TOKEN': token },
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
  });
}

export async function upsertNote(
  mr: MergeRequestContext,
  token: string,
  marker: string,
  body: string,
): Promise<UpsertResult> {
  const client = gitlabClient(mr.apiUrl, token);
  const base = `/projects/${encodeURIComponent(mr.projectId)}/merge_requests/${mr.iid}/notes`;
  const notes = await client.paginate<Note>(`${base}?sort=asc&order_by=created_at`);
  const ours = notes.find((n) => !n.system && isOurs(n.body, marker));
  if (!ours) {
    const created = await client.request<Note>('POST', base, { body });
    return { action: 'created', id: created.id };
  }
  if (ours.body === body) return { action: 'unchanged', id: ours.id };
  const updated = await client.request<Note>('PUT', `${base}/${ours.id}`, { body });
  return { action: 'updated', id: updated.id };
}
