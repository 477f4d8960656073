import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { blobBase, pullRequestContext } from '../../src/github/context.js';
import { nextLink } from '../../src/github/client.js';
import { isOurs } from '../../src/github/comment.js';
import { cleanupAll, tempDir } from '../helpers/repo.js';

afterAll(cleanupAll);

function event(payload: unknown): string {
  const file = path.join(tempDir(), 'event.json');
  writeFileSync(file, JSON.stringify(payload));
  return file;
}

describe('pullRequestContext', () => {
  it('reads the PR from the event payload and the API from GITHUB_API_URL (Enterprise)', async () => {
    const env = {
      GITHUB_EVENT_PATH: event({ pull_request: { number: 12, head: { sha: 'f00' } } }),
      GITHUB_REPOSITORY: 'acme/app',
      GITHUB_API_URL: 'https://ghe.example.com/api/v3/',
    };
    expect(await pullRequestContext(env)).toEqual({
      apiUrl: 'https://ghe.example.com/api/v3',
      owner: 'acme',
      repo: 'app',
      number: 12,
      headSha: 'f00',
    });
  });

  it('explains why there is no PR', async () => {
    expect(await pullRequestContext({})).toMatch(/GITHUB_EVENT_PATH is not set/);
    expect(
      await pullRequestContext({
        GITHUB_EVENT_NAME: 'push',
        GITHUB_EVENT_PATH: event({ ref: 'refs/heads/main' }),
        GITHUB_REPOSITORY: 'a/b',
      }),
    ).toMatch(/the push event is not about a pull request/);
    expect(await pullRequestContext({ GITHUB_EVENT_PATH: event({ pull_request: { number: 3 } }) })).toMatch(
      /GITHUB_REPOSITORY is not set/,
    );
  });

  it('links to the PR head commit inside GitHub Actions only', async () => {
    const env = {
      GITHUB_EVENT_PATH: event({ pull_request: { number: 1, head: { sha: 'abc' } } }),
      GITHUB_REPOSITORY: 'acme/app',
      GITHUB_SHA: 'merge',
    };
    expect(await blobBase(env)).toBeUndefined();
    expect(await blobBase({ ...env, GITHUB_ACTIONS: 'true' })).toBe('https://github.com/acme/app/blob/abc');
  });
});

describe('pagination and markers', () => {
  it('follows rel="next" wherever it is in the Link header', () => {
    expect(
      nextLink('<https://api.github.com/x?page=3>; rel="last", <https://api.github.com/x?page=2>; rel="next"'),
    ).toBe('https://api.github.com/x?page=2');
    expect(nextLink('<https://api.github.com/x?page=1>; rel="prev"')).toBeNull();
    expect(nextLink(null)).toBeNull();
  });

  it('recognises only a comment whose first line is our marker', () => {
    const marker = '<!-- nexiom-lint:repo -->';
    expect(isOurs(`${marker}\n## ✅`, marker)).toBe(true);
    expect(isOurs(`${marker}\r\n## ✅`, marker)).toBe(true);
    expect(isOurs(`> ${marker}\n`, marker)).toBe(false);
    expect(isOurs(`<!-- nexiom-lint:apps/api/drizzle.config.ts -->\n`, marker)).toBe(false);
    expect(isOurs(null, marker)).toBe(false);
  });
});
