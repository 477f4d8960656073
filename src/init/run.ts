/**
 * `nexiom-lint init`: plan every change (scripts, hook, lint-staged entry, workflow, compose),
 * then show it (`--dry-run`: a unified diff, nothing written) or apply it all or nothing, install
 * the hook's packages, activate husky, and say what changed and what is left to do.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Io } from '../cli/io.js';
import { EnvironmentError, errorMessage } from '../errors.js';
import { findRepo } from '../git/changeset.js';
import { gitRaw } from '../git/exec.js';
import { failed, howItEnded, runChild } from '../process/child.js';
import { Transaction } from './apply.js';
import { planCompose } from './compose.js';
import { recordFindings } from './findings-baseline.js';
import { BASELINE_FILE } from '../baseline/index.js';
import { createContext, type InitContext, type InitOptions } from './context.js';
import { unifiedDiff } from './diff.js';
import { planHookManager } from './hooks/index.js';
import { huskyActivation, huskyDir, planHusky, type HuskyActivation } from './husky.js';
import { install, installCommand, installedFiles, missingPackages } from './install.js';
import { planLintStaged } from './lint-staged.js';
import * as messages from './messages.js';
import { describe, execCommand, runScriptCommand } from '../project/package-manager.js';
import { Plan, type FileEdit } from './plan.js';
import { noteFailingPrepare } from './production-install.js';
import { planScripts } from './scripts.js';
import { selectProject, type Chooser } from './select-project.js';
import { planWorkflowUnlessPresent } from './workflow-present.js';

export interface Prompts {
  choose: Chooser | null;
  confirm: ((question: string) => Promise<boolean>) | null;
}

interface Pending {
  ctx: InitContext;
  plan: Plan;
  changes: FileEdit[];
  missing: string[];
  activation: HuskyActivation;
}

async function planAll(options: InitOptions, prompts: Prompts): Promise<Pending> {
  const repo = await findRepo(options.cwd);
  const { project, allConfigs } = await selectProject(repo.root, options.cwd, options.config, prompts.choose);
  const ctx = createContext(repo.root, project, allConfigs, options);
  const plan = new Plan(repo.root);
  planScripts(ctx, plan);
  noteFailingPrepare(ctx, plan);
  // Another hook manager owns git's hook: the check goes there, and husky stays out.
  const manager = await planHookManager(ctx, plan);
  if (!manager) {
    planHusky(ctx, plan);
    await planLintStaged(ctx, plan);
  }
  await planWorkflowUnlessPresent(ctx, plan);
  await planCompose(ctx, plan);
  const husky = await huskyActivation(ctx);
  // Another manager: core.hooksPath stays as it is, husky has nothing to activate.
  const activation = manager
    ? { ...husky, hooksPath: husky.current ?? '', current: husky.current ?? '', ready: true }
    : husky;
  if (
    activation.current &&
    activation.current !== activation.hooksPath &&
    !activation.current.startsWith(huskyDir(ctx))
  ) {
    plan.notices.push(messages.hooksPathOther(activation.current));
  }
  const missing = missingPackages(ctx, plan).filter((name) => !manager || name === 'nexiom-lint');
  return { ctx, plan, changes: plan.changes(), missing, activation };
}

function needsActivation(p: Pending): boolean {
  return !p.activation.ready;
}

function header(p: Pending): string {
  const where = p.ctx.packageDir ? `, package ${p.ctx.packageDir}` : '';
  return `nexiom-lint init: ${p.ctx.project.configFile} (${describe(p.ctx.pm)}${where})\n`;
}

function table(rows: Array<[string, string, string]>): string {
  const width = Math.max(...rows.map(([, f]) => f.length));
  return rows.map(([verb, file, what]) => `  ${verb.padEnd(8)} ${file.padEnd(width)}  ${what}`.trimEnd()).join('\n');
}

function changeRows(changes: FileEdit[]): Array<[string, string, string]> {
  return changes.map((c) => [c.before === null ? 'created' : 'updated', c.file, c.notes.join('; ')]);
}

function hasMigrations(ctx: InitContext): boolean {
  const out = path.join(ctx.repoRoot, ctx.project.out);
  if (!existsSync(out)) return false;
  return readdirSync(out, { recursive: true }).some((f) => String(f).endsWith('.sql'));
}

function nextSteps(p: Pending, installed: boolean, activated: boolean, cwd: string, baseline?: string): string[] {
  const { ctx, plan } = p;
  const steps: string[] = [];
  if (p.missing.length && !installed) {
    steps.push(`Install the hook's packages: \`${installCommand(ctx, p.missing).join(' ')}\``);
  }
  if (needsActivation(p) && !activated) {
    steps.push(
      `Activate the hook: \`${execCommand(ctx.pm, 'husky')}${ctx.installRoot ? ` ${huskyDir(ctx)}` : ''}\` ` +
        '(from now on the prepare script does it on every install).',
    );
  }
  steps.push(...plan.nextSteps);
  // The install changes the root package.json and the lockfile: they belong in the same commit.
  const changed = [
    ...new Set([
      ...p.changes.map((c) => c.file),
      ...(p.missing.length ? installedFiles(ctx) : []),
      ...(baseline ? [baseline] : []),
    ]),
  ];
  if (changed.length) {
    const files = changed.map((file) => path.relative(cwd, path.join(ctx.repoRoot, file)) || '.');
    steps.push(`Review and commit: \`git add -- ${files.join(' ')}\` and \`git commit\`.`);
  }
  if (!hasMigrations(ctx)) {
    steps.push(
      `No migration yet: run \`${runScriptCommand(ctx.pm, ctx.scripts.generate)}\` to write the first one from your schema.`,
    );
  }
  if (ctx.options.releaseStep) {
    steps.push(
      'Add the DATABASE_URL secret to the `production` environment of the repository (Settings → Environments).',
    );
  }
  steps.push(
    `If a database was built with db:push, mark its migrations as applied with \`${execCommand(ctx.pm, 'nexiom-lint')} db baseline\` before the first ${ctx.scripts.migrate} there.`,
  );
  return steps;
}

function printNotices(io: Io, plan: Plan): void {
  if (!plan.notices.length) return;
  io.stdout(`\nNotes:\n${plan.notices.map((n) => `  - ${n.replace(/\n/g, '\n    ')}`).join('\n')}\n`);
}

function printSteps(io: Io, steps: string[]): void {
  if (!steps.length) return;
  io.stdout(`\nNext steps:\n${steps.map((s, i) => `  ${i + 1}. ${s.replace(/\n/g, '\n     ')}`).join('\n')}\n`);
}

async function runHusky(p: Pending): Promise<void> {
  const { ctx, activation } = p;
  const args = ctx.installRoot ? [huskyDir(ctx)] : [];
  const output = await runChild([activation.bin!, ...args], { cwd: ctx.repoRoot }).then(
    (ended) => ({ failed: failed(ended), text: ended.output, how: howItEnded(ended) }),
    (error: Error) => ({ failed: true, text: error.message, how: error.message }),
  );
  const now = await gitRaw(['config', '--get', 'core.hooksPath'], ctx.repoRoot);
  // husky prints nothing and sets the path when it worked; it exits 0 with a reason when it skipped.
  if (output.failed || now.stdout.trim() !== activation.hooksPath) {
    throw new EnvironmentError(
      `husky did not activate the hook (${output.text.trim() || output.how}); init undid its changes. ` +
        `Run \`${execCommand(ctx.pm, 'husky')}\` in ${ctx.installRoot || 'the repository root'} to see why.`,
    );
  }
}

async function restoreHooksPath(p: Pending, hadInternalDir: boolean): Promise<void> {
  const { current } = p.activation;
  if (current === null) await gitRaw(['config', '--unset', 'core.hooksPath'], p.ctx.repoRoot);
  else await gitRaw(['config', 'core.hooksPath', current], p.ctx.repoRoot);
  if (!hadInternalDir) rmSync(path.join(p.ctx.repoRoot, p.activation.hooksPath), { recursive: true, force: true });
}

export async function runInit(options: InitOptions, io: Io, prompts: Prompts): Promise<number> {
  const p = await planAll(options, prompts);
  const { ctx, plan, changes } = p;
  io.stdout(header(p));
  const willInstall = p.missing.length > 0 && options.install;
  const canActivate = needsActivation(p) && (p.activation.bin !== null || willInstall);

  if (options.dryRun) {
    for (const change of changes) io.stdout(`\n${unifiedDiff(change.file, change.before, change.after)}`);
    const actions = [
      ...(willInstall ? [`run \`${installCommand(ctx, p.missing).join(' ')}\``] : []),
      ...(canActivate ? [`run husky (git config core.hooksPath ${p.activation.hooksPath})`] : []),
    ];
    if (actions.length) io.stdout(`\nWould also ${actions.join(' and ')}.\n`);
    if ((changes.length || actions.length) && options.baseline !== false && hasMigrations(ctx)) {
      if (!existsSync(path.join(ctx.repoRoot, BASELINE_FILE))) io.stdout(`${messages.dryRunBaseline}\n`);
    }
    printNotices(io, plan);
    io.stdout(
      `\n${changes.length || actions.length ? messages.dryRunFooter(changes.length) : messages.nothingToChange}\n`,
    );
    return 0;
  }

  if (!changes.length && !willInstall && !canActivate) {
    io.stdout(`\n${p.missing.length ? messages.nothingToChangeButInstall(p.missing) : messages.nothingToChange}\n`);
    printNotices(io, plan);
    const left = nextSteps(p, false, false, options.cwd).filter((s) => !/^Review and commit|db baseline/.test(s));
    printSteps(io, left);
    return 0;
  }

  if (prompts.confirm && !options.yes) {
    const rows = changeRows(changes);
    if (willInstall) rows.push(['run', installCommand(ctx, p.missing).join(' '), '']);
    if (canActivate) rows.push(['set', 'git config core.hooksPath', `${p.activation.hooksPath} (husky)`]);
    io.stdout(`\nPlanned:\n${table(rows)}\n`);
    if (!(await prompts.confirm('Apply these changes?'))) {
      io.stdout(`${messages.aborted}\n`);
      return 0;
    }
  }

  const tx = new Transaction(ctx.repoRoot);
  try {
    tx.apply(changes);
  } catch (error) {
    throw new EnvironmentError(messages.writeFailed(ctx.repoRoot, errorMessage(error)), { cause: error });
  }
  const hadInternalDir = existsSync(path.join(ctx.repoRoot, p.activation.hooksPath));
  let activated = false;
  let attempted = false;
  try {
    if (willInstall) {
      io.stderr(`Installing ${p.missing.join(', ')} with ${ctx.pm.name} ...\n`);
      await install(ctx, installCommand(ctx, p.missing), io.env);
    }
    const after = await huskyActivation(ctx);
    if (needsActivation(p) && after.bin) {
      attempted = true;
      await runHusky({ ...p, activation: after });
      activated = true;
    }
  } catch (error) {
    tx.rollback();
    if (attempted) await restoreHooksPath(p, hadInternalDir);
    throw error;
  }

  const rows = changeRows(changes);
  if (willInstall) rows.push(['added', 'devDependencies', p.missing.join(', ')]);
  if (activated) rows.push(['set', 'git config core.hooksPath', `${p.activation.hooksPath} (husky)`]);
  // A project with no migration yet has no past to accept: its first generate is the next step.
  const recorded = options.baseline === false || !hasMigrations(ctx) ? {} : await recordFindings(ctx, io.env);
  if (recorded.row) rows.push(recorded.row);
  io.stdout(`\nChanged:\n${table(rows)}\n`);
  printNotices(io, plan);
  const steps = nextSteps(p, willInstall, activated || !needsActivation(p), options.cwd, recorded.file);
  printSteps(io, recorded.step ? [...steps, recorded.step] : steps);
  return 0;
}
