/**
 * The rule registry: a map from rule id to a loader of the rule's module (ESLint's
 * `lib/rules/index.js`). Nothing here imports a rule: the commit path with nothing relevant staged
 * never loads one, and a run loads only the rules it selected.
 *
 * To add a rule: one file (its `meta` beside its `check`), one line here, one doc page
 * `docs/rules/<id>.md`, and tests. A test fails when a rule lacks its doc page.
 *
 * The order is the order rules run in, and it matters once: schema-without-migration runs before
 * schema-drift (see drift/describe.ts).
 */
import type { Rule } from './types.js';

type Loader = () => Promise<{ default: Rule }>;

const loaders = new Map<string, Loader>([
  ['schema-without-migration', () => import('./schema-without-migration.js')],
  ['schema-drift', () => import('./schema-drift.js')],
  ['migration-integrity', () => import('./history/migration-integrity.js')],
  ['migration-conflict', () => import('./history/migration-conflict.js')],
  ['migration-out-of-order', () => import('./history/migration-out-of-order.js')],
  ['migration-edited', () => import('./history/migration-edited.js')],
  ['no-db-push', () => import('./no-db-push.js')],
  ['migration-concurrently', () => import('./sql/migration-concurrently.js')],
  ['sql-syntax', () => import('./sql/sql-syntax.js')],
  ['sql-drop-table', () => import('./sql/sql-drop-table.js')],
  ['sql-drop-column', () => import('./sql/sql-drop-column.js')],
  ['sql-drop-schema', () => import('./sql/sql-drop-schema.js')],
  ['sql-drop-database', () => import('./sql/sql-drop-database.js')],
  ['sql-rename-table', () => import('./sql/sql-rename-table.js')],
  ['sql-rename-column', () => import('./sql/sql-rename-column.js')],
  ['sql-column-type-change', () => import('./sql/sql-column-type-change.js')],
  ['sql-set-not-null', () => import('./sql/sql-set-not-null.js')],
  ['sql-add-column-not-null', () => import('./sql/sql-add-column-not-null.js')],
  ['sql-volatile-default', () => import('./sql/sql-volatile-default.js')],
  ['sql-add-foreign-key', () => import('./sql/sql-add-foreign-key.js')],
  ['sql-add-check-constraint', () => import('./sql/sql-add-check-constraint.js')],
  ['sql-add-unique-constraint', () => import('./sql/sql-add-unique-constraint.js')],
  ['sql-backfill-under-lock', () => import('./sql/sql-backfill-under-lock.js')],
  ['sql-create-index', () => import('./sql/sql-create-index.js')],
  ['sql-drop-index', () => import('./sql/sql-drop-index.js')],
  ['sql-reindex', () => import('./sql/sql-reindex.js')],
  ['sql-detach-partition', () => import('./sql/sql-detach-partition.js')],
  ['sql-cluster', () => import('./sql/sql-cluster.js')],
  ['sql-truncate-cascade', () => import('./sql/sql-truncate-cascade.js')],
  ['sql-drop-not-null', () => import('./sql/sql-drop-not-null.js')],
  ['sql-transaction-control', () => import('./sql/sql-transaction-control.js')],
  ['sql-duplicate-column', () => import('./sql/sql-duplicate-column.js')],
  ['sql-identifier-too-long', () => import('./sql/sql-identifier-too-long.js')],
  ['sql-domain-constraint', () => import('./sql/sql-domain-constraint.js')],
  ['sql-prefer-identity', () => import('./sql/sql-prefer-identity.js')],
  ['sql-prefer-timestamptz', () => import('./sql/sql-prefer-timestamptz.js')],
  ['sql-char-type', () => import('./sql/sql-char-type.js')],
  ['sql-prefer-text', () => import('./sql/sql-prefer-text.js')],
  ['sql-prefer-bigint', () => import('./sql/sql-prefer-bigint.js')],
  ['sql-require-timeouts', () => import('./sql/sql-require-timeouts.js')],
  ['sql-suppression', () => import('./sql/sql-suppression.js')],
  ['replay-mismatch', () => import('./replay-mismatch.js')],
]);

/** Every rule id, in run order. */
export const RULE_IDS: readonly string[] = [...loaders.keys()];

export function isRuleId(id: string): boolean {
  return loaders.has(id);
}

const loaded = new Map<string, Promise<Rule>>();

/** The rule with this id (its module is imported once). Throws on an unknown id. */
export function loadRule(id: string): Promise<Rule> {
  const load = loaders.get(id);
  if (!load) throw new Error(`no rule "${id}"`);
  let rule = loaded.get(id);
  if (!rule) loaded.set(id, (rule = load().then((m) => m.default)));
  return rule;
}

/** The rules with these ids (default: all), in run order. */
export function loadRules(ids: readonly string[] = RULE_IDS): Promise<Rule[]> {
  return Promise.all(RULE_IDS.filter((id) => ids.includes(id)).map(loadRule));
}
