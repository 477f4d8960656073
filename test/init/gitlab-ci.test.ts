// init in a project on GitLab: a merge-request job in .gitlab-ci.yml (Code Quality report, the MR
// note, the full history and the target branch) instead of a GitHub workflow; the file's own jobs
// and comments kept; a second run changes nothing.
import { existsSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { drizzleProject } from '../helpers/drizzle.js';
import { cleanupAll, createRepo, PROJECT_ROOT, type FileMap, type TempRepo } from '../helpers/repo.js';
import { read, snapshot } from './helpers.js';
import { remoteHost } from '../../src/init/gitlab-ci.js';

afterAll(cleanupAll);

function initTwice(repo: TempRepo) {
  const first = repo.run(['init', '--no-install']);
  expect(first.stderr).toBe('');
  expect(first.code).toBe(0);
  const after = snapshot(repo);
  const second = repo.run(['init', '--no-install']);
  expect(second.stdout).toContain('Nothing to change');
  expect(snapshot(repo)).toEqual(after);
  expect(existsSync(path.join(repo.dir, '.github'))).toBe(false);
  return first;
}

/** The job's keys, as GitLab reads them. */
function expectJob(job: Record<string, unknown>) {
  expect(job.rules).toEqual([{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' }]);
  expect(job.variables).toEqual({ GIT_DEPTH: 0 });
  expect(job.script).toEqual([
    'git fetch origin "+refs/heads/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME:refs/remotes/origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME"',
    'npm install',
    'npx nexiom-lint --comment --format gitlab > gl-code-quality-report.json',
  ]);
  expect(job.artifacts).toEqual({ when: 'always', reports: { codequality: 'gl-code-quality-report.json' } });
  expect(job.image).toBe('node:20');
}

const EXISTING = `# CI for the app
stages:
  - build
  - test

variables:
  NODE_ENV: test   # everywhere

build:
  stage: build
  script:
    - npm run build

unit:
  stage: test
  script:
    - npm test # fast
`;

describe('init on GitLab', () => {
  it('adds the job to an existing .gitlab-ci.yml and keeps its jobs and comments', () => {
    const repo = createRepo({ ...drizzleProject(), '.gitlab-ci.yml': EXISTING });
    const r = initTwice(repo);
    expect(r.stdout).toContain('.gitlab-ci.yml');
    expect(r.stdout).toContain('masked CI/CD variable `NEXIOM_LINT_GITLAB_TOKEN`');
    const text = read(repo, '.gitlab-ci.yml');
    expect(text.startsWith(`${EXISTING}\n# nexiom-lint: on every merge request`)).toBe(true);
    const config = YAML.parse(text);
    expect(Object.keys(config)).toEqual(['stages', 'variables', 'build', 'unit', 'nexiom-lint']);
    expectJob(config['nexiom-lint']);
    expect(config['nexiom-lint'].stage).toBeUndefined();
  });

  it('creates .gitlab-ci.yml when a remote is on GitLab and there is no file', () => {
    const repo = createRepo(drizzleProject());
    repo.git('remote', 'add', 'origin', 'git@gitlab.com:team/app.git');
    initTwice(repo);
    const config = YAML.parse(read(repo, '.gitlab-ci.yml'));
    expect(Object.keys(config)).toEqual(['nexiom-lint']);
    expectJob(config['nexiom-lint']);
  });

  it('picks a stage the file declares when it has no test stage, and leaves a job that runs nexiom-lint', () => {
    const files: FileMap = {
      '.gitlab-ci.yml': 'stages: [build, lint, deploy]\nbuild:\n  stage: build\n  script: [make]\n',
    };
    const repo = createRepo({ ...drizzleProject(), ...files });
    initTwice(repo);
    expect(YAML.parse(read(repo, '.gitlab-ci.yml'))['nexiom-lint'].stage).toBe('lint');

    const own = 'check:\n  script:\n    - npx nexiom-lint --format gitlab\n';
    const kept = createRepo({ ...drizzleProject(), '.gitlab-ci.yml': own });
    kept.run(['init', '--no-install']);
    expect(read(kept, '.gitlab-ci.yml')).toBe(own);
  });

  it('changes into the package below the git root and writes the report at the project root', () => {
    const files: FileMap = { '.gitlab-ci.yml': 'build:\n  script: [make]\n' };
    for (const [name, text] of Object.entries(drizzleProject())) files[`app/${name}`] = text;
    files['app/pnpm-lock.yaml'] = "lockfileVersion: '9.0'\n";
    const repo = createRepo(files, { linkModules: false });
    symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(repo.dir, 'app/node_modules'));
    const r = repo.run(['init', '--no-install', '--cwd', 'app']);
    expect(r.stderr).toBe('');
    const job = YAML.parse(read(repo, '.gitlab-ci.yml'))['nexiom-lint'];
    expect(job.script.slice(1)).toEqual([
      'cd app',
      'corepack enable',
      'pnpm install --frozen-lockfile',
      'pnpm exec nexiom-lint --comment --format gitlab > "$CI_PROJECT_DIR/gl-code-quality-report.json"',
    ]);
    expect(job.artifacts.reports.codequality).toBe('gl-code-quality-report.json');
  });

  it('stays on GitHub when origin is there and only a mirror is on GitLab', () => {
    const repo = createRepo(drizzleProject());
    repo.git('remote', 'add', 'origin', 'https://github.com/team/app.git');
    repo.git('remote', 'add', 'mirror', 'https://gitlab.com/team/app.git');
    expect(repo.run(['init', '--no-install']).code).toBe(0);
    expect(existsSync(path.join(repo.dir, '.gitlab-ci.yml'))).toBe(false);
    expect(existsSync(path.join(repo.dir, '.github/workflows/nexiom-lint.yml'))).toBe(true);
  });

  it('knows a GitLab remote by its host', () => {
    expect(remoteHost('https://gitlab.com/team/app.git')).toBe('gitlab.com');
    expect(remoteHost('ssh://git@gitlab.example.org:2222/team/app.git')).toBe('gitlab.example.org');
    expect(remoteHost('git@gitlab.internal:team/app.git')).toBe('gitlab.internal');
    expect(remoteHost('https://github.com/team/gitlab-tools.git')).toBe('github.com');
  });
});
