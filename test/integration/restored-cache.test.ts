/**
 * CI keeps nexiom-lint's cache between runs (action.yml restores node_modules/.cache/nexiom-lint
 * with actions/cache): the project model comes back onto a new checkout, where every file has a new
 * mtime. It holds while the config's and package.json's contents are the same; when they changed,
 * the check starts like a fresh checkout's: the drift worker's Node starts with the CLI and
 * evaluates the config. The config says which process evaluated it.
 */
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { cacheDir } from '../../src/cache/json.js';
import { drizzleProject, generate, PG_CONFIG, USERS_V1, USERS_V2 } from '../helpers/drizzle.js';
import { cleanupAll, createRepo, PROJECT_ROOT, tempDir } from '../helpers/repo.js';

afterAll(cleanupAll);

const config = `import { appendFileSync } from 'node:fs';
appendFileSync(process.env.CONFIG_LOG ?? '/dev/null', (process.argv.length > 3 ? 'told' : 'spare') + '\\n');
${PG_CONFIG()}`;

describe('a project cache restored onto a new checkout', () => {
  it('holds while the contents are the same; else the worker started with the CLI evaluates the config', () => {
    const repo = createRepo(drizzleProject(USERS_V1, { 'drizzle.config.ts': config }), { ownModules: true });
    generate(repo, 'init');
    repo.commit('init');
    repo.write({ 'src/schema/users.ts': USERS_V2 });
    generate(repo, 'phone');
    repo.commit('phone');
    const log = path.join(tempDir('nexiom-config-log-'), 'config.log');
    writeFileSync(log, '');
    const evaluations = () => readFileSync(log, 'utf8').split('\n').filter(Boolean);
    const env = { CONFIG_LOG: log };

    const fresh = repo.run(['--base', 'HEAD~1', '--format', 'json'], env);
    expect(fresh.code).toBe(0);
    expect(evaluations()).toEqual(['spare']);

    // The same checkout: the cached model holds, the config is not evaluated again.
    expect(repo.run(['--base', 'HEAD~1', '--format', 'json'], env).stdout).toBe(fresh.stdout);
    expect(evaluations()).toEqual(['spare']);

    // A new checkout with the cache restored: every file has a new mtime, the contents are the same.
    const later = new Date(Date.now() + 60_000);
    for (const file of ['drizzle.config.ts', 'package.json']) utimesSync(path.join(repo.dir, file), later, later);
    expect(repo.run(['--base', 'HEAD~1', '--format', 'json'], env).stdout).toBe(fresh.stdout);
    expect(evaluations()).toEqual(['spare']);

    // A config that changed since the cache was written: evaluated again, by the worker started with the CLI.
    repo.write({ 'drizzle.config.ts': `${config}// the migrations folder is ./drizzle\n` });
    expect(repo.run(['--base', 'HEAD~1', '--format', 'json'], env).stdout).toBe(fresh.stdout);
    expect(evaluations()).toEqual(['spare', 'spare']);
  });

  it('is the folder the GitHub Action keeps between runs', () => {
    const root = PROJECT_ROOT;
    const action = parse(readFileSync(path.join(PROJECT_ROOT, 'action.yml'), 'utf8')) as {
      runs: { steps: Array<{ uses?: string; with?: { path?: string } }> };
    };
    const step = action.runs.steps.find((s) => s.uses?.startsWith('actions/cache@'));
    expect(step?.with?.path).toBe(path.relative(root, cacheDir(root)!).split(path.sep).join('/'));
  });
});
