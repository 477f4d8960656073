/** no-db-push through the CLI on GitLab CI files and extension-less scripts, in --all and --staged modes. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drizzleProject } from '../helpers/drizzle.js';
import { cleanupAll, createRepo, type TempRepo } from '../helpers/repo.js';

afterAll(cleanupAll);

interface JsonFinding {
  file: string;
  line: number;
  message: string;
  help: string;
}

function findings(stdout: string): JsonFinding[] {
  return (JSON.parse(stdout) as { findings: Array<JsonFinding & { ruleId: string }> }).findings.filter(
    (f) => f.ruleId === 'no-db-push',
  );
}

const at = (list: JsonFinding[]) => list.map((f) => `${f.file}:${f.line}`);

const GITLAB_CI = `stages: [test, deploy]
include:
  - local: .gitlab/ci/review.yml
default:
  image: node:20
  before_script:
    - npm ci
.push: &push "npx drizzle-kit push"
.migrate:
  script:
    - npx drizzle-kit migrate
test:
  stage: test
  script:
    - npx drizzle-kit generate
    - npm test
deploy:
  stage: deploy
  script:
    - npm run build
    - npx drizzle-kit push
sync:
  script: [*push]
migrate:
  extends: .migrate
db:push:unsafe:
  when: manual
  script:
    - npx drizzle-kit push
`;

const REVIEW = `.defaults: &defaults
  script:
    - !reference [.setup, script]
    - pnpm drizzle-kit push --force
.setup:
  script: [npm ci]
review:
  <<: *defaults
  environment: review
`;

describe('no-db-push on GitLab CI through the CLI', () => {
  let repo: TempRepo;
  beforeAll(() => {
    repo = createRepo(drizzleProject(undefined, { '.gitlab-ci.yml': GITLAB_CI, '.gitlab/ci/review.yml': REVIEW }));
    repo.commit('init');
  });

  it('--all reports each job that pushes, with line and job name; *:unsafe jobs may push', () => {
    const r = repo.run(['--all', '--format', 'json', '--rule', 'no-db-push']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const list = findings(r.stdout);
    expect(at(list)).toEqual(['.gitlab-ci.yml:8', '.gitlab-ci.yml:21', '.gitlab/ci/review.yml:4']);
    expect(list[0]!.message).toBe(
      'Job "sync" (script) runs `npx drizzle-kit push`: a direct schema change with no migration file, no history row and no review.',
    );
    expect(list[1]!.message).toContain('Job "deploy" (script) runs `npx drizzle-kit push`');
    expect(list[1]!.help).toContain('Change the schema through migrations: `npm run db:generate`');
    expect(list[1]!.help).toContain('name the job "deploy:unsafe" and make it `when: manual`');
    expect(list[2]!.message).toContain(
      'Job "review" (script), also template ".defaults" runs `pnpm drizzle-kit push --force`',
    );
  });

  it('--staged reads a staged GitLab file, and passes one that migrates', () => {
    repo.write({
      '.gitlab/ci/db.yml': 'before_script:\n  - npm ci\n  - npx drizzle-kit push\n',
      'ci/release.gitlab-ci.yml':
        'release:\n  script:\n    - npx drizzle-kit generate\n    - npx drizzle-kit migrate\n',
    });
    repo.git('add', '-A');
    const r = repo.run(['--staged', '--format', 'json']);
    expect(r.code).toBe(1);
    expect(findings(r.stdout)).toMatchObject([
      { file: '.gitlab/ci/db.yml', line: 3, message: expect.stringContaining('Top-level before_script runs') },
    ]);
    repo.git('reset', '-q', '--hard');

    repo.write({
      'ci/release.gitlab-ci.yml':
        'release:\n  script:\n    - npx drizzle-kit generate\n    - npx drizzle-kit migrate\n',
    });
    repo.git('add', '-A');
    const clean = repo.run(['--staged']);
    expect(clean.stdout).toContain('no problems');
    expect(clean.code).toBe(0);
    repo.git('reset', '-q', '--hard');
  });
});

const SHEBANG_PUSH = '#!/usr/bin/env bash\nset -euo pipefail\nnpm ci\nnpx drizzle-kit push\n';

describe('no-db-push on extension-less scripts through the CLI', () => {
  let repo: TempRepo;
  beforeAll(() => {
    repo = createRepo(
      drizzleProject(undefined, {
        'scripts/release': SHEBANG_PUSH,
        'scripts/notes': 'Remember: never run npx drizzle-kit push\nnpx drizzle-kit push\n',
        'bin/migrate': '#!/bin/sh\nnpx drizzle-kit migrate\nnpx drizzle-kit generate --name x\n',
        'bin/reset-unsafe': '#!/bin/sh\nnpx drizzle-kit push --force\n',
        '.githooks/pre-push': '#!/bin/bash -e\nnpm run db:push:unsafe\n',
        'tools/helper': '#!/usr/bin/env node\nrequire("child_process").execSync("npx drizzle-kit push");\n',
      }),
    );
    // A committed binary in bin/: not text, must be skipped without an error.
    writeFileSync(
      path.join(repo.dir, 'bin/tool'),
      Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0xff, 0xfe, 0x0a, 0xc3, 0x28, 0x0a]),
    );
    repo.commit('init');
  });

  it('--all reads the scripts with a shell shebang and skips the rest', () => {
    const r = repo.run(['--all', '--format', 'json', '--rule', 'no-db-push']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const list = findings(r.stdout);
    expect(at(list)).toEqual(['.githooks/pre-push:2', 'scripts/release:4']);
    expect(list[1]!.message).toBe(
      'This script runs `npx drizzle-kit push`: a direct schema change with no migration file, no history row and no review.',
    );
    expect(list[1]!.help).toMatch(/name the script file \*-unsafe\.$/);
    expect(list[0]!.message).toContain('runs the unsafe script "db:push:unsafe"');
  });

  it('--staged reads a staged extension-less script, and passes one that migrates', () => {
    repo.write({ 'tools/db-reset': '#!/bin/sh\nset -e\nyarn dlx drizzle-kit push\n' });
    repo.git('add', '-A');
    const r = repo.run(['--staged', '--format', 'json']);
    expect(r.code).toBe(1);
    expect(at(findings(r.stdout))).toEqual(['tools/db-reset:3']);
    repo.git('reset', '-q', '--hard');
    repo.git('clean', '-qfd');

    repo.write({
      'tools/db-reset': '#!/bin/sh\nset -e\nnpx drizzle-kit migrate\n',
      'scripts/notes': 'npx drizzle-kit push\n',
    });
    repo.git('add', '-A');
    const clean = repo.run(['--staged']);
    expect(clean.stdout).toContain('no problems');
    expect(clean.code).toBe(0);
    repo.git('reset', '-q', '--hard');
    repo.git('clean', '-qfd');
  });
});
