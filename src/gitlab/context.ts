/**
 * Where a GitLab CI merge-request pipeline is: the project, the merge request and the API, read
 * from the variables GitLab sets in a `merge_request_event` pipeline (`CI_MERGE_REQUEST_IID`,
 * `CI_PROJECT_ID`, `CI_API_V4_URL`), and the token that may write notes. `CI_JOB_TOKEN` cannot
 * write notes, so a project or personal access token with the `api` scope is needed.
 */

export interface MergeRequestContext {
  apiUrl: string;
  /** The numeric id (or URL-encoded path) of the project. */
  projectId: string;
  iid: number;
  /** The MR's head commit, for links to files. */
  headSha?: string;
}

export function isGitLab(env: NodeJS.ProcessEnv): boolean {
  return env.GITLAB_CI === 'true' || Boolean(env.CI_MERGE_REQUEST_IID && env.CI_API_V4_URL);
}

/** The merge request this pipeline belongs to, or a sentence saying why there is none. */
export function mergeRequestContext(env: NodeJS.ProcessEnv): MergeRequestContext | string {
  const iid = Number(env.CI_MERGE_REQUEST_IID);
  if (!env.CI_MERGE_REQUEST_IID || !Number.isInteger(iid) || iid <= 0) {
    return 'CI_MERGE_REQUEST_IID is not set: this is not a merge request pipeline (add `rules: - if: $CI_PIPELINE_SOURCE == "merge_request_event"` to the job)';
  }
  if (!env.CI_PROJECT_ID) return 'CI_PROJECT_ID is not set';
  if (!env.CI_API_V4_URL) return 'CI_API_V4_URL is not set';
  const headSha = env.CI_MERGE_REQUEST_SOURCE_BRANCH_SHA || env.CI_COMMIT_SHA;
  return {
    apiUrl: env.CI_API_V4_URL.replace(/\/+$/, ''),
    projectId: env.CI_PROJECT_ID,
    iid,
    ...(headSha ? { headSha } : {}),
  };
}

/** The token that writes the note; never printed. */
export function gitlabToken(env: NodeJS.ProcessEnv): string | undefined {
  return env.NEXIOM_LINT_GITLAB_TOKEN || env.GITLAB_TOKEN || undefined;
}

/** `https://gitlab.com/group/app/-/blob/<sha>` for links in the note, inside GitLab CI only. */
export function gitlabBlobBase(env: NodeJS.ProcessEnv): string | undefined {
  if (!isGitLab(env) || !env.CI_PROJECT_URL) return undefined;
  const sha = env.CI_MERGE_REQUEST_SOURCE_BRANCH_SHA || env.CI_COMMIT_SHA;
  if (!sha) return undefined;
  return `${env.CI_PROJECT_URL.replace(/\/+$/, '')}/-/blob/${sha}`;
}
