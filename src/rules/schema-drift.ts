/**
 * The guide's Layer 2: "fail the build when someone forgot db:generate", made exact. The schema
 * is serialized with the project's own drizzle-kit and compared with the snapshot `generate`
 * would diff against; when they differ, the finding shows the SQL the missing migration would
 * hold. A migration staged for an older version of the schema is caught the same way.
 */
import { defineRule } from './types.js';
import { gateReported, questionsText, sqlDetails } from '../drift/describe.js';
import { driftOnBranches, generateHint } from '../messages.js';

export default defineRule({
  meta: {
    id: 'schema-drift',
    description: 'The TypeScript schema differs from the latest snapshot: db:generate would write a migration.',
    defaultSeverity: 'error',
    category: 'schema',
    scope: 'project',
  },
  async check(ctx) {
    const { driftSide } = await import('../drift/index.js');
    const { verdict, snapshot } = (await driftSide(ctx, 'target')).side;
    if (verdict.status === 'same' || (await gateReported(ctx))) return;
    const { project } = ctx;
    if (snapshot && verdict.status !== 'unusable') {
      // A snapshot of parallel branches is not what the schema was generated on: the fix is
      // migration-conflict's (regenerate on top of the base), and `generate` now would be wrong.
      const [{ branchesOfSnapshot }, { fullParse }] = await Promise.all([
        import('../history/conflict.js'),
        import('../history/scope.js'),
      ]);
      const target = (await ctx.migrations('target'))!;
      const tags = await branchesOfSnapshot(target, project, snapshot, fullParse(ctx), ctx.repoRoot);
      if (tags.length) {
        ctx.note(driftOnBranches(project.configFile, snapshot, tags));
        return;
      }
    }
    const against = snapshot ?? `an empty ${project.out}/ folder`;
    const file = ctx.projectChanges().schema[0]?.path ?? snapshot ?? project.configFile;
    if (verdict.status === 'differs') {
      const n = verdict.statements.length;
      ctx.report({
        message: `The schema differs from ${against}: db:generate would write ${n} SQL statement${n === 1 ? '' : 's'} that no migration holds.`,
        file,
        help: generateHint(project),
        details: sqlDetails(verdict.statements),
      });
    } else if (verdict.status === 'ambiguous') {
      ctx.report({
        message: `The schema differs from ${against}, and drizzle-kit has to ask whether something was renamed: ${questionsText(verdict.questions)}.`,
        file,
        help: `Run \`${project.generateCommand}\` in a terminal and answer its question (without a terminal it cannot), then stage the migration.`,
      });
    } else if (verdict.status === 'refused') {
      ctx.report({ message: `drizzle-kit generate refuses to run on ${project.out}/: ${verdict.message}.`, file: verdict.files[0] ?? snapshot ?? project.configFile, help: 'Fix or remove the snapshots it names (migration-integrity and migration-conflict say more), then run nexiom-lint again.' });
    } else {
      ctx.report({
        message: `Could not check the schema against ${against}: ${verdict.message}.`,
        file: snapshot ?? project.configFile,
        severity: 'warning',
        help: 'Fix the migrations folder (the migration-integrity rule says more), then run nexiom-lint again.',
      });
    }
  },
});
