/**
 * The guide's Layer 2: "fail the build when someone forgot db:generate", made exact. The schema
 * is serialized with the project's own drizzle-kit and compared with the snapshot `generate`
 * would diff against; when they differ, the finding shows the SQL the missing migration would
 * hold. A migration staged for an older version of the schema is caught the same way.
 *
 * In --base and the default mode every project is checked, touched or not: drift main already
 * has (someone merged a schema change without its migration) is a warning on a change that does
 * not touch the project, and an error on one that does. Drift the change did not introduce is
 * marked as pre-existing and points at the schema, not at the newest migration.
 */
import { defineRule, type Report, type RuleContext } from './types.js';
import { gateReported, questionsText, sqlDetails } from '../drift/describe.js';
import { recordDrift, touchesProject, type DriftSummary } from '../drift/summary.js';
import type { DriftSide } from '../drift/index.js';
import type { Verdict } from '../drift/protocol.js';
import { driftOnBranches, generateHint } from '../messages.js';

export default defineRule({
  meta: {
    id: 'schema-drift',
    description: 'The TypeScript schema differs from the latest snapshot: db:generate would write a migration.',
    defaultSeverity: 'error',
    category: 'schema',
    scope: 'project',
    untouchedProjects: true,
  },
  async check(ctx) {
    const drift = await verdictOf(ctx);
    if (!drift) return;
    const { verdict, snapshot } = drift;
    if (verdict.status === 'same') {
      recordDrift(ctx, { status: 'same' });
      return;
    }
    const { introducedBy } = await import('../drift/introduced.js');
    const introduced = await introducedBy(ctx, verdict);
    const { project } = ctx;
    if (snapshot && verdict.status !== 'unusable') {
      // A snapshot of parallel branches is not what the schema was generated on: the fix is
      // migration-conflict's (regenerate on top of the base), and `generate` now would refuse.
      const [{ branchesOfSnapshot }, { fullParse }] = await Promise.all([
        import('../history/conflict.js'),
        import('../history/scope.js'),
      ]);
      const target = (await ctx.migrations('target'))!;
      const tags = await branchesOfSnapshot(target, project, snapshot, fullParse(ctx), ctx.repoRoot);
      if (tags.length) {
        recordDrift(ctx, { status: 'refused', ...(introduced !== undefined ? { introduced } : {}) });
        ctx.note(driftOnBranches(project.configFile, snapshot, tags));
        return;
      }
    }
    recordDrift(ctx, summaryOf(verdict, introduced));
    if (await gateReported(ctx)) return;
    const report = findingOf(ctx, verdict, snapshot);
    if (introduced !== false) {
      ctx.report(report);
      return;
    }
    const { originOf } = await import('../drift/blame.js');
    const origin = await originOf(ctx);
    const since = origin.commit ? ` (the schema was last changed there in ${origin.commit})` : '';
    const untouched = !touchesProject(ctx);
    ctx.report({
      ...report,
      message: `${report.message} Pre-existing: the base already has this drift${since}${untouched ? ', and this change does not touch the project' : ''}.`,
      file: origin.file ?? report.file,
      preExisting: true,
      ...(untouched ? { severity: 'warning' as const } : {}),
    });
  },
});

/**
 * The drift result, or null when an untouched project cannot be judged: its schema not loading
 * (or no drizzle-kit installed for it) must not fail a change that does not touch it.
 */
async function verdictOf(ctx: RuleContext): Promise<DriftSide | null> {
  const { driftSide, KitMissingError } = await import('../drift/index.js');
  try {
    return (await driftSide(ctx, 'target')).side;
  } catch (error) {
    if (touchesProject(ctx)) throw error;
    const { ConfigError } = await import('../errors.js');
    if (error instanceof KitMissingError) {
      ctx.note(
        `schema-drift did not check ${ctx.project.configFile} (not touched by this change): ${(error as Error).message}`,
      );
      return null;
    }
    if (!(error instanceof ConfigError)) throw error;
    recordDrift(ctx, { status: 'unusable', introduced: false });
    ctx.report({
      message: `Could not check ${ctx.project.configFile} for drift (this change does not touch it): ${error.message}`,
      file: ctx.project.configFile,
      severity: 'warning',
      preExisting: true,
    });
    return null;
  }
}

function summaryOf(verdict: Verdict, introduced: boolean | undefined): DriftSummary {
  const intro = introduced !== undefined ? { introduced } : {};
  switch (verdict.status) {
    case 'differs':
      return { status: 'differs', ...intro, statements: verdict.statements };
    case 'ambiguous':
      return { status: 'ambiguous', ...intro };
    // The schema loaded: what could not be used is the migrations folder, which generate refuses.
    case 'unusable':
    case 'refused':
      return { status: 'refused', ...intro };
    default:
      return { status: 'same' };
  }
}

function findingOf(
  ctx: RuleContext,
  verdict: Exclude<Verdict, { status: 'same' }>,
  snapshot: string | undefined,
): Report {
  const { project } = ctx;
  const against = snapshot ?? `an empty ${project.out}/ folder`;
  const file = ctx.projectChanges().schema[0]?.path ?? snapshot ?? project.configFile;
  if (verdict.status === 'differs') {
    const n = verdict.statements.length;
    return {
      message: `The schema differs from ${against}: db:generate would write ${n} SQL statement${n === 1 ? '' : 's'} that no migration holds.`,
      file,
      help: generateHint(project),
      details: sqlDetails(verdict.statements),
    };
  }
  if (verdict.status === 'ambiguous') {
    return {
      message: `The schema differs from ${against}, and drizzle-kit has to ask whether something was renamed: ${questionsText(verdict.questions)}.`,
      file,
      help: `Run \`${project.generateCommand}\` in a terminal and answer its question (without a terminal it cannot), then stage the migration.`,
    };
  }
  if (verdict.status === 'refused') {
    return {
      message: `drizzle-kit generate refuses to run on ${project.out}/: ${verdict.message}.`,
      file: verdict.files[0] ?? snapshot ?? project.configFile,
      help: 'Fix or remove the snapshots it names (migration-integrity and migration-conflict say more), then run nexiom-lint again.',
    };
  }
  return {
    message: `Could not check the schema against ${against}: ${verdict.message}.`,
    file: snapshot ?? project.configFile,
    severity: 'warning',
    help: 'Fix the migrations folder (the migration-integrity rule says more), then run nexiom-lint again.',
  };
}
