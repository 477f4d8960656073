/**
 * The drift verdict of a project: would `db:generate` write a migration now? Computed once per
 * project per run (`ctx.shared`) for both rules that need it: `schema-drift` compares the
 * target's schema with the target's latest snapshot, the semantic gate of
 * `schema-without-migration` compares it with the base's. One worker run answers both.
 */
import path from 'node:path';
import type { MigrationSet } from '../project/migrations.js';
import type { Tree } from '../git/tree.js';
import { cacheDir } from '../project/cache.js';
import { rememberLearnedGraph } from '../project/discover.js';
import type { RuleContext } from '../rules/types.js';
import { ConfigError, EnvironmentError } from '../errors.js';
import { readDriftCache, writeDriftCache } from './cache.js';
import { contentHashes, entryFiles, sha256 } from './inputs.js';
import { findKit, type Kit } from './kit.js';

export { KitMissingError } from './kit.js';
import { differingOnDisk, materialize } from './materialize.js';
import type { PrevInput, Verdict, WorkerResponse } from './protocol.js';
import { runWorker } from './run.js';

export interface DriftSide {
  verdict: Verdict;
  /** The snapshot `generate` would diff against (0.31), or the migrations folder (1.0). */
  snapshot: string | undefined;
}

export interface DriftResult {
  kit: Kit;
  target: DriftSide;
  /** Against the base's snapshots; null in --all (no base). */
  base: DriftSide | null;
  /** True when the verdicts came from the cache (no drizzle-kit started). */
  cached: boolean;
}

const DEFAULT_TIMEOUT_S = 120;

export function driftOf(ctx: RuleContext): Promise<DriftResult> {
  return ctx.shared(`drift:${ctx.project.configFile}`, () => computeDrift(ctx));
}

/**
 * The drift the base itself had: the base's schema against the base's snapshots. Only this says
 * whether a change introduced the drift found at the target when the change edited the schema
 * (the target's schema against the base's snapshots mixes the two). null without a base, and
 * with `cacheOnly` when the verdict is not cached (the commit path never starts a second worker).
 */
export function baseDriftOf(ctx: RuleContext, cacheOnly = false): Promise<DriftSide | null> {
  return ctx.shared(`drift-of-base:${ctx.project.configFile}`, async () => {
    if (!ctx.base || ctx.base.kind === 'empty') return null;
    return (await computeDrift(ctx, ctx.base, cacheOnly))?.target ?? null;
  });
}

interface Side {
  prev?: PrevInput;
  verdict?: Verdict;
  snapshot: string | undefined;
}

/** What `generate` would diff against on one side, or why it cannot. */
async function sideOf(set: MigrationSet, kit: Kit): Promise<Side> {
  if (set.layout === 'folders' && kit.line === '0.31') {
    return {
      snapshot: set.out,
      verdict: {
        status: 'unusable',
        message: `${set.out}/ has the drizzle-kit 1.0 folder layout, but drizzle-kit ${kit.version} is installed; install the 1.0 line to generate here`,
      },
    };
  }
  if (set.layout === 'journal' && kit.line === '1.0') {
    return {
      snapshot: set.out,
      verdict: {
        status: 'unusable',
        message: `${set.out}/ has the 0.x journal layout and drizzle-kit ${kit.version} refuses to generate there until \`drizzle-kit up\` converts it`,
      },
    };
  }
  if (kit.line === '0.31') {
    const file = set.latestSnapshotFile();
    const text = file ? ((await set.tree.read(file)) ?? null) : null;
    return { snapshot: file, prev: { key: sha256('0.31', file ?? '', text ?? '-'), snapshot: text } };
  }
  const folders: Record<string, string> = {};
  for (const file of set.snapshotFiles) {
    const text = await set.tree.read(file);
    if (text !== undefined) folders[path.posix.basename(path.posix.dirname(file))] = text;
  }
  const key = sha256('1.0', ...Object.entries(folders).sort().flat());
  return { snapshot: set.snapshotFiles.length ? set.out : undefined, prev: { key, folders } };
}

/** `judged` is the tree whose schema is serialized: the target, or the base for baseDriftOf. */
async function computeDrift(ctx: RuleContext, judged?: Tree): Promise<DriftResult>;
async function computeDrift(ctx: RuleContext, judged: Tree, cacheOnly: boolean): Promise<DriftResult | null>;
async function computeDrift(ctx: RuleContext, judged: Tree = ctx.target, cacheOnly = false): Promise<DriftResult | null> {
  const { project, repoRoot } = ctx;
  const packageDir = path.join(repoRoot, project.baseDir);
  const kit = findKit(packageDir, repoRoot);
  const ofBase = judged !== ctx.target;
  const targetSet = await ctx.migrations(ofBase ? 'base' : 'target');
  const baseSet = ctx.changeSet && ctx.base && !ofBase ? await ctx.migrations('base') : null;
  const target = await sideOf(targetSet!, kit);
  const base = baseSet ? await sideOf(baseSet, kit) : null;
  const prevs = [target.prev, base?.prev].filter((p): p is PrevInput => p !== undefined);
  const unique = [...new Map(prevs.map((p) => [p.key, p])).values()];

  const entries = await entryFiles(judged, project.schema);
  if (!entries.length) {
    throw new ConfigError(
      `${project.configFile}: no schema file matches ${project.schema.map((s) => `"${s}"`).join(', ')} in ${judged.label}. ` +
        'Point "schema" at your schema files (drizzle-kit reads the files directly in a folder, not its subfolders).',
    );
  }
  const entryHashes = await contentHashes(judged, entries);
  const schemaKey = sha256(
    kit.version,
    project.casing ?? '',
    project.configFile,
    ...entryHashes.map((e) => `${e.file}:${e.hash}`),
  );
  const cached = readDriftCache(repoRoot, schemaKey);
  const graphValid =
    cached !== null &&
    (await contentHashes(judged, cached.graph.map((g) => g.file))).every((h, i) => h.hash === cached.graph[i]!.hash);
  const known: Record<string, Verdict> = graphValid ? { ...cached!.verdicts } : {};
  const missing = unique.filter((p) => !known[p.key]);
  let fromCache = true;
  if (missing.length) {
    if (cacheOnly) return null;
    fromCache = false;
    ctx.progress(`Serializing the schema of ${project.configFile} with drizzle-kit ${kit.version}…`);
    const { response, graph } = await serialize(ctx, judged, kit, entries, missing, cached?.graph.map((g) => g.file) ?? []);
    Object.assign(known, response.verdicts);
    writeDriftCache(repoRoot, schemaKey, { graph: await contentHashes(judged, graph), verdicts: known });
    const extra = graph.filter((f) => !project.isSchemaFile(f) && f !== project.configFile && !entries.includes(f));
    if (!ofBase) rememberLearnedGraph(repoRoot, project.configFile, extra);
  }
  const resolveSide = (side: Side): DriftSide => ({
    snapshot: side.snapshot,
    verdict: side.verdict ?? known[side.prev!.key]!,
  });
  return { kit, target: resolveSide(target), base: base ? resolveSide(base) : null, cached: fromCache };
}

function timeoutMs(ctx: RuleContext): number {
  const drift = ctx.settings.extra.drift as { timeout?: number } | undefined;
  return (drift?.timeout ?? DEFAULT_TIMEOUT_S) * 1000;
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
  const differing = await differingOnDisk(repoRoot, judged);
  const needs = (files: string[]) => files.some((f) => differing.has(f));
  // A tsconfig that differs changes how modules resolve (`paths`): judge it as staged too.
  const configFiles = [...differing].filter((f) => /(^|\/)tsconfig[^/]*\.json$/.test(f));
  const modulesCache = cacheDir(repoRoot);
  const compileCache = modulesCache ? path.join(modulesCache, 'v8') : null;
  const attempt = async (copy: boolean) => {
    const materialized = copy ? await materialize(repoRoot, judged, project.baseDir) : null;
    const root = materialized?.root ?? repoRoot;
    try {
      const response = await runWorker(
        {
          line: kit.line,
          cwd: path.join(root, project.baseDir),
          files: entries.map((f) => path.join(root, f)),
          ...(project.casing ? { casing: project.casing } : {}),
          prevs,
          ...(compileCache ? { compileCache } : {}),
        },
        { timeoutMs: timeoutMs(ctx), configFile: project.configFile },
      );
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
    return new EnvironmentError(`The project's drizzle-kit could not be loaded (${response.message}). Reinstall it: \`npm i -D drizzle-kit\`.`);
  }
  const at = response.at ? ` (at ${rel(response.at)})` : '';
  return new ConfigError(
    `The schema file ${rel(response.file ?? '')} threw while loading: ${response.message}${at}. ` +
      'drizzle-kit generate fails the same way: fix the module, then run nexiom-lint again.',
  );
}
