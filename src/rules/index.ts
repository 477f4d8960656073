/**
 * The rule registry. Rule modules are tiny (metadata and a `check` that imports anything heavy
 * lazily), so importing all of them costs next to nothing.
 *
 * To add a rule: one file in this folder (or a subfolder by category), one line here, one doc
 * page `docs/rules/<id>.md`, and tests. A test fails when a rule lacks its doc page.
 */
import type { Rule } from './types.js';
import schemaWithoutMigration from './schema-without-migration.js';
import schemaDrift from './schema-drift.js';
import noDbPush from './no-db-push.js';
import replayMismatch from './replay-mismatch.js';
import { sqlRules } from './sql/index.js';
import migrationIntegrity from './history/migration-integrity.js';
import migrationConflict from './history/migration-conflict.js';
import migrationOutOfOrder from './history/migration-out-of-order.js';
import migrationEdited from './history/migration-edited.js';

export const rules: readonly Rule[] = [
  // Order matters once: schema-without-migration runs before schema-drift (see drift/describe.ts).
  schemaWithoutMigration,
  schemaDrift,
  migrationIntegrity,
  migrationConflict,
  migrationOutOfOrder,
  migrationEdited,
  noDbPush,
  ...sqlRules,
  replayMismatch,
];

export function ruleById(id: string): Rule | undefined {
  return rules.find((r) => r.meta.id === id);
}
