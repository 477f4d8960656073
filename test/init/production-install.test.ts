// A Dockerfile that installs without dev dependencies runs `prepare` with no husky installed:
// init then writes `husky || true`, and plain `husky` everywhere else.
import { afterAll, describe, expect, it } from 'vitest';
import { installsForProduction } from '../../src/init/production-install.js';
import { drizzleProject, PG_CONFIG, USERS_V1 } from '../helpers/drizzle.js';
import { cleanupAll, createRepo } from '../helpers/repo.js';
import { read } from './helpers.js';

afterAll(cleanupAll);

describe('installsForProduction', () => {
  it.each([
    ['FROM node:20\nRUN npm ci --omit=dev\n', true],
    ['FROM node:20\nRUN npm ci \\\n  --omit dev\n', true],
    ['FROM node:20\nRUN corepack enable && pnpm install --prod --frozen-lockfile\n', true],
    ['FROM node:20\nRUN yarn install --production\n', true],
    ['FROM node:20\nRUN bun install --production\n', true],
    ['FROM node:20\nENV NODE_ENV=production\nRUN npm ci\n', true],
    // NODE_ENV set in a stage the install's stage starts from.
    ['FROM node:20 AS base\nENV NODE_ENV="production"\nFROM base AS build\nRUN pnpm install\n', true],
    // Set after the install, or in another stage: the install has its dev dependencies.
    [
      'FROM node:20\nRUN pnpm install --frozen-lockfile\nENV NODE_ENV=production\nRUN pnpm --filter=app --prod deploy /prod\n',
      false,
    ],
    ['FROM node:20 AS deps\nRUN npm ci\nFROM node:20\nENV NODE_ENV=production\nCOPY --from=deps /app /app\n', false],
    ['FROM node:20\nRUN npm install -g pnpm --omit=dev\n', false],
    ['FROM node:20\nRUN npm ci --omit=dev --ignore-scripts\n', false],
  ])('%j: %s', (text, expected) => {
    expect(installsForProduction(text)).toBe(expected);
  });
});

describe('init and production installs', () => {
  it('writes `husky || true` where an image installs without dev dependencies, and says why', () => {
    const repo = createRepo(
      drizzleProject(undefined, {
        Dockerfile: 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nCMD ["node", "server.js"]\n',
      }),
    );
    const r = repo.run(['init', '--no-install', '--no-workflow']);
    expect(r.code).toBe(0);
    expect(JSON.parse(read(repo, 'package.json')).scripts.prepare).toBe('husky || true');
    expect(r.stdout).toContain('prepare: husky || true');
    expect(r.stdout).toContain('Dockerfile installs without dev dependencies');
    const again = repo.run(['init', '--no-install', '--no-workflow']);
    expect(again.stdout).toContain('Nothing to change');
    expect(again.stdout).not.toContain('without dev dependencies');
  });

  it('keeps an existing prepare first and groups the tolerant husky after it', () => {
    const files = drizzleProject(undefined, {
      'docker/api.Dockerfile': 'FROM node:20\nENV NODE_ENV=production\nRUN npm ci\n',
    });
    const pkg = JSON.parse(files['package.json']!) as { scripts: Record<string, string> };
    pkg.scripts.prepare = 'npm run build';
    const repo = createRepo({ ...files, 'package.json': JSON.stringify(pkg, null, 2) });
    expect(repo.run(['init', '--no-install', '--no-workflow']).code).toBe(0);
    expect(JSON.parse(read(repo, 'package.json')).scripts.prepare).toBe('npm run build && (husky || true)');
  });

  it("does not count the Dockerfile of a member built on its own (its own lockfile): the root's prepare never runs there", () => {
    const repo = createRepo({
      'package.json': '{ "name": "mono", "private": true }\n',
      'pnpm-workspace.yaml': 'packages:\n  - apps/*\n',
      'pnpm-lock.yaml': '',
      'apps/web/package.json': '{ "name": "web", "type": "module" }\n',
      'apps/web/pnpm-lock.yaml': '',
      'apps/web/Dockerfile':
        'FROM node:20 AS base\nENV NODE_ENV=production\nFROM base\nCOPY . .\nRUN pnpm install --prod\n',
      'apps/web/drizzle.config.ts': PG_CONFIG(),
      'apps/web/src/schema/users.ts': USERS_V1,
    });
    expect(repo.run(['init', '--no-install', '--no-workflow']).code).toBe(0);
    expect(JSON.parse(read(repo, 'package.json')).scripts.prepare).toBe('husky');
    expect(JSON.parse(read(repo, 'apps/web/package.json')).scripts.prepare).toBeUndefined();
  });

  it("notes an existing bare `husky` prepare that such an install would break, and leaves the team's script alone", () => {
    const files = drizzleProject(undefined, { Dockerfile: 'FROM node:20\nRUN npm ci --omit=dev\n' });
    const pkg = JSON.parse(files['package.json']!) as { scripts: Record<string, string> };
    pkg.scripts.prepare = 'husky';
    const repo = createRepo({ ...files, 'package.json': JSON.stringify(pkg, null, 2) });
    const r = repo.run(['init', '--no-install', '--no-workflow']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'package.json: prepare runs `husky`, which fails with "husky: not found" where Dockerfile installs without dev dependencies.',
    );
    expect(JSON.parse(read(repo, 'package.json')).scripts.prepare).toBe('husky');
  });

  it('writes plain `husky` when no image installs for production', () => {
    const repo = createRepo(drizzleProject(undefined, { Dockerfile: 'FROM node:20\nRUN npm ci\nRUN npm run build\n' }));
    expect(repo.run(['init', '--no-install', '--no-workflow']).code).toBe(0);
    expect(JSON.parse(read(repo, 'package.json')).scripts.prepare).toBe('husky');
  });
});
