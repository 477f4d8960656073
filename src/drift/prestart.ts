/**
 * A drift worker started before it is asked anything. Cold, a PR check loads the drizzle config
 * (a Node child, 0.2-0.5 s) and only then learns the schema it will serialize, while the worker
 * spends most of its time loading drizzle-kit. The package a config belongs to is known before the
 * config runs, and so is the drizzle-kit that package resolves: the worker for it is started then
 * (`worker.js --prestart`), loads drizzle-kit's API while the config loads, and waits for its
 * request (run.ts hands it the request and response files, then waits for it as for any worker).
 *
 * Only a worker started for the same folder, API module and compile cache answers a request; one
 * no request took is stopped when the run ends (`stopPrestarted`), and it exits by itself when
 * this process goes away first.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDir } from '../cache/json.js';
import { startChild, type StartedChild } from '../process/child.js';
import { findKit } from './kit.js';
import type { WorkerRequest } from './protocol.js';

const WORKER = fileURLToPath(new URL('./worker.js', import.meta.url));

type Early = Pick<WorkerRequest, 'line' | 'cwd' | 'entry' | 'compileCache'>;

/** Waiting workers by key: one per config whose package it serves (two configs of a package ask one each). */
const waiting = new Map<string, StartedChild[]>();

const keyOf = (early: Early) =>
  JSON.stringify([early.cwd, early.line, early.entry ?? null, early.compileCache ?? null]);

/** The environment a drift worker runs with (run.ts): no colours, drizzle-kit's loader cache beside the compile cache. */
export function workerEnv(tmp: string): NodeJS.ProcessEnv {
  return { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', TMPDIR: tmp };
}

/** The folder drizzle-kit's loader (tsx) keeps its transform cache in, beside the compile cache (or `fallback`). */
export function loaderTmp(compileCache: string | undefined, fallback: string): string {
  return compileCache ? path.join(path.dirname(compileCache), 'tmp') : fallback;
}

/**
 * Starts a worker for a config (absolute) of the package in `packageDir` (absolute), unless the
 * package has no drizzle-kit with an API (then the request goes its usual way, or fails there) or
 * the config plainly names another dialect. Returns the key to stop it by.
 */
export function prestartWorker(repoRoot: string, packageDir: string, configFile: string): string | null {
  if (otherDialect(configFile)) return null;
  let early: Early;
  try {
    const kit = findKit(packageDir, repoRoot);
    if (!kit.api) return null;
    const modules = cacheDir(repoRoot);
    // Without a cache folder the loader's cache would go to this run's temporary folder: not known yet.
    if (!modules) return null;
    early = { line: kit.line, entry: kit.api, cwd: packageDir, compileCache: path.join(modules, 'v8') };
  } catch {
    return null; // No drizzle-kit: the drift check says so itself.
  }
  const key = keyOf(early);
  try {
    const tmp = loaderTmp(early.compileCache, '');
    mkdirSync(tmp, { recursive: true });
    const child = startChild(
      [process.execPath, '--disable-warning=ExperimentalWarning', WORKER, '--prestart', JSON.stringify(early)],
      { cwd: packageDir, env: workerEnv(tmp), ipc: () => undefined },
    );
    child.ended.catch(() => {
      // Could not start: the request starts its own worker.
    });
    waiting.set(key, [...(waiting.get(key) ?? []), child]);
  } catch {
    return null;
  }
  return key;
}

/**
 * The waiting worker for this request, given its request and response files; null when none
 * waits for it (or it ended while waiting): the caller starts a worker of its own.
 */
export function takePrestarted(request: WorkerRequest, files: [string, string]): StartedChild | null {
  const queue = waiting.get(keyOf(request)) ?? [];
  for (let child = queue.shift(); child; child = queue.shift()) {
    if (child.running() && child.send(files)) return child;
    child.stop();
  }
  return null;
}

/** Stops the workers started under these keys that no request took. */
export function stopPrestarted(keys: Iterable<string>): void {
  for (const key of keys) {
    for (const child of waiting.get(key) ?? []) child.stop();
    waiting.delete(key);
  }
}

/** The config's text names a dialect other than PostgreSQL and not PostgreSQL (a guess: only speed depends on it). */
function otherDialect(configFile: string): boolean {
  try {
    const text = readFileSync(configFile, 'utf8');
    return /["'`](?:sqlite|mysql|turso|singlestore|gel)["'`]/.test(text) && !/["'`]postgresql["'`]/.test(text);
  } catch {
    return false;
  }
}
