/**
 * Where a report goes besides stdout: a file (`--output`), the GitHub Actions job summary
 * (`GITHUB_STEP_SUMMARY`) and the PR comment or GitLab MR note (`--comment`). Only the CLI writes; reporters
 * stay pure. A comment that cannot be posted (fork PR with a read-only token, no network, API
 * down) is a warning, never a failure: the exit code reports the findings, not GitHub's health.
 */
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { EnvironmentError, errorMessage } from '../errors.js';
import * as messages from '../messages.js';
import type { Io } from './io.js';

export async function writeOutput(file: string, text: string): Promise<void> {
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text);
  } catch (error) {
    throw new EnvironmentError(messages.outputNotWritable(file, errorMessage(error)), { cause: error });
  }
}

/** Appends to the job summary when the runner provides one; says so on stderr when it cannot. */
export async function appendStepSummary(io: Io, markdown: string): Promise<boolean> {
  const file = io.env.GITHUB_STEP_SUMMARY;
  if (!file) return false;
  try {
    await appendFile(file, `${markdown.replace(/\s+$/, '')}\n\n`);
    return true;
  } catch (error) {
    io.stderr(`${messages.TOOL}: warning: ${messages.stepSummaryNotWritable(errorMessage(error))}\n`);
    return false;
  }
}

/**
 * Creates or updates the PR comment. Returns true when it was posted; on any failure, warns
 * (without the token) and returns false so that the caller falls back to the job summary.
 */
export async function postComment(io: Io, commentId: string, markdown: string): Promise<boolean> {
  const { isGitLab } = await import('../gitlab/context.js');
  if (isGitLab(io.env)) return postNote(io, commentId, markdown);
  const { pullRequestContext } = await import('../github/context.js');
  const { upsertComment } = await import('../github/comment.js');
  const { commentMarker } = await import('../report/markdown.js');
  const warn = (text: string) => io.stderr(`${messages.TOOL}: warning: ${text}\n`);
  const pr = await pullRequestContext(io.env);
  if (typeof pr === 'string') {
    warn(messages.commentNotAPullRequest(pr));
    return false;
  }
  const token = io.env.GITHUB_TOKEN;
  if (!token) {
    warn(messages.commentNoToken);
    return false;
  }
  try {
    const result = await upsertComment(pr, token, commentMarker(commentId), markdown);
    io.stderr(`${messages.TOOL}: ${messages.commentPosted(result.action, pr.number, result.url)}\n`);
    return true;
  } catch (error) {
    const status = (error as { status?: number | null }).status ?? null;
    warn(
      messages.commentFailed(errorMessage(error).split(token).join('***'), status, Boolean(io.env.GITHUB_STEP_SUMMARY)),
    );
    return false;
  }
}

/** The GitLab side of `--comment`: one note on the merge request, kept up to date. */
async function postNote(io: Io, commentId: string, markdown: string): Promise<boolean> {
  const { mergeRequestContext, gitlabToken } = await import('../gitlab/context.js');
  const { upsertNote } = await import('../gitlab/note.js');
  const { commentMarker } = await import('../report/markdown.js');
  const warn = (text: string) => io.stderr(`${messages.TOOL}: warning: ${text}\n`);
  const mr = mergeRequestContext(io.env);
  if (typeof mr === 'string') {
    warn(messages.noteNotAMergeRequest(mr));
    return false;
  }
  const token = gitlabToken(io.env);
  if (!token) {
    warn(messages.noteNoToken);
    return false;
  }
  try {
    const result = await upsertNote(mr, token, commentMarker(commentId), markdown);
    io.stderr(`${messages.TOOL}: ${messages.notePosted(result.action, mr.iid)}\n`);
    return true;
  } catch (error) {
    const status = (error as { status?: number | null }).status ?? null;
    warn(messages.noteFailed(errorMessage(error).split(token).join('***'), status));
    return false;
  }
}
