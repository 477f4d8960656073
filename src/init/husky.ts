/**
 * The pre-commit layer: husky (v9) runs `.husky/pre-commit`, which runs `nexiom-lint --staged`
 * when a staged file may concern it, decided in `sh` by one `git diff --cached` before any Node
 * starts (hook-pattern.ts `hookCheck`): a commit of a README costs a few milliseconds more than
 * the bare hook. Where lint-staged already runs on every commit (the hook runs it, or a
 * lint-staged config exists), nexiom-lint rides along in lint-staged's config instead
 * (lint-staged.ts): it starts no process more than the user's own tasks do.
 *
 * husky 9 hooks are plain shell scripts run with `sh -e` from the repository root, with
 * `node_modules/.bin` on PATH: no shebang, no `npx` (it costs ~300 ms a commit). husky activates
 * itself by setting `git config core.hooksPath <dir>/_`; the `prepare` script (`husky`) does that
 * on every install, so clones get the hook too.
 *
 * When the JavaScript project is not at the git root (`app/` in a repository with other
 * languages), the hooks live in `app/.husky`, `prepare` is `cd .. && husky app/.husky`, and the
 * hook changes into `app/` first (husky's own recipe for that layout).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { gitRaw } from '../git/exec.js';
import { join, relative, type InitContext } from './context.js';
import { hookCheck, replaceHookCheck } from './hook-pattern.js';
import { setTopLevelKey } from './json-edit.js';
import { findLintStagedConfig } from './lint-staged.js';
import * as messages from './messages.js';
import type { Plan } from './plan.js';
import { tolerateProductionInstalls } from './production-install.js';
import { readPackageJson } from './scripts.js';

export function huskyDir(ctx: InitContext): string {
  return join(ctx.installRoot, '.husky');
}

/** A line of shell that runs lint-staged or nexiom-lint (comments do not count). */
const RUNS_LINT = /^[^#]*\b(lint-staged|nexiom-lint)\b/m;

function hookFile(ctx: InitContext): string {
  return join(huskyDir(ctx), 'pre-commit');
}

function hookLines(ctx: InitContext, plan: Plan, viaLintStaged: boolean): string[] {
  return [
    ...(ctx.installRoot ? [`cd ${ctx.installRoot}`] : []),
    ...(viaLintStaged ? ['lint-staged'] : hookCheck(ctx, plan)),
  ];
}

function planHook(ctx: InitContext, plan: Plan): void {
  const file = hookFile(ctx);
  const current = plan.read(file);
  // lint-staged configured but not run by any hook yet: the hook runs it, and nexiom-lint with it.
  const viaLintStaged = findLintStagedConfig(ctx, plan) !== null;
  if (current === null) {
    plan.write(
      file,
      `${hookLines(ctx, plan, viaLintStaged).join('\n')}\n`,
      viaLintStaged ? 'runs lint-staged' : 'runs nexiom-lint --staged when a staged file may concern it',
      0o755,
    );
    return;
  }
  // Written by an earlier init: the current list of files.
  const replaced = replaceHookCheck(current, hookCheck(ctx, plan));
  if (replaced !== null) {
    if (replaced !== current) plan.write(file, replaced, "the hook's file list updated");
    return;
  }
  if (RUNS_LINT.test(current)) {
    if (/^[^#]*\bnpx\s+(--no(-install)?\s+)?lint-staged\b/m.test(current)) plan.notices.push(messages.npxInHook(file));
    return;
  }
  // Extend, never clobber. A hook that ends in `exit`/`exec` would never reach an appended line:
  // insert before that last line instead.
  const lines = current.replace(/\s+$/, '').split('\n');
  const last = lines[lines.length - 1] ?? '';
  const at = /^\s*(exit|exec)\b/.test(last) ? lines.length - 1 : lines.length;
  lines.splice(at, 0, ...hookLines(ctx, plan, viaLintStaged));
  plan.write(
    file,
    `${lines.join('\n')}\n`,
    viaLintStaged ? 'lint-staged added to the hook' : 'nexiom-lint --staged added to the hook',
  );
}

function prepareCommand(ctx: InitContext): string {
  if (!ctx.installRoot) return 'husky';
  return `cd ${relative(ctx.installRoot, '')} && husky ${huskyDir(ctx)}`;
}

function planPrepare(ctx: InitContext, plan: Plan): void {
  const file = join(ctx.installRoot, 'package.json');
  const { text, pkg } = readPackageJson(plan, file);
  const scripts = { ...((pkg.scripts as Record<string, string> | undefined) ?? {}) };
  const prepare = scripts.prepare;
  if (prepare !== undefined && /\bhusky\b/.test(prepare)) return;
  const command = tolerateProductionInstalls(ctx, plan, prepareCommand(ctx));
  scripts.prepare = prepare ? `${prepare} && ${command.includes('||') ? `(${command})` : command}` : command;
  plan.write(
    file,
    setTopLevelKey(text, 'scripts', scripts),
    prepare ? 'prepare: runs husky too' : `prepare: ${command}`,
  );
}

export function planHusky(ctx: InitContext, plan: Plan): void {
  planHook(ctx, plan);
  planPrepare(ctx, plan);
}

export interface HuskyActivation {
  /** The core.hooksPath husky sets. */
  hooksPath: string;
  current: string | null;
  /** The installed husky binary, if any. */
  bin: string | null;
  /**
   * core.hooksPath is husky's and husky's wrappers are there. A clone, or `git clean -x`, has the
   * setting (kept in .git/config) without the ignored `_` folder: git then finds no hook and runs none.
   */
  ready: boolean;
}

export async function huskyActivation(ctx: InitContext): Promise<HuskyActivation> {
  const result = await gitRaw(['config', '--get', 'core.hooksPath'], ctx.repoRoot);
  const current = result.code === 0 ? result.stdout.trim() : null;
  const bin = path.join(ctx.repoRoot, ctx.installRoot, 'node_modules', '.bin', 'husky');
  const hooksPath = `${huskyDir(ctx)}/_`;
  const ready = current === hooksPath && existsSync(path.join(ctx.repoRoot, hooksPath, 'pre-commit'));
  return { hooksPath, current, bin: existsSync(bin) ? bin : null, ready };
}
