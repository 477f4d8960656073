/**
 * Two catalogs compared object by object, and the difference printed for a person:
 *
 *   table public.users
 *     - column public.users.phone_number: text            (in the migrations, not in the database)
 *     + index public.users_email_idx: CREATE INDEX ...    (in the database, not in the migrations)
 *     ~ column public.users.email
 *         migrations: text NOT NULL
 *         database:   character varying(255) NOT NULL
 *
 * A table missing on one side is one line: its columns and constraints are not listed again.
 */
import type { Catalog, CatalogObject } from './catalog.js';

export type Change =
  | { type: 'missing'; object: CatalogObject }
  | { type: 'extra'; object: CatalogObject }
  | { type: 'changed'; expected: CatalogObject; actual: CatalogObject };

export interface CatalogDiff {
  changes: Change[];
  same: boolean;
}

/** `expected` is the reference (the replayed migrations), `actual` what is compared with it. */
export function diffCatalogs(expected: Catalog, actual: Catalog): CatalogDiff {
  const changes: Change[] = [];
  const missingTables = new Set<string>();
  const extraTables = new Set<string>();
  for (const [key, object] of expected.objects) {
    if (!actual.objects.has(key) && (object.kind === 'table' || object.kind === 'view')) missingTables.add(object.name);
  }
  for (const [key, object] of actual.objects) {
    if (!expected.objects.has(key) && (object.kind === 'table' || object.kind === 'view')) extraTables.add(object.name);
  }
  for (const [key, object] of expected.objects) {
    const other = actual.objects.get(key);
    if (!other) {
      if (!object.parent || !missingTables.has(object.parent)) changes.push({ type: 'missing', object });
    } else if (other.definition !== object.definition) {
      changes.push({ type: 'changed', expected: object, actual: other });
    }
  }
  for (const [key, object] of actual.objects) {
    if (expected.objects.has(key)) continue;
    if (!object.parent || !extraTables.has(object.parent)) changes.push({ type: 'extra', object });
  }
  return { changes, same: changes.length === 0 };
}

export interface DiffLabels {
  /** What `expected` is, e.g. `the migrations`. */
  expected: string;
  /** What `actual` is, e.g. `the database`. */
  actual: string;
}

function subject(change: Change): CatalogObject {
  return change.type === 'changed' ? change.expected : change.object;
}

function groupOf(object: CatalogObject): string {
  if (object.kind === 'table' || object.kind === 'view') return object.name;
  return object.parent ?? '';
}

/** The diff as indented lines, grouped by table; at most `limit` changes, then a count. */
export function formatDiff(diff: CatalogDiff, labels: DiffLabels, limit = 60): string {
  const groups = new Map<string, Change[]>();
  for (const change of diff.changes) {
    const group = groupOf(subject(change));
    groups.set(group, [...(groups.get(group) ?? []), change]);
  }
  const width = Math.max(labels.expected.length, labels.actual.length) + 1;
  const lines: string[] = [];
  let shown = 0;
  for (const [group, changes] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    if (shown >= limit) break;
    const indent = group ? '    ' : '  ';
    if (group) lines.push(`  ${group}`);
    for (const change of changes) {
      if (shown++ >= limit) break;
      const o = subject(change);
      const what = `${o.kind} ${o.name}`;
      if (change.type === 'missing') {
        lines.push(
          `${indent}- ${what}${o.definition ? `: ${o.definition}` : ''}  (in ${labels.expected}, not in ${labels.actual})`,
        );
      } else if (change.type === 'extra') {
        lines.push(
          `${indent}+ ${what}${o.definition ? `: ${o.definition}` : ''}  (in ${labels.actual}, not in ${labels.expected})`,
        );
      } else {
        lines.push(`${indent}~ ${what}`);
        lines.push(`${indent}    ${`${labels.expected}:`.padEnd(width)} ${change.expected.definition || '(plain)'}`);
        lines.push(`${indent}    ${`${labels.actual}:`.padEnd(width)} ${change.actual.definition || '(plain)'}`);
      }
    }
  }
  if (diff.changes.length > limit) lines.push(`  ... and ${diff.changes.length - limit} more difference(s)`);
  return lines.join('\n');
}
