/**
 * The CI and review layers on GitLab: a `nexiom-lint` job in `.gitlab-ci.yml` (the file created
 * when missing) that runs in merge-request pipelines only, where the note can be posted and the
 * target branch is known. It writes the Code Quality report the merge request's widget reads
 * (`artifacts: reports: codequality`, kept when the job fails on findings) and keeps one note up to
 * date (`--comment`, with a project access token in `NEXIOM_LINT_GITLAB_TOKEN`: docs/gitlab.md).
 *
 * The change set is the diff against the merge base with the target branch, so the job clones the
 * whole history (`GIT_DEPTH: 0`) and fetches the target branch as `origin/<target>`, the ref the
 * default mode compares with in an MR pipeline (git/changeset.ts). An explicit refspec, because
 * the runner's own refspecs for MR pipelines need not include that branch.
 *
 * A project is on GitLab when it has a `.gitlab-ci.yml` or a remote on a host named gitlab. The
 * existing file keeps its jobs, comments and layout (yaml-edit.ts); a job that already runs
 * nexiom-lint is left alone.
 */
import { gitRaw } from '../git/exec.js';
import { errorMessage } from '../errors.js';
import { relative, type InitContext } from './context.js';
import * as messages from './messages.js';
import type { Plan } from './plan.js';
import { editYaml } from './yaml-edit.js';
import { ciInstallCommand, execCommand, runScriptCommand, type PackageManager } from '../project/package-manager.js';
import { nexiomConfigFlag } from './scripts.js';

export const GITLAB_CI_FILE = '.gitlab-ci.yml';
export const JOB = 'nexiom-lint';
const REPORT = 'gl-code-quality-report.json';
const WROTE = 'merge request check, Code Quality report and note';

/** The host of a remote URL: `https://host/…`, `ssh://user@host:port/…`, `user@host:path`. */
export function remoteHost(url: string): string | null {
  const match = /^[a-z+]+:\/\/(?:[^@/]*@)?([^/:]+)/i.exec(url) ?? /^(?:[^@/]*@)?([^/:]+):/.exec(url);
  return match?.[1]?.toLowerCase() ?? null;
}

/**
 * A `.gitlab-ci.yml`, or `origin` on gitlab.com or a host named gitlab (self-managed); without an
 * `origin`, any remote there. A GitHub `origin` with a GitLab mirror among the remotes stays on GitHub.
 */
export async function isOnGitLab(ctx: InitContext, plan: Plan): Promise<boolean> {
  if (plan.read(GITLAB_CI_FILE) !== null) return true;
  const result = await gitRaw(['remote', '-v'], ctx.repoRoot);
  if (result.code !== 0) return false;
  const remotes = result.stdout
    .split('\n')
    .map((line) => line.split(/\s+/))
    .filter((fields) => fields.length >= 2);
  const origin = remotes.filter(([name]) => name === 'origin');
  return (origin.length ? origin : remotes).some(([, url]) => /gitlab/.test(remoteHost(url!) ?? ''));
}

function setup(pm: PackageManager): { image: string; install: string[] } {
  if (pm.name === 'bun') return { image: 'oven/bun:1', install: [ciInstallCommand(pm)] };
  const corepack = pm.name === 'pnpm' || (pm.name === 'yarn' && pm.yarnBerry) ? ['corepack enable'] : [];
  return { image: 'node:20', install: [...corepack, ciInstallCommand(pm)] };
}

/** The job's lines (unindented), `stage` set when the file's stages have no `test`. */
export function gitlabJob(ctx: InitContext, stage: string | null): string[] {
  const { image, install } = setup(ctx.pm);
  const toPackage = relative(ctx.installRoot, ctx.packageDir);
  const report = ctx.installRoot || ctx.packageDir ? `"$CI_PROJECT_DIR/${REPORT}"` : REPORT;
  const command = `${execCommand(ctx.pm, 'nexiom-lint')} --comment --format gitlab${nexiomConfigFlag(ctx, ctx.packageDir)} > ${report}`;
  return [
    '# nexiom-lint: on every merge request, fails the pipeline when the Drizzle schema changed without a',
    '# migration, an applied migration was edited or two branches made the same migration; shows the',
    "# findings in the merge request's Code Quality widget and keeps one note with the SQL that will run.",
    `${JOB}:`,
    ...(stage ? [`  stage: ${stage}`] : []),
    `  image: ${image}`,
    '  rules:',
    '    - if: $CI_PIPELINE_SOURCE == "merge_request_event"',
    '  variables:',
    '    # The whole history: the change set is the diff against the merge base with the target branch.',
    '    GIT_DEPTH: 0',
    '  script:',
    '    - git fetch origin "+refs/heads/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME:refs/remotes/origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME"',
    ...(ctx.installRoot ? [`    - cd ${ctx.installRoot}`] : []),
    ...install.map((l) => `    - ${l}`),
    ...(toPackage !== '.' ? [`    - cd ${toPackage}`] : []),
    '    # The note needs a project access token (api scope) in the NEXIOM_LINT_GITLAB_TOKEN CI/CD variable.',
    `    - ${command}`,
    '  artifacts:',
    '    when: always',
    '    reports:',
    `      codequality: ${REPORT}`,
  ];
}

/** The stage for the job: none where `test` exists (GitLab's default), else one that checks, else the first. */
function stageFor(stages: unknown): string | null {
  if (!Array.isArray(stages) || !stages.length || stages.includes('test')) return null;
  const names = stages.filter((s): s is string => typeof s === 'string');
  return names.find((s) => /test|lint|check|verify|review/i.test(s)) ?? names[0] ?? null;
}

function runsNexiom(job: unknown): boolean {
  const script = (job as { script?: unknown } | null)?.script;
  return (Array.isArray(script) ? script : [script]).some((l) => typeof l === 'string' && l.includes('nexiom-lint'));
}

/** Plans the job when the project is on GitLab; false when it is not (the GitHub workflow applies). */
export async function planGitlabCi(ctx: InitContext, plan: Plan): Promise<boolean> {
  if (!(await isOnGitLab(ctx, plan))) return false;
  if (ctx.options.releaseStep) plan.notices.push(messages.gitlabReleaseStep(runScriptCommand(ctx.pm, 'db:migrate')));
  const text = plan.read(GITLAB_CI_FILE);
  if (text === null) {
    plan.write(GITLAB_CI_FILE, `${gitlabJob(ctx, null).join('\n')}\n`, WROTE);
    plan.nextSteps.push(messages.gitlabToken);
    return true;
  }
  let edited: string | null = null;
  let reason = 'it is not a map of jobs';
  try {
    edited = await editYaml(text, ({ doc, YAML }) => {
      if (!YAML.isMap(doc.contents)) return false;
      const jobs = doc.toJS() as Record<string, unknown>;
      if (JOB in jobs || Object.values(jobs).some(runsNexiom)) {
        reason = '';
        return false;
      }
      const parsed = YAML.parseDocument(gitlabJob(ctx, stageFor(jobs.stages)).join('\n'));
      const pair = (parsed.contents as InstanceType<typeof YAML.YAMLMap>).items[0]!;
      const key = pair.key as InstanceType<typeof YAML.Scalar>;
      key.spaceBefore = true;
      doc.contents.items.push(pair);
      return true;
    });
  } catch (error) {
    reason = `not readable as YAML: ${errorMessage(error)}`;
  }
  if (edited !== null) {
    plan.write(GITLAB_CI_FILE, edited, WROTE);
    plan.nextSteps.push(messages.gitlabToken);
  } else if (reason) {
    plan.nextSteps.push(messages.gitlabCiUnusable(GITLAB_CI_FILE, reason, gitlabJob(ctx, null).join('\n')));
  }
  return true;
}
