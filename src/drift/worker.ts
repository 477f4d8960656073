/**
 * The drift worker: a child process that loads the user's schema with the user's drizzle-kit,
 * serializes it and compares it with one or more snapshot histories. A child, because drizzle-kit
 * calls `process.exit(1)` on some schema errors, throws or waits for a prompt on an ambiguous
 * rename, and because the user's modules may leave handles open or print: none of that may reach
 * the CLI. Started by run.ts as `node worker.js <request.json> <response.json>`, stdin closed, or
 * by prestart.ts before it is asked anything (`--prestart`, below).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { configAnswerOf, type ConfigAnswer } from '../project/config-protocol.js';
import { installCompileCache, type CompileCache } from './compile-cache.js';
import { legacyVerdict, postgresVerdict, prompted, watchForPrompts, type LegacyApi, type PostgresApi } from './diff.js';
import { LoadFailure, loadConfigModule, loadKitApi, loadSchema, resolveKitApi } from './load.js';
import { loadKeyOf, type Verdict, type WorkerRequest, type WorkerResponse } from './protocol.js';

type Json = Record<string, unknown>;

const errorText = (error: unknown) => (error as Error)?.message ?? String(error);

/** What the worker is doing, for the answer written when something calls `process.exit`. */
const progress: {
  phase: 'loading' | 'serializing' | 'diffing';
  key?: string;
  graph: string[];
  verdicts: Record<string, Verdict>;
} = {
  phase: 'loading',
  graph: [],
  verdicts: {},
};

type KitApi = { api: unknown; kitRequire: NodeJS.Require; file: string } | { error: unknown };

/**
 * The API loaded at the start when it is the module the request's folder resolves (a copy of the
 * tree links node_modules back: the same file), else the request's own.
 */
function kitFor(request: WorkerRequest): KitApi {
  if (!earlyKit || !early || 'error' in earlyKit || request.line !== early.line || request.entry !== early.entry) {
    return loadKit(request);
  }
  process.chdir(request.cwd);
  if (request.cwd === early.cwd) return earlyKit;
  try {
    const resolved = createRequire(path.join(request.cwd, 'noop.js')).resolve(request.entry ?? '');
    if (resolved === earlyKit.file) return earlyKit;
  } catch {
    // Not resolvable from there: its own load says why.
  }
  return loadKit(request);
}

function loadKit(request: Pick<WorkerRequest, 'line' | 'cwd' | 'entry'>): KitApi {
  process.chdir(request.cwd);
  try {
    return loadKitApi(request.line, request.cwd, request.entry);
  } catch (error) {
    return { error };
  }
}

/**
 * Serialized schemas by what was loaded (folder, files, line, casing): a live worker asked again
 * about the same files (another snapshot history, the base's question on an unchanged tree)
 * answers without loading anything. Kept as a copy: drizzle-kit's diff may change its input.
 */
const serialized = new Map<string, { cur: Json; graph: string[] }>();

async function handle(request: WorkerRequest, kit: KitApi): Promise<WorkerResponse> {
  if ('error' in kit) return { ok: false, kind: 'kit', message: errorText(kit.error) };
  const { api, kitRequire } = kit;
  const key = loadKeyOf(request);
  let known = serialized.get(key);
  if (!known) {
    let loaded;
    try {
      loaded = await loadSchema(request.line, request.cwd, request.files, kitRequire);
    } catch (error) {
      if (!(error instanceof LoadFailure)) throw error;
      return {
        ok: false,
        kind: 'load',
        message: error.message,
        file: error.file,
        ...(error.at ? { at: error.at } : {}),
      };
    }
    progress.graph = loaded.graph;
    progress.phase = 'serializing';
    const cur =
      request.line === '0.31'
        ? (api as LegacyApi).generateDrizzleJson(loaded.imports, undefined, undefined, request.casing)
        : await (api as PostgresApi).generateDrizzleJson(loaded.imports);
    known = { cur: structuredClone(cur), graph: loaded.graph };
    serialized.set(key, known);
  }
  progress.graph = known.graph;
  progress.phase = 'diffing';
  const { verdicts } = progress;
  for (const prev of request.prevs) {
    progress.key = prev.key;
    const cur = structuredClone(known.cur);
    verdicts[prev.key] =
      request.line === '0.31'
        ? await legacyVerdict(api as LegacyApi, cur, prev)
        : await postgresVerdict(api as PostgresApi, cur, prev);
  }
  return { ok: true, graph: known.graph, verdicts };
}

/**
 * `worker.js --prestart [json]` (prestart.ts): started before it is asked anything (without the
 * JSON, a spare started before the project is known: its first message `{ early }` gives it). It loads
 * drizzle-kit's API for `{ line, entry, cwd, compileCache }` at once, and, given `config`, first
 * evaluates that drizzle config with drizzle-kit's own loader and sends `{ config: answer }` (the
 * parent then starts no config process; `{ config: null }` when this line has no such loader).
 * Then it answers requests, one at a time, each a message `[requestFile, responseFile]`, with
 * `{ done: responseFile, reusable }` once the answer file is written; it stays for the next one
 * unless a prompt was left waiting. While it works the IPC channel holds nothing open (an empty
 * event loop then means a prompt waits, as in a worker started with its request); `'stop'` or the
 * parent gone ends it, after it saved the compile cache.
 */
const prestart = process.argv[2] === '--prestart';
type Early = Pick<WorkerRequest, 'line' | 'entry' | 'cwd' | 'compileCache'> & {
  config?: string;
  /** The TMPDIR drizzle-kit's loader caches in (prestart.ts), for a worker started before it was known. */
  tmp?: string;
};
let early: Early | null = null;

const inbox: unknown[] = [];
let wake: (() => void) | null = null;
let parentGone = false;
if (prestart) {
  process.on('message', (message) => {
    inbox.push(message);
    wake?.();
  });
  process.on('disconnect', () => {
    parentGone = true;
    wake?.();
  });
}

/** A spare's first message, `{ early }` (prestart.ts); null when the parent is gone or says stop. */
async function nextEarly(): Promise<Early | null> {
  for (;;) {
    const message = inbox.shift() as { early?: Early } | string | undefined;
    if (message && typeof message === 'object' && message.early) return message.early;
    if (message === 'stop' || (message === undefined && parentGone)) return null;
    if (message === undefined) await new Promise<void>((resolve) => (wake = resolve));
    wake = null;
  }
}

/** The next request's files; null when the parent is gone or says stop. */
async function nextRequest(): Promise<[string, string] | null> {
  for (;;) {
    const message = inbox.shift();
    if (Array.isArray(message) && message.length === 2) return message as [string, string];
    if (message === 'stop' || (message === undefined && parentGone)) return null;
    if (message === undefined) await new Promise<void>((resolve) => (wake = resolve));
    wake = null;
  }
}

const send = (message: unknown) =>
  new Promise<void>((resolve) => {
    if (!process.connected) resolve();
    else process.send!(message, () => resolve());
  });

/** The config, evaluated as drizzle-kit evaluates it, sent to the parent (see above). */
async function sendConfig(config: string, request: Pick<WorkerRequest, 'line' | 'entry' | 'cwd'>): Promise<void> {
  let answer: ConfigAnswer | null;
  // A config whose promise never settles must end this process, not keep it waiting.
  process.channel?.unref();
  try {
    process.chdir(request.cwd);
    const kitRequire = createRequire(resolveKitApi(request.line, request.cwd, request.entry));
    const loaded = await loadConfigModule(request.line, request.cwd, config, kitRequire);
    answer = loaded ? configAnswerOf(loaded.value) : null;
  } catch (error) {
    answer = { ok: false, message: errorText(error) };
  }
  process.channel?.ref();
  await send({ config: answer });
}

let current: { responseFile: string; answered: boolean } | null = null;
const answer = (response: WorkerResponse) => {
  if (!current) return;
  writeFileSync(current.responseFile, JSON.stringify(response));
  current.answered = true;
};
// drizzle-kit calls process.exit on some schema errors (and a schema module may): say where it
// happened, and keep the verdicts already reached.
process.on('exit', (code) => {
  if (!current || current.answered) return;
  if (progress.phase === 'diffing' && progress.key) {
    answer({ ok: true, graph: progress.graph, verdicts: progress.verdicts, exitedAt: { key: progress.key, code } });
  } else {
    answer({
      ok: false,
      kind: 'exit',
      message: `it exited with exit code ${code} (process.exit) while ${progress.phase === 'loading' ? 'loading the schema modules' : 'drizzle-kit serialized the schema'}`,
    });
  }
});
watchForPrompts();

/**
 * An error the config's background work raises (a connection refused after the export) is not the
 * schema's: the config process would only remember it (project/config-worker.ts). Raised between
 * requests, it makes this worker unfit to answer (its modules are the config's): it says so and
 * sends the next request back (`retry`), to a worker of its own. During a request it ends the
 * process as it would have without this listener.
 */
let tainted = false;
function watchConfigBackground(): void {
  const raised = (error: unknown) => {
    if (current) {
      process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
      process.exit(1);
    }
    if (!tainted) void send({ tainted: true });
    tainted = true;
  };
  process.on('uncaughtException', raised);
  process.on('unhandledRejection', raised);
}

async function serve(requestFile: string, responseFile: string, compileCache: CompileCache | null): Promise<void> {
  if (tainted) {
    await send({ done: responseFile, retry: true, reusable: false });
    process.exit(0);
  }
  current = { responseFile, answered: false };
  progress.phase = 'loading';
  progress.key = undefined;
  progress.graph = [];
  progress.verdicts = {};
  const request = JSON.parse(readFileSync(requestFile, 'utf8')) as WorkerRequest;
  const cache = compileCache ?? (request.compileCache ? installCompileCache(request.compileCache) : null);
  const response = await handle(request, kitFor(request));
  answer(response);
  current = null;
  if (!prestart) {
    cache?.save();
    // The user's modules may hold handles open (a database pool, a timer created at import time):
    // the answer is written, nothing else matters.
    process.exit(0);
  }
  const reusable = response.ok && !response.exitedAt && !prompted;
  process.channel?.ref();
  await send({ done: responseFile, reusable });
  // After the answer: the parent goes on meanwhile.
  cache?.save();
  if (!reusable) process.exit(0);
}

if (prestart) {
  // `--prestart <json>`, or a spare started before anything was known: its first message says.
  early = process.argv[3] ? (JSON.parse(process.argv[3]) as Early) : await nextEarly();
  if (!early) process.exit(0);
  if (early.tmp) process.env.TMPDIR = early.tmp;
}
const earlyCache = early?.compileCache ? installCompileCache(early.compileCache) : null;
if (early?.config) {
  watchConfigBackground();
  await sendConfig(early.config, early);
}
const earlyKit = early ? loadKit(early) : null;
if (!prestart) {
  const [requestFile, responseFile] = process.argv.slice(2);
  if (!requestFile || !responseFile) {
    process.stderr.write('usage: worker.js <request.json> <response.json>\n');
    process.exit(2);
  }
  await serve(requestFile, responseFile, null);
} else {
  for (let next = await nextRequest(); next; next = await nextRequest()) {
    process.channel?.unref();
    await serve(next[0], next[1], earlyCache);
  }
  earlyCache?.save();
  process.exit(0);
}
