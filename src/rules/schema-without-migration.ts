/**
 * The guide's Layer 3 made automatic: "Any PR that changes src/schema MUST include a corresponding
 * .sql file in drizzle/". A schema change that reaches main without its migration means
 * production never gets the column the code now reads.
 */
import { defineRule } from './types.js';
import { isMigrationSqlPath } from '../project/migrations.js';
import { generateHint } from '../messages.js';

export default defineRule({
  meta: {
    id: 'schema-without-migration',
    description: 'Schema files changed, but the change set adds no migration.',
    defaultSeverity: 'error',
    category: 'schema',
    scope: 'project',
  },
  async check(ctx) {
    if (!ctx.changeSet) return; // --all has no diff; drift covers the whole project.
    const changes = ctx.projectChanges();
    const schemaChanges = changes.schema;
    if (!schemaChanges.length) return;
    const { project } = ctx;
    const addsMigration = changes.migrations.some(
      (f) => (f.status === 'A' || f.status === 'C' || (f.status === 'R' && !isMigrationSqlPath(f.oldPath ?? '', project.out))) &&
        isMigrationSqlPath(f.path, project.out),
    );
    if (addsMigration) return;
    const files = schemaChanges.map((f) => f.path);
    const shown = files.slice(0, 5).join(', ') + (files.length > 5 ? ` and ${files.length - 5} more` : '');
    ctx.report({
      message: `Schema changed (${shown}) but no new migration was added under ${project.out}/.`,
      file: files[0],
      help: generateHint(project),
    });
  },
});
