/**
 * Keeps one PR comment per project up to date: the first run creates it, every later run edits
 * the same comment. Ours is the comment whose first line is our hidden marker
 * (`<!-- nexiom-lint:<id> -->`); any other comment, from people or other bots, is never touched.
 */
import { githubClient } from './client.js';
import type { PullRequestContext } from './context.js';

interface IssueComment {
  id: number;
  body?: string | null;
  html_url?: string;
}

export interface UpsertResult {
  action: 'created' | 'updated' | 'unchanged';
  url?: string;
  id: number;
}

export function isOurs(body: string | null | undefined, marker: string): boolean {
  if (!body) return false;
  const firstLine = body
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/, 1)[0]!
    .trim();
  return firstLine === marker;
}

export async function upsertComment(
  pr: PullRequestContext,
  token: string,
  marker: string,
  body: string,
): Promise<UpsertResult> {
  const client = githubClient(pr.apiUrl, token);
  const base = `/repos/${encodeURIComponent(pr.owner)}/${encodeURIComponent(pr.repo)}/issues`;
  const comments = await client.paginate<IssueComment>(`${base}/${pr.number}/comments`);
  const ours = comments.find((c) => isOurs(c.body, marker));
  if (!ours) {
    const created = await client.request<IssueComment>('POST', `${base}/${pr.number}/comments`, { body });
    return { action: 'created', id: created.id, ...(created.html_url ? { url: created.html_url } : {}) };
  }
  if (ours.body === body) return { action: 'unchanged', id: ours.id, ...(ours.html_url ? { url: ours.html_url } : {}) };
  const updated = await client.request<IssueComment>('PATCH', `${base}/comments/${ours.id}`, { body });
  return { action: 'updated', id: updated.id, ...(updated.html_url ? { url: updated.html_url } : {}) };
}
