/**
 * Drift workers that live for the whole run. Cold, a PR check would otherwise load the drizzle
 * config in a Node child of its own, only then learn the schema, and start a worker per question.
 * Instead:
 * - the package a config belongs to is known before the config runs, and so is the drizzle-kit
 *   that package resolves: a worker for it starts then (`worker.js --prestart`), evaluates the
 *   config with drizzle-kit's own loader (tsx or esbuild-register, as `generate` does) and sends it
 *   back (`earlyConfig`), then loads drizzle-kit's API while this process reads the config and
 *   prepares the request. The schema then loads into the module registry the config filled, as
 *   under one `generate`: a config that imports the schema's modules costs them once, not twice.
 * - a worker that answered stays (`{ done, reusable }`) and takes the next question for the same
 *   drizzle-kit: the same schema files (another snapshot history, the base's question on an
 *   unchanged tree) are answered from what it serialized, without loading anything.
 * - a worker takes a request only for the folder its loader was registered in (tsconfig `paths`
 *   resolve from there) and for no other set of schema files than the one it loaded (its module
 *   registry is the import graph it reports): a copy of the tree gets a fresh worker
 *   (`prestartFor`, started while git and the copy prepare the request).
 *
 * Only a worker started for the same drizzle-kit, API module and compile cache answers a request.
 * At the end of the run every worker is told to stop (it saves its compile cache first) and waited
 * for, briefly; one that does not end is stopped. A worker exits by itself when this process goes.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { cacheDir } from '../cache/json.js';
import type { ConfigAnswer } from '../project/config-protocol.js';
import { namesOtherDialect } from '../project/dialect.js';
import { startChild, type ChildEnded, type StartedChild } from '../process/child.js';
import { atRunEnd } from '../process/idle.js';
import { findKit, type Kit } from './kit.js';
import { spawnSpare, WORKER_ARGS } from './spare.cjs';
import { loadKeyOf, type WorkerRequest } from './protocol.js';

/** How long the end of a run waits for its workers to save their compile cache and exit. */
const STOP_GRACE_MS = 3000;

type Early = Pick<WorkerRequest, 'line' | 'cwd' | 'entry' | 'compileCache'> & { config?: string };

interface Live {
  child: StartedChild;
  /** The folder its loader was registered in (a config evaluated, or a schema loaded); null: none yet. */
  bound: string | null;
  /** What it serialized (loadKeyOf); null: nothing yet. */
  loaded: string | null;
  busy: boolean;
  /** It answered and will not again (a prompt left waiting): it saves its code cache and exits. */
  retired: boolean;
  /** Its config raised an error in the background: it answers nothing (worker.ts). */
  tainted: boolean;
  /** The handler of the message the current request waits for. */
  onMessage: ((message: unknown) => void) | null;
}

atRunEnd(stopPrestarted);

/** Workers by key: one per config whose package they serve, and those started for a question. */
const pool = new Map<string, Live[]>();
/** Every worker started in this run, until it ended: the end of the run stops them. */
const started = new Set<Live>();

/** Each worker's message handler (its Live's), by the child. */
const listeners = new Map<StartedChild, (message: unknown) => void>();
/** A worker started before the project was known (spareWorker); null once taken or stopped. */
let spare: StartedChild | null = null;

function spawnWorker(extra: string[], cwd: string, env: NodeJS.ProcessEnv, adopt?: ChildProcess): StartedChild {
  const child: StartedChild = startChild([process.execPath, ...WORKER_ARGS, ...extra], {
    cwd,
    env,
    adopt,
    ipc: (message) => {
      listeners.get(child)?.(message);
      return undefined; // Never the end of the wait: the worker stays.
    },
  });
  child.ended.then(
    () => listeners.delete(child),
    () => listeners.delete(child),
  );
  return child;
}

/**
 * Starts a worker before anything is known about the project (a PR check, as soon as it starts):
 * Node and the worker's own modules load while git finds the repository and its configs; the
 * first config's worker is this one, told what to load (`start`). Stopped at the end if unused.
 * `started`: the one bin/nexiom-lint.js started with its first lines (spare.cts), taken over.
 */
export function spareWorker(started?: ChildProcess | null): void {
  if (spare?.running()) {
    started?.kill('SIGKILL');
    return;
  }
  const child = started ?? spawnSpare(process.cwd());
  try {
    spare = child ? spawnWorker([], process.cwd(), {}, child) : null;
  } catch {
    spare = null; // The first config's worker starts the usual way.
  }
}

function takeSpare(early: Early & { tmp: string }): StartedChild | null {
  const child = spare;
  spare = null;
  if (!child) return null;
  if (child.running() && child.send({ early })) return child;
  child.stop();
  return null;
}

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

export interface Prestarted {
  /** The config as the worker evaluated it; null when it did not (the caller evaluates it its own way). */
  config: Promise<ConfigAnswer | null>;
}

/**
 * Starts a worker for a config (absolute) of the package in `packageDir` (absolute), unless the
 * package has no drizzle-kit with an API (then the request goes its usual way, or fails there) or
 * the config plainly names another dialect. The worker evaluates the config first.
 */
export function prestartWorker(repoRoot: string, packageDir: string, configFile: string): Prestarted | null {
  if (namesOtherDialect(configFile)) return null;
  let kit: Kit;
  try {
    kit = findKit(packageDir, repoRoot);
  } catch {
    return null; // No drizzle-kit: the drift check says so itself.
  }
  const live = start(kit, repoRoot, packageDir, configFile);
  if (!live) return null;
  const config = new Promise<ConfigAnswer | null>((resolve) => {
    live.onMessage = (message) => {
      const answer = (message as { config?: ConfigAnswer | null } | null)?.config;
      if (answer === undefined) return;
      live.onMessage = null;
      live.busy = false;
      // Its loader is registered for this folder (null: its line loads through jiti, per file).
      if (answer !== null) live.bound = packageDir;
      resolve(answer);
    };
    const none = () => resolve(null);
    live.child.ended.then(none, none);
  });
  return { config };
}

/**
 * A question about to be asked (verdicts.ts) and no worker waiting that could take it: one starts
 * now, and loads drizzle-kit while git and the copy of the tree prepare the request. `cwd`: the
 * package's folder; `load`: what the request will load there, null when it goes to a copy of the
 * tree (a worker that loaded nothing and registered no loader takes it).
 */
export function prestartFor(
  kit: Kit,
  repoRoot: string,
  compileCache: string | undefined,
  cwd: string,
  load: string | null,
): void {
  const key = keyOf(kit.dir, { line: kit.line, entry: kit.api ?? undefined, compileCache });
  const idle = (pool.get(key) ?? []).filter(usable);
  const taken =
    load === null
      ? idle.some((w) => w.loaded === null && w.bound === null)
      : idle.some((w) => w.loaded === load || (w.loaded === null && fits(w, cwd)));
  if (!taken) start(kit, repoRoot, cwd);
}

const fits = (w: Live, cwd: string) => w.bound === null || w.bound === cwd;
const usable = (w: Live) => !w.busy && !w.retired && !w.tainted && w.child.running();

function start(kit: Kit, repoRoot: string, cwd: string, config?: string): Live | null {
  const modules = cacheDir(repoRoot);
  // Without a cache folder the loader's cache would go to this run's temporary folder: not known yet.
  if (!kit.api || !modules) return null;
  const early: Early = {
    line: kit.line,
    entry: kit.api,
    cwd,
    compileCache: path.join(modules, 'v8'),
    ...(config ? { config } : {}),
  };
  const key = keyOf(kit.dir, early);
  let live: Live;
  try {
    const tmp = loaderTmp(early.compileCache, '');
    mkdirSync(tmp, { recursive: true });
    // The spare (spareWorker) has Node and this module up already: it is told what to load.
    const child = takeSpare({ ...early, tmp }) ?? spawnWorker([JSON.stringify(early)], cwd, workerEnv(tmp));
    // Busy until its config is sent (prestartWorker): no request may reach it before.
    live = { child, bound: null, loaded: null, busy: !!config, retired: false, tainted: false, onMessage: null };
    listeners.set(child, (message) => {
      if ((message as { tainted?: boolean } | null)?.tainted) live.tainted = true;
      live.onMessage?.(message);
    });
    started.add(live);
    const forget = () => {
      started.delete(live);
      const queue = pool.get(key) ?? [];
      if (queue.includes(live)) queue.splice(queue.indexOf(live), 1);
    };
    // Could not start, or ended: the request starts its own worker.
    child.ended.then(forget, forget);
    pool.set(key, [...(pool.get(key) ?? []), live]);
  } catch {
    return null;
  }
  return live;
}

/**
 * Asks a live worker, when one can take this request: the one that serialized these files, else
 * one that loaded nothing yet in this folder. null when none can (the caller starts a worker).
 * The result is the worker's end when it ended while answering (process.exit, the time limit),
 * a `ChildEnded` with exit code 0 once the answer file is written, or `retry` when the worker
 * turned out unfit to answer (its config's background error): the caller asks a worker of its own.
 */
export function askLive(
  request: WorkerRequest,
  kitDir: string,
  files: [string, string],
  timeoutMs: number,
): Promise<ChildEnded | 'retry'> | null {
  const load = loadKeyOf(request);
  const queue = (pool.get(keyOf(kitDir, request)) ?? []).filter(usable);
  const live =
    queue.find((w) => w.loaded === load) ?? queue.find((w) => w.loaded === null && fits(w, request.cwd)) ?? null;
  if (!live || !live.child.send(files)) return null;
  live.busy = true;
  live.child.limit(timeoutMs);
  return new Promise<ChildEnded | 'retry'>((resolve, reject) => {
    live.onMessage = (message) => {
      const done = message as { done?: string; reusable?: boolean; retry?: boolean } | null;
      if (done?.done !== files[1]) return;
      live.onMessage = null;
      live.busy = false;
      if (done.retry) {
        live.tainted = true;
        resolve('retry');
        return;
      }
      live.child.limit(null);
      live.loaded = load;
      live.bound = request.cwd;
      live.retired = !done.reusable;
      resolve({ code: 0, signal: null, timedOut: false, stdout: '', stderr: '', output: '' });
    };
    live.child.ended.then((ended) => {
      live.onMessage = null;
      resolve(live.tainted ? 'retry' : ended);
    }, reject);
  });
}

/** Starts a live worker for a request no live worker could take, and asks it (null: it could not start). */
export function startAndAsk(
  kit: Kit,
  repoRoot: string,
  request: WorkerRequest,
  files: [string, string],
  timeoutMs: number,
): Promise<ChildEnded | 'retry'> | null {
  if (!start(kit, repoRoot, request.cwd)) return null;
  return askLive(request, kit.dir, files, timeoutMs);
}

/**
 * Tells every waiting worker to stop (each saves its compile cache first) and waits for them, and
 * for those exiting by themselves, briefly; one still busy (a config that never finished) is
 * stopped at once.
 */
export async function stopPrestarted(): Promise<void> {
  const workers = [...started];
  pool.clear();
  started.clear();
  spare?.stop();
  spare = null;
  const waiting = workers.filter((w) => !w.busy && (w.child.send('stop') || w.retired));
  for (const w of workers) if (!waiting.includes(w)) w.child.stop();
  const grace = new Promise<void>((resolve) => setTimeout(resolve, STOP_GRACE_MS).unref());
  await Promise.race([Promise.all(waiting.map((w) => w.child.ended.catch(() => undefined))), grace]);
  for (const w of waiting) w.child.stop();
}
