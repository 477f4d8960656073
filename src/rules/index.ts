/**
 * The rule registry: a map from rule id to a loader of the rule's module (ESLint's
 * `lib/rules/index.js`). Nothing here imports a rule: the commit path with nothing relevant staged
 * never loads one, and a run loads only the rules it selected.
 *
 * Each entry also says the rule's scope (checked against its `meta` when it loads): a change that
 * concerns only the repository rules (a Dockerfile) then loads those and none of the SQL rules.
 *
 * To add a rule: one file (its `meta` beside its `check`), one line here, one doc page
 * `docs/rules/<id>.md`, and tests. A test fails when a rule lacks its doc page.
 *
 * The order is the order rules run in, and it matters once: schema-without-migration runs before
 * schema-drift (see drift/describe.ts).
 */
import { InternalError } from '../errors.js';
import type { Rule, RuleMeta } from './types.js';

type Loader = () => Promise<{ default: Rule }>;
type Scope = RuleMeta['scope'];

/** `untouched`: the rule's `meta.untouchedProjects`, known before its module loads (checked as it loads). */
const project = (load: Loader, untouched = false) => ({ scope: 'project' as Scope, load, untouched });
const repo = (load: Loader) => ({ scope: 'repo' as Scope, load, untouched: false });

const loaders = new Map<string, { scope: Scope; load: Loader; untouched: boolean }>([
  ['schema-without-migration', project(() => import('./schema-without-migration.js'))],
  ['schema-drift', project(() => import('./schema-drift.js'), true)],
  ['migration-integrity', project(() => import('./history/migration-integrity.js'))],
  ['migration-conflict', project(() => import('./history/migration-conflict.js'))],
  ['migration-out-of-order', project(() => import('./history/migration-out-of-order.js'))],
  ['migration-edited', project(() => import('./history/migration-edited.js'))],
  ['no-db-push', repo(() => import('./no-db-push.js'))],
  ['migration-concurrently', project(() => import('./sql/migration-concurrently.js'))],
  ['sql-syntax', project(() => import('./sql/sql-syntax.js'))],
  ['sql-drop-table', project(() => import('./sql/sql-drop-table.js'))],
  ['sql-drop-column', project(() => import('./sql/sql-drop-column.js'))],
  ['sql-drop-schema', project(() => import('./sql/sql-drop-schema.js'))],
  ['sql-drop-database', project(() => import('./sql/sql-drop-database.js'))],
  ['sql-rename-table', project(() => import('./sql/sql-rename-table.js'))],
  ['sql-rename-column', project(() => import('./sql/sql-rename-column.js'))],
  ['sql-column-type-change', project(() => import('./sql/sql-column-type-change.js'))],
  ['sql-set-not-null', project(() => import('./sql/sql-set-not-null.js'))],
  ['sql-add-column-not-null', project(() => import('./sql/sql-add-column-not-null.js'))],
  ['sql-volatile-default', project(() => import('./sql/sql-volatile-default.js'))],
  ['sql-add-foreign-key', project(() => import('./sql/sql-add-foreign-key.js'))],
  ['sql-add-check-constraint', project(() => import('./sql/sql-add-check-constraint.js'))],
  ['sql-add-unique-constraint', project(() => import('./sql/sql-add-unique-constraint.js'))],
  ['sql-backfill-under-lock', project(() => import('./sql/sql-backfill-under-lock.js'))],
  ['sql-create-index', project(() => import('./sql/sql-create-index.js'))],
  ['sql-drop-index', project(() => import('./sql/sql-drop-index.js'))],
  ['sql-reindex', project(() => import('./sql/sql-reindex.js'))],
  ['sql-detach-partition', project(() => import('./sql/sql-detach-partition.js'))],
  ['sql-cluster', project(() => import('./sql/sql-cluster.js'))],
  ['sql-truncate-cascade', project(() => import('./sql/sql-truncate-cascade.js'))],
  ['sql-drop-not-null', project(() => import('./sql/sql-drop-not-null.js'))],
  ['sql-transaction-control', project(() => import('./sql/sql-transaction-control.js'))],
  ['sql-duplicate-column', project(() => import('./sql/sql-duplicate-column.js'))],
  ['sql-identifier-too-long', project(() => import('./sql/sql-identifier-too-long.js'))],
  ['sql-domain-constraint', project(() => import('./sql/sql-domain-constraint.js'))],
  ['sql-prefer-identity', project(() => import('./sql/sql-prefer-identity.js'))],
  ['sql-prefer-timestamptz', project(() => import('./sql/sql-prefer-timestamptz.js'))],
  ['sql-char-type', project(() => import('./sql/sql-char-type.js'))],
  ['sql-prefer-text', project(() => import('./sql/sql-prefer-text.js'))],
  ['sql-prefer-bigint', project(() => import('./sql/sql-prefer-bigint.js'))],
  ['sql-require-timeouts', project(() => import('./sql/sql-require-timeouts.js'))],
  ['sql-traced-hazard', project(() => import('./sql/sql-traced-hazard.js'))],
  ['sql-suppression', project(() => import('./sql/sql-suppression.js'))],
  ['replay-mismatch', project(() => import('./replay-mismatch.js'))],
]);

/** Every rule id, in run order. */
export const RULE_IDS: readonly string[] = [...loaders.keys()];

/** Whether one of these rules judges projects a change does not touch (`untouchedProjects`), without loading any. */
export function sweepsUntouched(ids: readonly string[]): boolean {
  return ids.some((id) => loaders.get(id)?.untouched === true);
}

export function isRuleId(id: string): boolean {
  return loaders.has(id);
}

type RuleOf<S extends Scope> = Extract<Rule, { meta: { scope: S } }>;

/** The rules of one scope among these ids (default: all), in run order. */
export function loadRulesOf<S extends Scope>(scope: S, ids: readonly string[] = RULE_IDS): Promise<Array<RuleOf<S>>> {
  // The scope is checked against each rule's meta as it loads.
  return loadRules(ids.filter((id) => loaders.get(id)?.scope === scope)) as Promise<Array<RuleOf<S>>>;
}

const loaded = new Map<string, Promise<Rule>>();

/** The rule with this id (its module is imported once). Throws on an unknown id. */
export function loadRule(id: string): Promise<Rule> {
  const entry = loaders.get(id);
  if (!entry) throw new InternalError(`no rule "${id}" in the registry`);
  let rule = loaded.get(id);
  if (!rule) loaded.set(id, (rule = entry.load().then(({ default: r }) => checked(id, entry, r))));
  return rule;
}

function checked(id: string, { scope, untouched }: { scope: Scope; untouched: boolean }, rule: Rule): Rule {
  if (rule.meta.id !== id || rule.meta.scope !== scope) {
    throw new InternalError(
      `the registry lists ${id} as a ${scope} rule, its module says ${rule.meta.id} (${rule.meta.scope})`,
    );
  }
  if (untouched !== (rule.meta.scope === 'project' && rule.meta.untouchedProjects === true)) {
    throw new InternalError(`the registry and the module of ${id} disagree on untouchedProjects`);
  }
  return rule;
}

/** The rules with these ids (default: all), in run order. */
export function loadRules(ids: readonly string[] = RULE_IDS): Promise<Rule[]> {
  return Promise.all(RULE_IDS.filter((id) => ids.includes(id)).map(loadRule));
}
