import { describe, expect, it } from 'vitest';
import { checkGitlabCi } from '../../src/push/gitlab.js';
import { surfaceOf } from '../../src/push/surfaces.js';
import type { PushFinding } from '../../src/push/types.js';

const brief = (findings: PushFinding[]) => findings.map((f) => [f.line, f.where, f.call.kind]);
const check = (text: string) => brief(checkGitlabCi('.gitlab-ci.yml', text));

describe('GitLab CI files by path', () => {
  it.each([
    ['.gitlab-ci.yml', 'gitlab'],
    ['services/api/.gitlab-ci.yml', 'gitlab'],
    ['deploy.gitlab-ci.yml', 'gitlab'],
    ['templates/db.gitlab-ci.yaml', 'gitlab'],
    ['.gitlab/ci/deploy.yml', 'gitlab'],
    ['.gitlab/db.yaml', 'gitlab'],
    ['ci/jobs/migrate.yml', 'gitlab'],
    ['ci/docker-compose.yml', 'compose'],
  ])('%s → %s', (file, surface) => {
    expect(surfaceOf(file)).toBe(surface);
  });

  it.each(['.gitlab/issue_templates/bug.md', 'docs/ci/example.yml', 'config/gitlab.yml', 'my-gitlab-ci.yml'])(
    '%s → none',
    (file) => {
      expect(surfaceOf(file)).toBeNull();
    },
  );
});

describe('GitLab CI jobs', () => {
  it('reads script lists, names the job and the key, reports the line', () => {
    const ci = `stages: [build, deploy]
variables:
  NODE_ENV: production
image: node:20
deploy:
  stage: deploy
  script:
    - npm ci
    - echo "never run drizzle-kit push"
    - npx drizzle-kit push
  after_script: npx drizzle-kit generate
migrate:
  script: npx drizzle-kit migrate
`;
    expect(check(ci)).toEqual([[10, 'Job "deploy" (script)', 'push']]);
  });

  it('a job named *unsafe may push; a job running an :unsafe script hides it', () => {
    const ci = `db:push:unsafe:
  when: manual
  script:
    - npx drizzle-kit push
reset-unsafe:
  script: [npx drizzle-kit push]
setup:
  script:
    - npm run db:push:unsafe
`;
    expect(check(ci)).toEqual([[9, 'Job "setup" (script)', 'unsafe']]);
  });

  it('top-level and default before_script/after_script run in every job', () => {
    const ci = `before_script:
  - npm ci
  - npx drizzle-kit push
default:
  image: node:20
  after_script: |
    echo done
    pnpm drizzle-kit push:pg
test:
  script: npm test
`;
    expect(check(ci)).toEqual([
      [3, 'Top-level before_script', 'push'],
      [8, 'Default after_script', 'push'],
    ]);
  });

  it('nested lists and literal blocks in a script', () => {
    const ci = `job:
  script:
    - - npm ci
      - - npx drizzle-kit push
    - |
      echo one
      bunx drizzle-kit push --force
`;
    expect(check(ci)).toEqual([
      [4, 'Job "job" (script)', 'push'],
      [7, 'Job "job" (script)', 'push'],
    ]);
  });

  it('a hidden template is checked and named as one; a job extending it is named first', () => {
    const ci = `.db:
  image: node:20
  script:
    - npx drizzle-kit push
.unused:
  before_script: npx drizzle-kit push
deploy:
  extends: .db
  variables: { A: 1 }
`;
    expect(check(ci)).toEqual([
      [4, 'Job "deploy" (script, from ".db"), also template ".db"', 'push'],
      [6, 'Template ".unused" (before_script)', 'push'],
    ]);
  });

  it('extends: the job’s own key wins; the last template listed wins; chains are followed', () => {
    const ci = `.base:
  script: npx drizzle-kit push
.safe:
  script: npx drizzle-kit migrate
.middle-unsafe:
  extends: .base
own:
  extends: .base
  script: npx drizzle-kit migrate
last-wins:
  extends: [.base, .safe]
chain:
  extends: [.safe, .middle-unsafe]
`;
    expect(check(ci)).toEqual([[2, 'Job "chain" (script, from ".base"), also template ".base"', 'push']]);
  });

  it('a job extending a template named *unsafe is judged by its own name', () => {
    const ci = `.push-unsafe:
  script: npx drizzle-kit push
review:
  extends: .push-unsafe
review:unsafe:
  extends: .push-unsafe
`;
    expect(check(ci)).toEqual([[2, 'Job "review" (script, from ".push-unsafe")', 'push']]);
  });

  it('is not fooled by globals, keys that are not scripts, or other YAML', () => {
    const ci = `workflow:
  rules: [{ if: $CI }]
include:
  - local: .gitlab/db.yml
variables:
  script: npx drizzle-kit push
cache:
  key: x
pages:
  script: npm run build
  artifacts: { paths: [public] }
notes: npx drizzle-kit push
job:
  variables:
    CMD: npx drizzle-kit push
  script: [1, null, echo ok]
`;
    expect(check(ci)).toEqual([]);
  });
});

describe('GitLab CI anchors, merge keys and !reference', () => {
  it('script: [*push] is reported on the anchored string, named by the job', () => {
    const ci = `.push: &push "npx drizzle-kit push"
.install: &install
  - npm ci
deploy:
  script:
    - *install
    - *push
`;
    expect(check(ci)).toEqual([[1, 'Job "deploy" (script)', 'push']]);
  });

  it('<<: *defaults brings in the script; the job’s own keys win', () => {
    const ci = `.defaults: &defaults
  image: node:20
  script:
    - npx drizzle-kit push
x-safe: &safe
  script: npx drizzle-kit migrate
deploy:
  <<: *defaults
  stage: deploy
migrate:
  <<: [*safe, *defaults]
override:
  <<: *defaults
  script: npx drizzle-kit generate
`;
    expect(check(ci)).toEqual([[4, 'Job "deploy" (script), also template ".defaults"', 'push']]);
  });

  it('!reference [.job, key] is followed to the referenced lines', () => {
    const ci = `.setup:
  script:
    - npm ci
    - npx drizzle-kit push
.vars:
  variables:
    X: 1
deploy:
  script:
    - !reference [.setup, script]
    - !reference [.vars, variables, X]
    - !reference [.from-another-file, script]
    - echo deployed
test:
  before_script: !reference [.setup, script]
  script: npm test
`;
    expect(check(ci)).toEqual([[4, 'Job "deploy" (script), also job "test", template ".setup"', 'push']]);
  });

  it('!reference in odd places never throws', () => {
    const ci = `a:
  script: !reference scalar
b:
  script: !reference { x: 1 }
c:
  script: !reference []
d:
  script: [!reference [c, script], !reference [d, script]]
`;
    expect(check(ci)).toEqual([]);
  });

  it('reads every document of a CI component (spec header, then jobs)', () => {
    const ci = `spec:
  inputs:
    stage: { default: deploy }
---
push-schema:
  stage: $[[ inputs.stage ]]
  script: npx drizzle-kit push
`;
    expect(check(ci)).toEqual([[7, 'Job "push-schema" (script)', 'push']]);
  });

  it('throws a ConfigError naming the file for broken YAML', () => {
    expect(() => checkGitlabCi('.gitlab/ci/db.yml', 'job:\n  script: [a,\n b: c\n')).toThrow(
      /\.gitlab\/ci\/db\.yml is not valid YAML/,
    );
    expect(() => checkGitlabCi('ci/deploy.gitlab-ci.yml', 'job:\n  script: [a,\n b: c\n')).toThrow(/is not valid YAML/);
  });

  it('leaves alone a file under ci/ that is not YAML at all (a Helm template)', () => {
    const helm =
      'apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: {{ .Values.replicas }}\n  {{- include "app.labels" . | nindent 4 }}\n';
    expect(checkGitlabCi('ci/chart/templates/deployment.yaml', helm)).toEqual([]);
  });
});
