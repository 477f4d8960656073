/**
 * init in a project with a past: the findings it already has (SQL of migrations applied long ago,
 * drift that is already there) are recorded in the findings baseline, so that db:check is green
 * from day one and only new problems fail. The same full check `nexiom-lint baseline` runs; when it
 * cannot run here (dependencies not installed, no database tooling), init says how to do it later.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BASELINE_FILE, baselineOf, serializeBaseline } from '../baseline/index.js';
import { errorMessage } from '../errors.js';
import { execCommand } from '../project/package-manager.js';
import type { InitContext } from './context.js';

export interface BaselineOutcome {
  /** A row of the "Changed" table. */
  row?: [string, string, string];
  /** The file written, repository-relative, for the "git add" step. */
  file?: string;
  /** A next step, when the check could not run. */
  step?: string;
}

export async function recordFindings(ctx: InitContext, env: NodeJS.ProcessEnv): Promise<BaselineOutcome> {
  const target = path.join(ctx.repoRoot, BASELINE_FILE);
  if (existsSync(target)) return {}; // The team's own: `nexiom-lint baseline` rewrites it when they ask.
  const later = `\`${execCommand(ctx.pm, 'nexiom-lint')} baseline\``;
  let findings;
  try {
    const { lint } = await import('../engine/run.js');
    ({ findings } = await lint({ cwd: ctx.repoRoot, mode: 'all', env }));
  } catch (error) {
    return {
      step:
        `Record the findings the project already has, so that db:check fails only on new ones: ${later} ` +
        `(init could not run the check: ${errorMessage(error).split('\n')[0]}).`,
    };
  }
  if (!findings.length) return {};
  const baseline = baselineOf(findings);
  await writeFile(target, serializeBaseline(baseline));
  const errors = findings.filter((f) => f.severity === 'error').length;
  const total = findings.length;
  return {
    file: BASELINE_FILE,
    row: [
      'created',
      BASELINE_FILE,
      `${total} finding${total === 1 ? '' : 's'} the project already has (${errors} error${errors === 1 ? '' : 's'}): ` +
        `db:check reports only new ones (${later} shrinks it as they are fixed)`,
    ],
  };
}
