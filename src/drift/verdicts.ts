/**
 * The serialization session of one project in one run: the schema's entry files and their cache
 * key are worked out once, and each snapshot history (a `PrevInput`, by key) gets its verdict from
 * the cache or from a worker run, at most once. Both drift sides ask here.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { cacheDir } from '../cache/json.js';
import { rememberLearnedGraph } from '../project/discover.js';
import { timeoutOf } from '../project/user-code.js';
import type { RuleContext } from '../rules/types.js';
import { ConfigError, EnvironmentError } from '../errors.js';
import {
  failureKey,
  readDriftCache,
  readFailure,
  writeDriftCache,
  writeFailure,
  type DriftCacheEntry,
} from './cache.js';
import { contentHashes, entryFiles, sha256 } from './inputs.js';
import type { CommitTree, Tree } from '../git/tree.js';
import type { Kit } from './kit.js';
import { differingOnDisk, materialize } from './materialize.js';
import { loadKeyOf, type PrevInput, type Verdict, type WorkerRequest, type WorkerResponse } from './protocol.js';
import { prestartFor } from './prestart.js';
import { runWorker } from './run.js';

interface Session {
  /** The tree whose schema is serialized: the target, or the base (baseDriftOf). */
  judged: Tree;
  entries: string[];
  schemaKey: string;
  cached: DriftCacheEntry | null;
  /** Verdicts known in this run (from the cache when its import graph is unchanged). */
  known: Record<string, Verdict>;
  pending: Map<string, Promise<Verdict>>;
  /** The import graph learned in this run (repository-relative), once a worker answered. */
  learned?: string[];
}

const graphOf = (session: Session) => session.learned ?? session.cached?.graph.map((g) => g.file) ?? [];

async function openSession(ctx: RuleContext, kit: Kit, judged: Tree): Promise<Session> {
  const { project, repoRoot } = ctx;
  const entries = await entryFiles(judged, project.schema);
  if (!entries.length) {
    throw new ConfigError(
      `${project.configFile}: no schema file matches ${project.schema.map((s) => `"${s}"`).join(', ')} in ${judged.label}. ` +
        'Point "schema" at your schema files (drizzle-kit reads the files directly in a folder, not its subfolders).',
    );
  }
  const entryHashes = await contentHashes(judged, entries);
  // The kit's version and directory: verdicts of one drizzle-kit never answer for another.
  const schemaKey = sha256(
    kit.version,
    kit.dir,
    project.casing ?? '',
    project.configFile,
    ...entryHashes.map((e) => `${e.file}:${e.hash}`),
  );
  // The entry whose import graph has, on this side, the contents it was learned with.
  const stored = readDriftCache(repoRoot, schemaKey);
  const files = [...new Set(stored.flatMap((e) => e.graph.map((g) => g.file)))];
  const hashes = new Map((await contentHashes(judged, files)).map((h) => [h.file, h.hash]));
  const cached = stored.find((e) => e.graph.every((g) => hashes.get(g.file) === g.hash)) ?? null;
  return {
    judged,
    entries,
    schemaKey,
    cached,
    known: cached ? { ...cached.verdicts } : {},
    pending: new Map(),
  };
}

/** The session of one side (the target, or the base), opened once per run. */
function sessionOf(ctx: RuleContext, kit: Kit, judged: Tree): Promise<Session> {
  const which = judged === ctx.target ? 'target' : 'base';
  return ctx.shared(`drift-session:${which}:${ctx.project.configFile}`, () => openSession(ctx, kit, judged));
}

export interface VerdictOptions {
  /** The tree whose schema is serialized (default: the target). */
  judged?: Tree;
  /** Answer only from the cache: null when no verdict is cached (the commit path starts no second worker). */
  cacheOnly?: boolean;
}

/** The verdict for one snapshot history; `cached` when no drizzle-kit was started for it. */
export async function verdictOf(
  ctx: RuleContext,
  kit: Kit,
  prev: PrevInput,
): Promise<{ verdict: Verdict; cached: boolean }>;
export async function verdictOf(
  ctx: RuleContext,
  kit: Kit,
  prev: PrevInput,
  options: VerdictOptions,
): Promise<{ verdict: Verdict; cached: boolean } | null>;
export async function verdictOf(
  ctx: RuleContext,
  kit: Kit,
  prev: PrevInput,
  options: VerdictOptions = {},
): Promise<{ verdict: Verdict; cached: boolean } | null> {
  const session = await sessionOf(ctx, kit, options.judged ?? ctx.target);
  const known = session.known[prev.key];
  if (known) return { verdict: known, cached: true };
  if (options.cacheOnly) return null;
  let pending = session.pending.get(prev.key);
  if (!pending) {
    pending = ask(ctx, kit, session, prev);
    session.pending.set(prev.key, pending);
  }
  return { verdict: await pending, cached: false };
}

/** How Node says a package is not installed (CommonJS, ES modules): the package's name. */
const MISSING_PACKAGE = /Cannot find (?:module|package) '((?:@[^/']+\/)?[^./'][^/']*)/;

/** Whether a `node_modules/<name>` folder exists from the package's folder up to the repository root. */
function installed(repoRoot: string, baseDir: string, name: string): boolean {
  for (let dir = path.join(repoRoot, baseDir); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'node_modules', name))) return true;
    if (dir === repoRoot || path.dirname(dir) === dir) return false;
  }
}

async function ask(ctx: RuleContext, kit: Kit, session: Session, prev: PrevInput): Promise<Verdict> {
  const { project, repoRoot } = ctx;
  ctx.progress(`Serializing the schema of ${project.configFile} with drizzle-kit ${kit.version}…`);
  // The base's question: what the target's schema imports (the files on disk, in a PR check) says
  // too whether loading from disk would reach a file that differs from the base (then a copy at once).
  const target = session.judged === ctx.target ? null : await sessionOf(ctx, kit, ctx.target);
  // The base's schema, a commit, that failed for a package not installed: the same failure.
  const judged = session.judged;
  const failure =
    target && judged.kind === 'commit' && /^[0-9a-f]{40,64}$/.test((judged as CommitTree).rev)
      ? failureKey(repoRoot, path.join(repoRoot, project.baseDir), [
          session.schemaKey,
          prev.key,
          (judged as CommitTree).rev,
        ])
      : null;
  const failed = failure ? readFailure(repoRoot, failure) : null;
  if (failed && !installed(repoRoot, project.baseDir, failed.missing)) throw new ConfigError(failed.message);
  let serialized;
  try {
    serialized = await serialize(
      ctx,
      judged,
      kit,
      session.entries,
      [prev],
      [...graphOf(session), ...(target ? graphOf(target) : [])],
    );
  } catch (error) {
    const missing = error instanceof ConfigError ? MISSING_PACKAGE.exec(error.message)?.[1] : undefined;
    // Only a package that is not there at all: a workspace package whose build is missing comes back without an install.
    if (failure && missing && !installed(repoRoot, project.baseDir, missing)) {
      writeFailure(repoRoot, failure, { message: (error as Error).message, missing });
    }
    throw error;
  }
  const { response, graph } = serialized;
  session.learned = graph;
  const verdict: Verdict = response.verdicts[prev.key] ?? {
    status: 'unusable',
    message: `drizzle-kit stopped the process (process.exit(${response.exitedAt?.code ?? '?'})) while diffing the schema against it${response.exitOutput ? `; it said: ${response.exitOutput}` : ''}`,
  };
  session.known[prev.key] = verdict;
  // A verdict drizzle-kit cut short is not remembered: the next run asks again.
  const keep = response.exitedAt
    ? Object.fromEntries(Object.entries(session.known).filter(([k]) => k !== prev.key))
    : session.known;
  writeDriftCache(repoRoot, session.schemaKey, { graph: await contentHashes(session.judged, graph), verdicts: keep });
  // The graph the commit path trusts is the target's; the base's schema may import other files.
  if (session.judged === ctx.target) {
    const extra = graph.filter(
      (f) => !project.isSchemaFile(f) && f !== project.configFile && !session.entries.includes(f),
    );
    rememberLearnedGraph(repoRoot, project.configFile, extra);
  }
  return verdict;
}

/** `drift.timeout`: the limit every run of the user's code has (project/user-code.ts). */
export function timeoutMs(ctx: RuleContext): number {
  return timeoutOf(ctx.settings.extra);
}

/**
 * Runs the worker on the files as they are on disk when they equal the judged side, else on a
 * temporary copy of that side; returns the verdicts and the repository-relative import graph.
 */
async function serialize(
  ctx: RuleContext,
  judged: Tree,
  kit: Kit,
  entries: string[],
  prevs: PrevInput[],
  knownGraph: string[],
): Promise<{ response: Extract<WorkerResponse, { ok: true }>; graph: string[] }> {
  const { project, repoRoot } = ctx;
  const modulesCache = cacheDir(repoRoot);
  const compileCache = modulesCache ? path.join(modulesCache, 'v8') : null;
  const differing = await differingOnDisk(repoRoot, judged);
  const needs = (files: string[]) => files.some((f) => differing.has(f));
  // A tsconfig that differs changes how modules resolve (`paths`): judge it as staged too.
  const configFiles = [...differing].filter((f) => /(^|\/)tsconfig[^/]*\.json$/.test(f));
  const requestOf = (root: string): WorkerRequest => ({
    line: kit.line,
    ...(kit.api ? { entry: kit.api } : {}),
    cwd: path.join(root, project.baseDir),
    files: entries.map((f) => path.join(root, f)),
    ...(project.casing ? { casing: project.casing } : {}),
    prevs,
    ...(compileCache ? { compileCache } : {}),
  });
  // drizzle-kit loads in a worker while the copy of the tree prepares the request (prestart.ts).
  const prestart = (copy: boolean) => {
    const onDisk = requestOf(repoRoot);
    prestartFor(kit, repoRoot, compileCache ?? undefined, onDisk.cwd, copy ? null : loadKeyOf(onDisk));
  };
  const attempt = async (copy: boolean) => {
    prestart(copy);
    const materialized = copy ? await materialize(repoRoot, judged, project.baseDir) : null;
    const root = materialized?.root ?? repoRoot;
    try {
      const request = requestOf(root);
      const run = () =>
        runWorker(request, { timeoutMs: timeoutMs(ctx), configFile: project.configFile, live: { kit, repoRoot } });
      // The same files on disk and the same histories: the same answer (both sessions may ask it).
      const response = copy
        ? await run()
        : await ctx.shared(`drift-answer:${loadKeyOf(request)}:${prevs.map((p) => p.key).join(',')}`, run);
      if (!response.ok) throw failure(response, root);
      const graph = response.graph
        .map((abs) => path.relative(root, abs).split(path.sep).join('/'))
        .filter((rel) => rel && !rel.startsWith('..'));
      return { response, graph };
    } finally {
      materialized?.remove();
    }
  };
  const copyFirst = configFiles.length > 0 || needs([...entries, ...knownGraph]);
  const first = await attempt(copyFirst);
  // The graph just learned may reach a file that differs on disk: judge the side, not the disk.
  if (!copyFirst && needs(first.graph)) return attempt(true);
  return first;
}

function failure(response: Extract<WorkerResponse, { ok: false }>, root: string): Error {
  const rel = (abs: string) => path.relative(root, abs).split(path.sep).join('/');
  if (response.kind === 'kit') {
    return new EnvironmentError(
      `The project's drizzle-kit could not be loaded (${response.message}). Reinstall it: \`npm i -D drizzle-kit\`.`,
    );
  }
  if (response.kind === 'exit') {
    return new ConfigError(
      `drizzle-kit stopped while serializing the schema: ${response.message}. ` +
        'drizzle-kit generate stops the same way: fix what it reports (`npx drizzle-kit generate` shows it), then run nexiom-lint again.',
    );
  }
  const at = response.at ? ` (at ${rel(response.at)})` : '';
  return new ConfigError(
    `The schema file ${rel(response.file ?? '')} threw while loading: ${response.message}${at}. ` +
      'drizzle-kit generate fails the same way: fix the module, then run nexiom-lint again.',
  );
}
