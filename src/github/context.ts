/**
 * Where a GitHub Actions run is: the repository, the pull request and the API to talk to, read
 * from the runner's environment and the event payload it writes to `GITHUB_EVENT_PATH`
 * (`{ "pull_request": { "number": 12, "head": { "sha": "…" } }, "repository": { "full_name": "o/r" } }`).
 */
import { readFile } from 'node:fs/promises';

export interface PullRequestContext {
  apiUrl: string;
  owner: string;
  repo: string;
  number: number;
  /** The PR head commit: the version of the files the comment should link to. */
  headSha?: string;
}

type Payload = {
  pull_request?: { number?: unknown; head?: { sha?: unknown } };
  issue?: { number?: unknown; pull_request?: unknown };
  repository?: { full_name?: unknown };
};

export async function readEvent(env: NodeJS.ProcessEnv): Promise<Payload | null> {
  if (!env.GITHUB_EVENT_PATH) return null;
  try {
    return JSON.parse(await readFile(env.GITHUB_EVENT_PATH, 'utf8')) as Payload;
  } catch {
    // An unreadable payload means "not a PR run" to the caller, which says so in its warning.
    return null;
  }
}

/** The PR this run belongs to, or a sentence saying why there is none. */
export async function pullRequestContext(env: NodeJS.ProcessEnv): Promise<PullRequestContext | string> {
  const payload = await readEvent(env);
  if (!payload) return 'GITHUB_EVENT_PATH is not set or not readable: this is not a GitHub Actions run';
  const pr = payload.pull_request;
  const number = Number(pr?.number ?? (payload.issue?.pull_request ? payload.issue.number : undefined));
  if (!Number.isInteger(number) || number <= 0) {
    return `the ${env.GITHUB_EVENT_NAME ?? 'current'} event is not about a pull request (run it on: pull_request)`;
  }
  const fullName =
    env.GITHUB_REPOSITORY ?? (typeof payload.repository?.full_name === 'string' ? payload.repository.full_name : '');
  const [owner, repo] = fullName.split('/');
  if (!owner || !repo) return 'GITHUB_REPOSITORY is not set (expected owner/name)';
  const headSha = typeof pr?.head?.sha === 'string' ? pr.head.sha : undefined;
  return {
    apiUrl: (env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, ''),
    owner,
    repo,
    number,
    ...(headSha ? { headSha } : {}),
  };
}

/** `https://github.com/o/r/blob/<sha>` for links in the comment, inside GitHub Actions only. */
export async function blobBase(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  if (env.GITHUB_ACTIONS !== 'true' || !env.GITHUB_REPOSITORY) return undefined;
  const payload = await readEvent(env);
  const sha = typeof payload?.pull_request?.head?.sha === 'string' ? payload.pull_request.head.sha : env.GITHUB_SHA;
  if (!sha) return undefined;
  return `${(env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '')}/${env.GITHUB_REPOSITORY}/blob/${sha}`;
}
