/**
 * A drift worker started before it is asked anything. Cold, a PR check loads the drizzle config
 * (a Node child, 0.2-0.5 s) and only then learns the schema it will serialize, while the worker
 * spends most of its time loading drizzle-kit. The package a config belongs to is known before the
 * config runs, and so is the drizzle-kit that package resolves: the worker for it is started then
 * (`worker.js --prestart`), loads drizzle-kit's API while the config loads, and waits for its
 * request (run.ts hands it the request and response files, then waits for it as for any worker).
 *
 * Only a worker started for the same drizzle-kit, API module and compile cache answers a request
 * (and only uses what it loaded when the request's folder resolves the same API file: a copy of
 * the tree links node_modules back); one no request took is stopped when the run ends
 * (`stopPrestarted`), and it exits by itself when this process goes away first.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDir } from '../cache/json.js';
import { startChild, type StartedChild } from '../process/child.js';
import { atRunEnd } from '../process/idle.js';
import { findKit, type Kit } from './kit.js';
import type { WorkerRequest } from './protocol.js';

const WORKER = fileURLToPath(new URL('./worker.js', import.meta.url));

type Early = Pick<WorkerRequest, 'line' | 'cwd' | 'entry' | 'compileCache'>;

atRunEnd(stopPrestarted);

/** Waiting workers by key: one per config whose package it serves (two configs of a package ask one each). */
const waiting = new Map<string, StartedChild[]>();

/** Any folder whose drizzle-kit is this one: the worker checks that the request's folder resolves the same API file. */
const keyOf = (kitDir: string, early: Pick<Early, 'line' | 'entry' | 'compileCache'>) =>
  JSON.stringify([kitDir, early.line, early.entry ?? null, early.compileCache ?? null]);

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
  let kit: Kit;
  try {
    kit = findKit(packageDir, repoRoot);
  } catch {
    return null; // No drizzle-kit: the drift check says so itself.
  }
  return start(kit, repoRoot, packageDir);
}

/**
 * A question about to be asked (verdicts.ts) and no worker waiting for its drizzle-kit: one starts
 * now, and loads drizzle-kit while git and the copy of the tree prepare the request.
 */
export function prestartFor(kit: Kit, repoRoot: string, cwd: string, compileCache: string | undefined): void {
  if (!waiting.get(keyOf(kit.dir, { line: kit.line, entry: kit.api ?? undefined, compileCache }))?.length) {
    start(kit, repoRoot, cwd);
  }
}

function start(kit: Kit, repoRoot: string, cwd: string): string | null {
  const modules = cacheDir(repoRoot);
  // Without a cache folder the loader's cache would go to this run's temporary folder: not known yet.
  if (!kit.api || !modules) return null;
  const early: Early = { line: kit.line, entry: kit.api, cwd, compileCache: path.join(modules, 'v8') };
  const key = keyOf(kit.dir, early);
  try {
    const tmp = loaderTmp(early.compileCache, '');
    mkdirSync(tmp, { recursive: true });
    const child = startChild(
      [process.execPath, '--disable-warning=ExperimentalWarning', WORKER, '--prestart', JSON.stringify(early)],
      { cwd, env: workerEnv(tmp), ipc: () => undefined },
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
export function takePrestarted(request: WorkerRequest, kitDir: string, files: [string, string]): StartedChild | null {
  const queue = waiting.get(keyOf(kitDir, request)) ?? [];
  for (let child = queue.shift(); child; child = queue.shift()) {
    if (child.running() && child.send(files)) return child;
    child.stop();
  }
  return null;
}

/** Stops the workers no request took (the end of a run). */
export function stopPrestarted(): void {
  for (const queue of waiting.values()) for (const child of queue) child.stop();
  waiting.clear();
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
