/**
 * The guide's Layer 3 made automatic: "Any PR that changes src/schema MUST include a corresponding
 * .sql file in drizzle/". A schema change that reaches main without its migration means
 * production never gets the column the code now reads.
 *
 * Semantic gate: many schema edits need no DDL (a bigint `mode`, a `$type<>()`, a comment, a
 * formatter pass). Unless the `literal` option is set, the rule fires only when `db:generate` at
 * the target would write something (the target's drift verdict), and shows that SQL. The target
 * decides, not the base's snapshot: a revert that removes a column together with the migration
 * that added it needs no new migration (migration-edited reports the removal), although the
 * base's snapshot still has the column.
 */
import { defineRule } from './types.js';
import { generateHint, gateWithoutKit, schemaSerializesSame } from '../messages.js';
import { markGateReported, questionsText, sqlDetails } from '../drift/describe.js';
import { recordDrift } from '../drift/summary.js';

export default defineRule({
  meta: {
    id: 'schema-without-migration',
    description: 'Schema files changed in a way that needs DDL, but the change set adds no migration.',
    defaultSeverity: 'error',
    category: 'schema',
    scope: 'project',
    options: (z) =>
      z.object({
        literal: z
          .boolean()
          .optional()
          .describe('Fire on any schema file change, without asking drizzle-kit whether it needs DDL.'),
      }),
  },
  async check(ctx) {
    if (!ctx.changeSet) return; // --all has no diff; drift covers the whole project.
    const changes = ctx.projectChanges();
    const schemaChanges = changes.schema;
    if (!schemaChanges.length) return;
    const { project } = ctx;
    const { isMigrationSqlPath } = await import('../project/migrations.js');
    const addsMigration = changes.migrations.some(
      (f) =>
        (f.status === 'A' ||
          f.status === 'C' ||
          (f.status === 'R' && !isMigrationSqlPath(f.oldPath ?? '', project.out))) &&
        isMigrationSqlPath(f.path, project.out),
    );
    if (addsMigration) return;
    const files = schemaChanges.map((f) => f.path);
    let details: string | undefined;
    if (ctx.options.literal !== true) {
      const drift = await import('../drift/index.js');
      let result;
      try {
        // The target's verdict decides (a revert needs no migration); the base only says whether the change introduced it.
        result = await drift.driftSide(ctx, 'target');
      } catch (error) {
        if (!(error instanceof drift.KitMissingError)) throw error;
        ctx.note(gateWithoutKit);
      }
      const verdict = result?.side.verdict;
      if (verdict?.status === 'same') {
        recordDrift(ctx, { status: 'same' });
        ctx.note(schemaSerializesSame(files));
        return;
      }
      if (verdict?.status === 'differs' || verdict?.status === 'ambiguous') {
        // Drift the base already owed is not this edit's missing migration: schema-drift reports
        // it as pre-existing (a comment edited in a project that main left drifted). A verdict
        // that could not be reached keeps the file-based rule.
        const { introducedBy } = await import('../drift/introduced.js');
        if ((await introducedBy(ctx, verdict)) === false) return;
      }
      if (verdict?.status === 'differs') {
        recordDrift(ctx, { status: 'differs', introduced: true, statements: verdict.statements });
        details = `db:generate would write:\n${sqlDetails(verdict.statements)}`;
      }
      if (verdict?.status === 'ambiguous') {
        details = `drizzle-kit will ask whether something was renamed (${questionsText(verdict.questions)}): run it in a terminal.`;
      }
      if (verdict?.status === 'unusable' || verdict?.status === 'refused') {
        details = `The drift check could not run: ${verdict.message}.`;
      }
    }
    const shown = files.slice(0, 5).join(', ') + (files.length > 5 ? ` and ${files.length - 5} more` : '');
    markGateReported(ctx);
    ctx.report({
      message: `Schema changed (${shown}) but no new migration was added under ${project.out}/.`,
      file: files[0],
      help: generateHint(project),
      ...(details ? { details } : {}),
    });
  },
});
