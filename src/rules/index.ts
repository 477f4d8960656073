/**
 * The rule registry. Rule modules are tiny (metadata and a `check` that imports anything heavy
 * lazily), so importing all of them costs next to nothing.
 *
 * To add a rule: one file in this folder (or a subfolder by category), one line here, one doc
 * page `docs/rules/<id>.md`, and tests. A test fails when a rule lacks its doc page.
 */
import type { Rule } from './types.js';
import schemaWithoutMigration from './schema-without-migration.js';
import replayMismatch from './replay-mismatch.js';

export const rules: readonly Rule[] = [schemaWithoutMigration, replayMismatch];

export function ruleById(id: string): Rule | undefined {
  return rules.find((r) => r.meta.id === id);
}
