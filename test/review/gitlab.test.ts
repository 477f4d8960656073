/**
 * GitLab merge requests end to end: the real CLI, in a real MR repository whose target branch is
 * fetched as `origin/main`, talks to a small stand-in of the GitLab REST API v4 on 127.0.0.1
 * (notes of MR !7 in project 42: list with pagination, create, edit), as it would to a
 * self-managed GitLab through CI_API_V4_URL. And `--format gitlab`, the Code Quality report.
 */
import http from 'node:http';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupAll } from '../helpers/repo.js';
import { LoopbackApi, runCli, type Request } from './loopback.js';
import { acceptRisks, buildPrFixture, fixBilling, type PrFixture } from './pr-fixture.js';

const TOKEN = 'glpat-test-token-that-must-never-be-printed';
const MARKER = '<!-- nexiom-lint:repo -->';

interface Note {
  id: number;
  body: string;
  system: boolean;
  author: { username: string };
}

/** Just enough of the GitLab REST API v4: the notes of merge request !7 in project 42. */
class FakeGitLab extends LoopbackApi {
  notes: Note[] = [];
  private nextId = 5000;

  add(body: string, username: string, system = false): Note {
    const note = { id: this.nextId++, body, system, author: { username } };
    this.notes.push(note);
    return note;
  }

  protected handle(req: Request, res: http.ServerResponse) {
    const { url } = req;
    const raw = req.body;
    if (req.headers['private-token'] !== TOKEN) return this.send(res, 401, { message: '401 Unauthorized' });
    const list = '/api/v4/projects/42/merge_requests/7/notes';
    const edit = /^\/api\/v4\/projects\/42\/merge_requests\/7\/notes\/(\d+)$/.exec(url.pathname);
    if (req.method === 'GET' && url.pathname === list) {
      const perPage = Number(url.searchParams.get('per_page') ?? 20);
      const page = Number(url.searchParams.get('page') ?? 1);
      const items = this.notes.slice((page - 1) * perPage, page * perPage);
      const more = page * perPage < this.notes.length;
      const next = new URL(`${this.url.replace('/api/v4', '')}${url.pathname}${url.search}`);
      next.searchParams.set('page', String(page + 1));
      return this.send(
        res,
        200,
        items,
        more ? { link: `<${next.href}>; rel="next"`, 'x-next-page': String(page + 1) } : {},
      );
    }
    if (this.forbidWrites) return this.send(res, 403, { message: '403 Forbidden' });
    if (req.method === 'POST' && url.pathname === list) {
      return this.send(res, 201, this.add(JSON.parse(raw).body, 'project_42_bot'));
    }
    if (req.method === 'PUT' && edit) {
      const note = this.notes.find((n) => n.id === Number(edit[1]));
      if (!note) return this.send(res, 404, { message: '404 Not found' });
      note.body = JSON.parse(raw).body;
      return this.send(res, 200, note);
    }
    return this.send(res, 404, { message: '404 Not found' });
  }
}

let gitlab: FakeGitLab;
let fixture: PrFixture;
let env: Record<string, string>;
const others: Note[] = [];

beforeAll(async () => {
  gitlab = new FakeGitLab();
  await gitlab.start('/api/v4');
  // 130 notes before ours: ours lands on the second page of 100.
  for (let i = 0; i < 126; i++) others.push(gitlab.add(`note ${i}`, i % 2 ? 'alice' : 'bob'));
  others.push(gitlab.add('added 1 commit', 'alice', true));
  others.push(gitlab.add(`> ${MARKER}\n> ## ❌ nexiom-lint: 1 error\n\nWhy does this fail?`, 'carol'));
  others.push(gitlab.add(`Summary of all checks\n${MARKER}`, 'digest-bot'));
  fixture = buildPrFixture({ billing: true });
  // The MR pipeline's clone: the target branch fetched as origin/main.
  fixture.repo.git('remote', 'add', 'origin', fixture.repo.dir);
  fixture.repo.git('fetch', '-q', 'origin', 'main');
  env = {
    GITLAB_CI: 'true',
    CI: 'true',
    CI_PIPELINE_SOURCE: 'merge_request_event',
    CI_MERGE_REQUEST_IID: '7',
    CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main',
    CI_PROJECT_ID: '42',
    CI_PROJECT_URL: 'https://gitlab.example/acme/app',
    CI_COMMIT_SHA: 'abc123',
    CI_API_V4_URL: gitlab.url,
    NEXIOM_LINT_GITLAB_TOKEN: TOKEN,
  };
});

afterAll(async () => {
  await gitlab.stop();
  cleanupAll();
});

const ours = () => gitlab.notes.filter((n) => n.body.startsWith(MARKER));
const othersUntouched = () => {
  for (const o of others) expect(gitlab.notes.find((n) => n.id === o.id)?.body).toBe(o.body);
};

describe('--comment in a GitLab merge-request pipeline', () => {
  it('compares with the target branch by default and creates one note', async () => {
    const r = await runCli(fixture.repo.dir, ['--comment'], env);
    expect(r.stderr).toContain('created the review note on merge request !7');
    expect(r.code).toBe(1);
    expect(ours()).toHaveLength(1);
    const body = ours()[0]!.body;
    expect(body).toContain('## ❌ nexiom-lint: 5 errors, 1 warning');
    // Links point at the MR's head commit in GitLab's blob URLs.
    expect(body).toContain('(https://gitlab.example/acme/app/-/blob/abc123/drizzle/0001_tidy_users.sql#L6)');
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
    expect(gitlab.requests.some((q) => q.includes('page=2'))).toBe(true);
    othersUntouched();
  });

  it('keeps the note when nothing changed, and edits the same note on the next push', async () => {
    const id = ours()[0]!.id;
    const again = await runCli(fixture.repo.dir, ['--comment'], env);
    expect(again.stderr).toContain('kept (no change)');
    expect(gitlab.requests.filter((q) => q.startsWith('PUT') || q.startsWith('POST'))).toHaveLength(1);

    acceptRisks(fixture.repo);
    fixBilling(fixture.repo);
    fixture.repo.commit('accept the risks, billing migration');
    const fixed = await runCli(fixture.repo.dir, ['--comment'], env);
    expect(fixed.code).toBe(0);
    expect(fixed.stderr).toContain('updated the review note on merge request !7');
    expect(ours()).toHaveLength(1);
    expect(ours()[0]!.id).toBe(id);
    expect(ours()[0]!.body).toContain('## ✅ nexiom-lint: no problems');
    othersUntouched();
  });

  it('warns, never fails, and never prints the token when the note cannot be written', async () => {
    gitlab.forbidWrites = true;
    const saved = gitlab.notes;
    gitlab.notes = saved.filter((n) => !n.body.startsWith(MARKER));
    try {
      const r = await runCli(fixture.repo.dir, ['--comment'], env);
      expect(r.code).toBe(0);
      expect(r.stderr).toContain('warning: could not post the merge request note');
      expect(r.stderr).toContain('403');
      expect(r.stdout + r.stderr).not.toContain(TOKEN);
    } finally {
      gitlab.forbidWrites = false;
      gitlab.notes = saved;
    }
    const wrong = await runCli(fixture.repo.dir, ['--comment'], {
      ...env,
      NEXIOM_LINT_GITLAB_TOKEN: '',
      GITLAB_TOKEN: 'glpat-wrong-secret',
    });
    expect(wrong.stderr).toContain('401');
    expect(wrong.stdout + wrong.stderr).not.toContain('glpat-wrong-secret');
  });

  it('says what is missing outside a merge request or without a token', async () => {
    const branch = await runCli(fixture.repo.dir, ['--base', 'main', '--comment'], {
      ...env,
      CI_MERGE_REQUEST_IID: '',
    });
    expect(branch.stderr).toContain('--comment posts on a merge request, but CI_MERGE_REQUEST_IID is not set');
    const noToken = await runCli(fixture.repo.dir, ['--comment'], { ...env, NEXIOM_LINT_GITLAB_TOKEN: '' });
    expect(noToken.stderr).toContain('set NEXIOM_LINT_GITLAB_TOKEN (or GITLAB_TOKEN)');
  });
});

/** The Code Quality report format, as GitLab documents it. */
const CODE_QUALITY_SCHEMA = {
  type: 'array',
  items: {
    type: 'object',
    required: ['description', 'check_name', 'fingerprint', 'severity', 'location'],
    properties: {
      description: { type: 'string', minLength: 1 },
      check_name: { type: 'string', minLength: 1 },
      fingerprint: { type: 'string', minLength: 1 },
      severity: { enum: ['info', 'minor', 'major', 'critical', 'blocker'] },
      location: {
        type: 'object',
        required: ['path', 'lines'],
        properties: {
          path: { type: 'string', minLength: 1, not: { pattern: '^/' } },
          lines: { type: 'object', required: ['begin'], properties: { begin: { type: 'integer', minimum: 1 } } },
        },
      },
    },
  },
};

describe('--format gitlab', () => {
  it('writes a Code Quality report GitLab accepts, with fingerprints that survive line moves', async () => {
    const local = buildPrFixture({ billing: true });
    const r = await runCli(local.repo.dir, ['--base', 'main', '--format', 'gitlab'], {});
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as Array<{
      check_name: string;
      fingerprint: string;
      severity: string;
      location: { path: string; lines: { begin: number } };
    }>;
    const ajv = new Ajv({ allErrors: true });
    const valid = ajv.validate(CODE_QUALITY_SCHEMA, report);
    expect(ajv.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(new Set(report.map((i) => i.fingerprint)).size).toBe(report.length);
    const drop = report.find((i) => i.check_name === 'sql-drop-column')!;
    expect(drop).toMatchObject({
      severity: 'critical',
      location: { path: 'drizzle/0001_tidy_users.sql', lines: { begin: 6 } },
    });
    expect(report.find((i) => i.check_name === 'schema-without-migration')?.location.path).toMatch(
      /^packages\/billing\//,
    );

    // A comment line above every statement moves the findings, not their fingerprints.
    const file = 'drizzle/0001_tidy_users.sql';
    const { readFileSync } = await import('node:fs');
    const sql = readFileSync(`${local.repo.dir}/${file}`, 'utf8');
    local.repo.commit('a comment', { [file]: `-- tidy the users table\n${sql}` });
    const moved = JSON.parse(
      (await runCli(local.repo.dir, ['--base', 'main', '--format', 'gitlab'], {})).stdout,
    ) as typeof report;
    expect(moved.find((i) => i.check_name === 'sql-drop-column')!.location.lines.begin).toBe(7);
    expect(moved.map((i) => i.fingerprint).sort()).toEqual(report.map((i) => i.fingerprint).sort());
  });
});
