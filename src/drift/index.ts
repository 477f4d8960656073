/**
 * The drift verdict of a project: would `db:generate` write a migration now? `schema-drift`
 * compares the target's schema with the target's migrations, the semantic gate of
 * `schema-without-migration` with the base's. Each side is computed only when a rule asks for it
 * (`driftSide`), once per run; both share one serialization session (verdicts.ts), so when their
 * latest snapshots are the same file content one worker run answers both.
 */
import path from 'node:path';
import type { MigrationSet } from '../project/migrations.js';
import type { RuleContext } from '../rules/types.js';
import { sha256 } from './inputs.js';
import { findKit, snapshotVersionOf, type Kit } from './kit.js';
import type { PrevInput, Verdict } from './protocol.js';
import { refusalOf } from './refusal.js';
import { touchesProject } from './summary.js';
import { timeoutMs, verdictOf } from './verdicts.js';

export { KitMissingError } from './kit.js';

export interface DriftSide {
  verdict: Verdict;
  /** The snapshot `generate` would diff against (0.x), or the migrations folder (1.0). */
  snapshot: string | undefined;
}

export interface DriftSideResult {
  kit: Kit;
  side: DriftSide;
  /** True when no drizzle-kit was started for it (the verdict cache, or a refusal). */
  cached: boolean;
}

export interface DriftResult {
  kit: Kit;
  target: DriftSide;
  /** Against the base's snapshots; null in --all (no base). */
  base: DriftSide | null;
  /** True when the verdicts came from the cache (no drizzle-kit started). */
  cached: boolean;
}

/**
 * One side's verdict. `base` is the base's migrations when the run has a base, else the
 * target's (--all: there is no base to compare with).
 */
export function driftSide(ctx: RuleContext, which: 'target' | 'base'): Promise<DriftSideResult> {
  const side = which === 'base' && !(ctx.changeSet && ctx.base) ? 'target' : which;
  return ctx.shared(`drift:${side}:${ctx.project.configFile}`, () => computeSide(ctx, side));
}

/** Both sides (the base only when there is one). */
export async function driftOf(ctx: RuleContext): Promise<DriftResult> {
  const target = await driftSide(ctx, 'target');
  const base = ctx.changeSet && ctx.base ? await driftSide(ctx, 'base') : null;
  return {
    kit: target.kit,
    target: target.side,
    base: base?.side ?? null,
    cached: target.cached && (base?.cached ?? true),
  };
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
    const kit = findKit(path.join(ctx.repoRoot, ctx.project.baseDir), ctx.repoRoot);
    const set = await ctx.migrations('base');
    if (!set) return null;
    const side = await sideOf(set, kit, ctx.repoRoot);
    if (side.verdict) return { verdict: side.verdict, snapshot: side.snapshot };
    // A release without an API: its generate runs on the target's copy only; the base stays unknown.
    if (!side.prev) return null;
    const answer = await verdictOf(ctx, kit, side.prev, { judged: ctx.base, cacheOnly });
    return answer ? { verdict: answer.verdict, snapshot: side.snapshot } : null;
  });
}

/**
 * The commit path answers the base's own verdict (introduced.ts) from the cache only: it is looked
 * up as the target's is asked (git reads of the base's schema files), while drizzle-kit serializes
 * the target's, not after. introducedBy then awaits this same lookup (memoised).
 */
function lookAheadBase(ctx: RuleContext): void {
  if (ctx.mode !== 'staged' || !ctx.changeSet || !touchesProject(ctx)) return;
  const changes = ctx.projectChanges();
  if (!changes.schema.length && !changes.config.length) return;
  // A failure is introducedBy's to handle, when it asks.
  baseDriftOf(ctx, true).catch(() => undefined);
}

interface Side {
  prev?: PrevInput;
  verdict?: Verdict;
  snapshot: string | undefined;
}

/** What `generate` would diff against on one side, or why it cannot. */
async function sideOf(set: MigrationSet, kit: Kit, repoRoot: string): Promise<Side> {
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
    const refused = await refusalOf(set, snapshotVersionOf(kit), repoRoot);
    if (refused) return { snapshot: file, verdict: refused };
    if (!kit.api) return { snapshot: file };
    const text = file ? ((await set.tree.read(file)) ?? null) : null;
    return { snapshot: file, prev: { key: sha256('0.31', file ?? '', text ?? '-'), snapshot: text } };
  }
  const folders: Record<string, string> = {};
  for (const file of set.snapshotFiles) {
    const text = await set.tree.read(file);
    if (text !== undefined) folders[path.posix.basename(path.posix.dirname(file))] = text;
  }
  // Open branches (two leaf snapshots): the API reconstructs one leaf at a time, where the 1.0
  // generate merges them (or refuses when they do not commute): that generate, on a copy.
  if (leafCount(Object.values(folders)) > 1) return { snapshot: set.out };
  const key = sha256('1.0', ...Object.entries(folders).sort().flat());
  return { snapshot: set.snapshotFiles.length ? set.out : undefined, prev: { key, folders } };
}

/** Snapshots no other snapshot names as a parent (`prevIds`, 1.0); unreadable ones are left to the worker. */
function leafCount(texts: string[]): number {
  const ids = new Set<string>();
  const parents = new Set<string>();
  for (const text of texts) {
    try {
      const snapshot = JSON.parse(text) as { id?: unknown; prevIds?: unknown };
      if (typeof snapshot.id !== 'string' || !Array.isArray(snapshot.prevIds)) return 1;
      ids.add(snapshot.id);
      for (const parent of snapshot.prevIds) parents.add(String(parent));
    } catch {
      return 1;
    }
  }
  return [...ids].filter((id) => !parents.has(id)).length;
}

async function computeSide(ctx: RuleContext, which: 'target' | 'base'): Promise<DriftSideResult> {
  if (which === 'target') lookAheadBase(ctx);
  const kit = findKit(path.join(ctx.repoRoot, ctx.project.baseDir), ctx.repoRoot);
  const set = (await ctx.migrations(which))!;
  const side = await sideOf(set, kit, ctx.repoRoot);
  if (side.verdict) return { kit, side: { verdict: side.verdict, snapshot: side.snapshot }, cached: true };
  if (!side.prev) {
    // No API to serialize with: the release's own generate, on a copy.
    const { generateVerdict } = await import('./generate.js');
    return {
      kit,
      side: { verdict: await generateVerdict(ctx, kit, set, timeoutMs(ctx)), snapshot: side.snapshot },
      cached: false,
    };
  }
  const { verdict, cached } = await verdictOf(ctx, kit, side.prev);
  return { kit, side: { verdict, snapshot: side.snapshot }, cached };
}
