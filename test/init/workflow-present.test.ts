// A second run, or a team with its own CI: init says the workflow is there instead of "no
// workflow added", and never adds a second one.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { drizzleProject } from '../helpers/drizzle.js';
import { cleanupAll, createRepo } from '../helpers/repo.js';
import { snapshot } from './helpers.js';

afterAll(cleanupAll);

const TEAM_CI = `name: ci
on: pull_request
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: npm ci
      - run: npx nexiom-lint --format github
`;

describe('a workflow that is already there', () => {
  it("names the team's own workflow that runs nexiom-lint and adds none", () => {
    const repo = createRepo(drizzleProject(undefined, { '.github/workflows/ci.yml': TEAM_CI }));
    repo.git('remote', 'add', 'origin', 'https://gitlab.example.com/team/app.git');
    const r = repo.run(['init', '--no-install']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'Workflow already present: .github/workflows/ci.yml runs nexiom-lint, so init added none.',
    );
    expect(r.stdout).not.toContain('is not on GitHub');
    expect(existsSync(path.join(repo.dir, '.github/workflows/nexiom-lint.yml'))).toBe(false);
  });

  it('keeps the workflow an earlier run added, and a second run has nothing to say about it', () => {
    const repo = createRepo(drizzleProject());
    repo.git('remote', 'add', 'origin', 'https://gitlab.example.com/team/app.git');
    expect(repo.run(['init', '--no-install', '--workflow']).stdout).toContain(
      'created  .github/workflows/nexiom-lint.yml',
    );
    const after = snapshot(repo);
    const again = repo.run(['init', '--no-install']);
    expect(again.stdout).toContain('Nothing to change');
    expect(again.stdout).not.toContain('is not on GitHub');
    expect(again.stdout).not.toContain('no GitHub Actions workflow added');
    expect(snapshot(repo)).toEqual(after);
  });
});
