/**
 * Which history findings concern a change set. `--all` judges the whole history; the diff modes
 * report only what the change touches (a new or edited journal entry, an added or deleted file),
 * so a commit is never blocked by an old problem it did not cause, and `--all` still finds it.
 */
import type { Migration, MigrationSet } from '../project/migrations.js';
import type { RuleContext } from '../rules/types.js';

/** What a finding is about: the files and migration tags it involves. */
export interface Involves {
  files?: string[];
  tags?: string[];
  /** A problem of the whole migrations folder (its `out`), reported whatever the change. */
  always?: boolean;
}

export type InScope = (involves: Involves) => boolean;

export function historyScope(ctx: RuleContext): Promise<InScope> {
  if (!ctx.changeSet) return Promise.resolve(() => true);
  return ctx.shared(`history-scope:${ctx.project.configFile}`, async () => {
    const changedFiles = new Set<string>();
    for (const f of ctx.projectChanges().migrations) {
      changedFiles.add(f.path);
      if (f.oldPath) changedFiles.add(f.oldPath);
    }
    const changedTags = await changedMigrationTags(
      await ctx.migrations('target'),
      await ctx.migrations('base'),
      changedFiles,
    );
    return ({ files = [], tags = [], always = false }: Involves) =>
      always || files.some((f) => changedFiles.has(f)) || tags.some((t) => changedTags.has(t));
  });
}

/**
 * Which snapshots to parse in full: all of them in --all (invalid JSON anywhere is a finding),
 * only the changed ones in the diff modes (nothing else could be reported there).
 */
export function fullParse(ctx: RuleContext): (file: string) => boolean {
  if (!ctx.changeSet) return () => true;
  const changed = new Set(ctx.projectChanges().migrations.flatMap((f) => [f.path, ...(f.oldPath ? [f.oldPath] : [])]));
  return (file) => changed.has(file);
}

/** Tags that are new at the target, or whose journal entry, SQL or snapshot changed. */
export async function changedMigrationTags(
  target: MigrationSet | null,
  base: MigrationSet | null,
  changedFiles: ReadonlySet<string>,
): Promise<Set<string>> {
  const tags = new Set<string>();
  if (!target) return tags;
  // An entry without a tag is known by its position (`journal entry #3 (no tag)`).
  const atBase = new Map<string, Migration>((base?.migrations ?? []).map((m) => [m.tag || m.name, m]));
  for (const m of target.migrations) {
    const key = m.tag || m.name;
    const before = atBase.get(key);
    if (
      !before ||
      JSON.stringify(before.entry) !== JSON.stringify(m.entry) ||
      changedFiles.has(m.sqlFile) ||
      (m.snapshotFile !== undefined && changedFiles.has(m.snapshotFile))
    ) {
      tags.add(key);
    }
  }
  return tags;
}
