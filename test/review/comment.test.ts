/**
 * `--comment` end to end: the real CLI in a real PR repository talks to a small GitHub REST
 * server on 127.0.0.1 (list comments with pagination, create, update), as it would to
 * GitHub Enterprise through GITHUB_API_URL.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupAll, tempDir } from '../helpers/repo.js';
import { LoopbackApi, runCli, type Request } from './loopback.js';
import { ACCEPTED_RISKS, acceptRisks, buildPrFixture, fixBilling, type PrFixture } from './pr-fixture.js';

const TOKEN = 'ghs_test_token_that_must_never_be_printed';
const MARKER = '<!-- nexiom-lint:repo -->';

interface Comment {
  id: number;
  body: string;
  user: { login: string };
}

/** Just enough of the GitHub REST API: issue comments of PR #7 in acme/app. */
class FakeGitHub extends LoopbackApi {
  comments: Comment[] = [];
  private nextId = 1000;

  add(body: string, login: string): Comment {
    const comment = { id: this.nextId++, body, user: { login } };
    this.comments.push(comment);
    return comment;
  }

  protected handle(req: Request, res: http.ServerResponse) {
    const { url } = req;
    const raw = req.body;
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return this.send(res, 401, { message: 'Bad credentials' });
    const list = '/api/v3/repos/acme/app/issues/7/comments';
    const edit = /^\/api\/v3\/repos\/acme\/app\/issues\/comments\/(\d+)$/.exec(url.pathname);
    if (req.method === 'GET' && url.pathname === list) {
      const perPage = Number(url.searchParams.get('per_page') ?? 30);
      const page = Number(url.searchParams.get('page') ?? 1);
      const items = this.comments.slice((page - 1) * perPage, page * perPage);
      const more = page * perPage < this.comments.length;
      const next = `<http://127.0.0.1${url.pathname}?per_page=${perPage}&page=${page + 1}>; rel="next"`;
      return this.send(
        res,
        200,
        items,
        more ? { link: next.replace('http://127.0.0.1', this.url.replace('/api/v3', '')) } : {},
      );
    }
    if (this.forbidWrites) return this.send(res, 403, { message: 'Resource not accessible by integration' });
    if (req.method === 'POST' && url.pathname === list) {
      const comment = this.add(JSON.parse(raw).body, 'github-actions[bot]');
      return this.send(res, 201, {
        ...comment,
        html_url: `https://github.example/acme/app/pull/7#issuecomment-${comment.id}`,
      });
    }
    if (req.method === 'PATCH' && edit) {
      const comment = this.comments.find((c) => c.id === Number(edit[1]));
      if (!comment) return this.send(res, 404, { message: 'Not Found' });
      comment.body = JSON.parse(raw).body;
      return this.send(res, 200, {
        ...comment,
        html_url: `https://github.example/acme/app/pull/7#issuecomment-${comment.id}`,
      });
    }
    return this.send(res, 404, { message: 'Not Found' });
  }
}

let github: FakeGitHub;
let fixture: PrFixture;
let env: Record<string, string>;
let summaryFile: string;
const others: Comment[] = [];

beforeAll(async () => {
  github = new FakeGitHub();
  await github.start('/api/v3');
  // 150 comments before ours: ours lands on the second page of 100.
  for (let i = 0; i < 147; i++) others.push(github.add(`comment ${i}`, i % 2 ? 'alice' : 'bob'));
  others.push(github.add('<!-- other-bot:repo -->\n## Coverage report\nall good', 'coverage-bot[bot]'));
  // Neither is ours, though both contain our marker: only a first line that is the marker counts.
  others.push(github.add(`> ${MARKER}\n> ## ❌ nexiom-lint: 1 error\n\nWhy does this fail?`, 'carol'));
  others.push(github.add(`Summary of all checks\n${MARKER}`, 'ci-digest[bot]'));
  fixture = buildPrFixture({ billing: true });
  const dir = tempDir();
  const eventPath = path.join(dir, 'event.json');
  writeFileSync(
    eventPath,
    JSON.stringify({ pull_request: { number: 7, head: { sha: 'abc123' } }, repository: { full_name: 'acme/app' } }),
  );
  summaryFile = path.join(dir, 'summary.md');
  env = {
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: 'acme/app',
    GITHUB_API_URL: github.url,
    GITHUB_TOKEN: TOKEN,
  };
});

afterAll(async () => {
  await github.stop();
  cleanupAll();
});

const ours = () => github.comments.filter((c) => c.body.startsWith(MARKER));
const othersUntouched = () => {
  for (const o of others) expect(github.comments.find((c) => c.id === o.id)?.body).toBe(o.body);
};

describe('--comment', () => {
  it('creates the comment on the first run, and the exit code reports the findings', async () => {
    const r = await runCli(fixture.repo.dir, ['--base', 'main', '--comment'], env);
    expect(r.stderr).toContain('created the review comment on pull request #7');
    expect(r.code).toBe(1);
    expect(ours()).toHaveLength(1);
    const body = ours()[0]!.body;
    expect(body).toContain('## ❌ nexiom-lint: 5 errors, 1 warning');
    expect(body).toContain('| 🗑️\u00a0dropped | column `users.phone` | `text` |');
    // Findings link to the PR's head commit, at the statement's line when there is one.
    expect(body).toContain(
      '[`sql-drop-column`](https://github.com/nexiom/nexiom-lint/blob/main/docs/rules/sql-drop-column.md) · [`drizzle/0001_tidy_users.sql:6`](https://github.com/acme/app/blob/abc123/drizzle/0001_tidy_users.sql#L6)',
    );
    expect(body).toContain(
      '[`packages/billing/src/schema.ts`](https://github.com/acme/app/blob/abc123/packages/billing/src/schema.ts)',
    );
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
    othersUntouched();
  });

  it('leaves the comment alone when nothing changed (no edit, no notification)', async () => {
    const again = await runCli(fixture.repo.dir, ['--base', 'main', '--comment'], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('kept (no change)');
    expect(github.requests.filter((r) => r.startsWith('PATCH') || r.startsWith('POST'))).toHaveLength(1);
    expect(github.requests.some((r) => r.includes('page=2'))).toBe(true);
  });

  it('degrades to a warning and the job summary when the token cannot write (fork PR)', async () => {
    const saved = github.comments;
    github.comments = saved.filter((c) => !c.body.startsWith(MARKER));
    github.forbidWrites = true;
    try {
      const r = await runCli(fixture.repo.dir, ['--base', 'main', '--comment'], {
        ...env,
        GITHUB_STEP_SUMMARY: summaryFile,
      });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('warning: could not post the PR comment');
      expect(r.stderr).toContain('403');
      expect(r.stderr).toContain('pull request from a fork gets a read-only token');
      expect(r.stdout + r.stderr).not.toContain(TOKEN);
      const summary = readFileSync(summaryFile, 'utf8');
      expect(summary.startsWith(MARKER)).toBe(true);
      expect(summary).toContain('schema-without-migration');
      expect(ours()).toHaveLength(0);
      othersUntouched();
    } finally {
      github.forbidWrites = false;
      github.comments = saved;
    }
  });

  it('degrades the same way when the API cannot be reached', async () => {
    const r = await runCli(fixture.repo.dir, ['--base', 'main', '--comment'], {
      ...env,
      GITHUB_API_URL: 'http://127.0.0.1:9',
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('warning: could not post the PR comment');
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
  });

  it('says why when the run is not a pull request or has no token', async () => {
    const push = await runCli(fixture.repo.dir, ['--base', 'main', '--comment'], {
      ...env,
      GITHUB_EVENT_PATH: path.join(tempDir(), 'none.json'),
    });
    expect(push.code).toBe(1);
    expect(push.stderr).toContain('--comment posts on a pull request');
    const noToken = await runCli(fixture.repo.dir, ['--base', 'main', '--comment'], { ...env, GITHUB_TOKEN: '' });
    expect(noToken.stderr).toContain('--comment needs GITHUB_TOKEN');
  });
  it('keeps a comment per --config apart from the repository-wide one', async () => {
    const r = await runCli(
      fixture.repo.dir,
      ['--base', 'main', '--comment', '--config', 'packages/billing/drizzle.config.ts'],
      env,
    );
    expect(r.code).toBe(1);
    expect(
      github.comments.filter((c) => c.body.startsWith('<!-- nexiom-lint:packages/billing/drizzle.config.ts -->')),
    ).toHaveLength(1);
    expect(ours()).toHaveLength(1);
  });

  it('edits the same comment when the PR changes, and says so when it becomes clean', async () => {
    const id = ours()[0]!.id;
    // The author accepts the risky statements with a reason each: the main project passes, the
    // billing project still fails and now comes first, where the reviewer must act.
    acceptRisks(fixture.repo);
    fixture.repo.commit('accept the migration risks');
    const half = await runCli(fixture.repo.dir, ['--base', 'main', '--comment'], env);
    expect(half.code).toBe(1);
    expect(half.stderr).toContain('updated the review comment on pull request #7');
    expect(ours()).toHaveLength(1);
    expect(ours()[0]!.id).toBe(id);
    let body = ours()[0]!.body;
    expect(body).toContain('## ❌ nexiom-lint: 1 error\n\n**Fix before merging**: `schema-without-migration` fails.');
    const billing = body.indexOf('### `packages/billing/drizzle.config.ts` · ❌ 1 error');
    expect(billing).toBeGreaterThan(0);
    expect(body).toContain('### `drizzle.config.ts` · ✅ passes');
    expect(billing).toBeLessThan(body.indexOf('### `drizzle.config.ts` · ✅ passes'));
    expect(body).not.toContain('[`sql-');
    // The reasons are in the SQL the reviewer reads.
    for (const { directive } of ACCEPTED_RISKS) expect(body).toContain(`-- nexiom-lint-ignore ${directive}\n`);

    // Then fixes the billing project: the comment must now say the PR is clean.
    fixBilling(fixture.repo);
    fixture.repo.commit('billing migration');
    const fixed = await runCli(fixture.repo.dir, ['--base', 'main', '--comment'], env);
    expect(fixed.code).toBe(0);
    expect(fixed.stderr).toContain('updated the review comment on pull request #7');
    expect(ours()).toHaveLength(1);
    expect(ours()[0]!.id).toBe(id);
    body = ours()[0]!.body;
    expect(body).toContain('## ✅ nexiom-lint: no problems');
    expect(body).toContain('### `packages/billing/drizzle.config.ts` · ✅ passes');
    expect(body).toContain('ALTER TABLE "invoices" ADD COLUMN "currency" text DEFAULT \'EUR\' NOT NULL;');
    othersUntouched();
  });
});
