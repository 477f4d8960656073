/**
 * For replay-mismatch in the diff modes: which differences the base already had (the base's
 * migrations replayed against the base's schema differ the same way), and which migration each
 * one comes from, so that an old foreign key the replay finds is pinned on the migration that
 * made it, not on the newest migration of the change.
 */
import type { Change, CatalogDiff } from './diff.js';
import type { Migration, MigrationSet } from '../project/migrations.js';

function subject(change: Change) {
  return change.type === 'changed' ? change.expected : change.object;
}

/** Identity of a difference: the same object differing the same way on both sides. */
export function changeKey(change: Change): string {
  const o = subject(change);
  const definitions =
    change.type === 'changed' ? [change.expected.definition, change.actual.definition] : [o.definition];
  return JSON.stringify([change.type, o.kind, o.name, ...definitions]);
}

/** Splits the target's differences into those the base had too and those the change brought. */
export function splitByBase(
  target: CatalogDiff,
  base: CatalogDiff | null,
): { introduced: Change[]; preExisting: Change[] } {
  const before = new Set((base?.changes ?? []).map(changeKey));
  const introduced: Change[] = [];
  const preExisting: Change[] = [];
  for (const change of target.changes) (before.has(changeKey(change)) ? preExisting : introduced).push(change);
  return { introduced, preExisting };
}

/**
 * The migration a difference comes from: the last one whose SQL names the object (its last name
 * part, as drizzle-kit quotes it). The diff's expected side is the schema, its actual side the
 * migrations: a `missing` object (declared by the schema, built by no migration) comes from no
 * migration: undefined.
 */
export async function faultOf(change: Change, set: MigrationSet): Promise<Migration | undefined> {
  if (change.type === 'missing') return undefined;
  const name = subject(change).name.split('.').pop() ?? '';
  if (!name) return undefined;
  const quoted = `"${name}"`;
  const word = new RegExp(`\\b${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i');
  for (const m of [...set.migrations].reverse()) {
    const sql = m.hasSql ? await set.tree.read(m.sqlFile) : undefined;
    if (sql !== undefined && (sql.includes(quoted) || word.test(sql))) return m;
  }
  return undefined;
}

/** Differences grouped by the migration they come from (`null`: none, the schema declares them). */
export async function groupByFault(changes: Change[], set: MigrationSet): Promise<Map<Migration | null, Change[]>> {
  const groups = new Map<Migration | null, Change[]>();
  for (const change of changes) {
    const m = (await faultOf(change, set)) ?? null;
    groups.set(m, [...(groups.get(m) ?? []), change]);
  }
  return groups;
}
