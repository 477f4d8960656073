/**
 * The CI and review layers: `.github/workflows/nexiom-lint.yml` runs `nexiom-lint --comment
 * --format github` on every pull request (annotations on the diff, one PR comment kept up to
 * date), with the full history (`fetch-depth: 0`) because the change set is the diff against
 * the merge base. The release-phase `db:migrate` job is there commented out, or live with
 * `--release-step`: it runs on pushes to the default branch, before the deploy.
 *
 * A workflow file that exists is never overwritten.
 */
import { gitRaw } from '../git/exec.js';
import { defaultBranch } from '../git/changeset.js';
import { join, type InitContext } from './context.js';
import { planGitlabCi } from './gitlab-ci.js';
import * as messages from './messages.js';
import { ciInstallCommand, execCommand, runScriptCommand, type PackageManager } from '../project/package-manager.js';
import type { Plan } from './plan.js';
import { nexiomConfigFlag, readPackageJson } from './scripts.js';

export const WORKFLOW_FILE = '.github/workflows/nexiom-lint.yml';

function setupSteps(ctx: InitContext, plan: Plan): string[] {
  const pm: PackageManager = ctx.pm;
  const nodeVersion =
    plan.read(join(ctx.installRoot, '.nvmrc')) !== null
      ? [`node-version-file: ${join(ctx.installRoot, '.nvmrc')}`]
      : ['node-version: 20'];
  const lockPath = pm.lockfile ? join(ctx.installRoot, pm.lockfile) : null;
  const cache =
    lockPath && pm.name !== 'bun'
      ? [`cache: ${pm.name}`, ...(ctx.installRoot ? [`cache-dependency-path: ${lockPath}`] : [])]
      : [];
  const setupNode = ['- uses: actions/setup-node@v4', '  with:', ...[...nodeVersion, ...cache].map((l) => `    ${l}`)];
  const install = [
    `- run: ${ciInstallCommand(pm)}`,
    ...(ctx.installRoot ? [`  working-directory: ${ctx.installRoot}`] : []),
  ];
  switch (pm.name) {
    case 'pnpm': {
      const { pkg } = readPackageJson(plan, join(ctx.installRoot, 'package.json'));
      // pnpm/action-setup reads the version from `packageManager`; naming it twice is an error.
      const version = typeof pkg.packageManager === 'string' ? [] : ['  with:', '    version: 9'];
      return ['- uses: pnpm/action-setup@v4', ...version, ...setupNode, ...install];
    }
    case 'yarn':
      return [...(pm.yarnBerry ? ['- run: corepack enable'] : []), ...setupNode, ...install];
    case 'bun':
      return ['- uses: oven-sh/setup-bun@v2', ...install];
    default:
      return [...setupNode, ...install];
  }
}

function inPackage(ctx: InitContext): string[] {
  return ctx.packageDir ? [`  working-directory: ${ctx.packageDir}`] : [];
}

export function workflowText(ctx: InitContext, plan: Plan, branch: string): string {
  const release = ctx.options.releaseStep;
  const setup = setupSteps(ctx, plan);
  const indent = (lines: string[], pad: string) => lines.map((l) => (l ? `${pad}${l}` : l));
  const check = [
    'check:',
    ...(release ? ["  if: github.event_name == 'pull_request'"] : []),
    '  runs-on: ubuntu-latest',
    '  steps:',
    ...indent(
      [
        '- uses: actions/checkout@v4',
        '  with:',
        '    # The whole history: the change set is the diff against the merge base.',
        '    fetch-depth: 0',
        ...setup,
        `- run: ${execCommand(ctx.pm, 'nexiom-lint')} --comment --format github${nexiomConfigFlag(ctx, ctx.packageDir)}`,
        ...inPackage(ctx),
        '  env:',
        '    GITHUB_TOKEN: ${{ github.token }}',
      ],
      '    ',
    ),
  ];
  const migrate = [
    'migrate:',
    "  if: github.event_name == 'push'",
    '  runs-on: ubuntu-latest',
    '  # A GitHub environment keeps the production secret behind its protection rules.',
    '  environment: production',
    '  concurrency:',
    '    group: db-migrate',
    '    cancel-in-progress: false',
    '  steps:',
    ...indent(
      [
        '- uses: actions/checkout@v4',
        ...setup,
        `- run: ${runScriptCommand(ctx.pm, ctx.scripts.migrate)}`,
        ...inPackage(ctx),
        '  env:',
        '    # The connection string your drizzle config reads (dbCredentials.url).',
        '    DATABASE_URL: ${{ secrets.DATABASE_URL }}',
      ],
      '    ',
    ),
  ];
  const releaseIntro = [
    '# Release phase: apply pending migrations before the new version of the app is deployed, and',
    '# deploy only when this job succeeded (make the deploy job `needs: migrate`).',
  ];
  return [
    '# nexiom-lint: on every pull request, fails the check when the Drizzle schema changed without a',
    '# migration, an applied migration was edited or two branches made the same migration, and keeps',
    '# one review comment with the SQL that will run up to date.',
    ...(release
      ? []
      : [
          '# The release-phase db:migrate job is below, commented out: `nexiom-lint init --release-step` writes it live.',
        ]),
    'name: nexiom-lint',
    '',
    'on:',
    '  pull_request:',
    ...(release ? ['  push:', `    branches: [${branch}]`] : []),
    '',
    'permissions:',
    '  contents: read',
    '  pull-requests: write',
    '',
    'jobs:',
    ...indent(check, '  '),
    '',
    ...indent(releaseIntro, '  '),
    ...(release
      ? indent(migrate, '  ')
      : [
          `  # To enable: add \`push: { branches: [${branch}] }\` under \`on:\`, then uncomment.`,
          ...migrate.map((l) => `  # ${l}`),
        ]),
    '',
  ].join('\n');
}

async function isGitHub(ctx: InitContext): Promise<{ github: boolean; remote: string | null }> {
  const result = await gitRaw(['remote', 'get-url', 'origin'], ctx.repoRoot);
  const remote = result.code === 0 ? result.stdout.trim() : null;
  return { github: remote === null || /github/i.test(remote), remote };
}

export async function planWorkflow(ctx: InitContext, plan: Plan): Promise<void> {
  if (ctx.options.workflow === false) return;
  // On GitLab the merge request job replaces the workflow (gitlab-ci.ts).
  if (ctx.options.workflow === undefined && (await planGitlabCi(ctx, plan))) return;
  if (ctx.options.workflow === undefined) {
    const { github, remote } = await isGitHub(ctx);
    if (!github) {
      plan.notices.push(messages.workflowSkipped(remote!, execCommand(ctx.pm, 'nexiom-lint')));
      return;
    }
  }
  const branch = ((await defaultBranch(ctx.repoRoot)) ?? 'main').replace(/^origin\//, '');
  const text = workflowText(ctx, plan, branch);
  const current = plan.read(WORKFLOW_FILE);
  if (current === null) {
    plan.write(WORKFLOW_FILE, text, ctx.options.releaseStep ? 'PR check and release-phase db:migrate' : 'PR check');
  } else if (current !== text) plan.notices.push(messages.workflowExists(WORKFLOW_FILE));
}
