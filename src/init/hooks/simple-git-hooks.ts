/**
 * simple-git-hooks: its `pre-commit` command is one string (package.json `"simple-git-hooks"` or
 * `.simple-git-hooks.json`), which it copies into git's hook when it runs. nexiom-lint's check is
 * appended to it with `&&`, as one line of the same `sh` check husky's hook runs (hook-pattern.ts
 * `hookCheckLine`). git runs the hook from the repository root without node_modules/.bin on PATH,
 * hence the path to the binary (and a `cd` into the install root in a monorepo).
 *
 * A code config (`.simple-git-hooks.js` …) is not edited: the command to add is printed.
 */
import path from 'node:path';
import type { InitContext } from '../context.js';
import { HOOK_CHECK_LINE, hookCheckLine } from '../hook-pattern.js';
import { parseObject, setTopLevelKey } from '../json-edit.js';
import * as messages from '../messages.js';
import type { Plan } from '../plan.js';

export function simpleGitHooksCommand(ctx: InitContext, plan: Plan, file: string): string {
  const check = hookCheckLine(ctx, plan, { bin: 'node_modules/.bin/nexiom-lint', file });
  return ctx.installRoot ? `(cd ${ctx.installRoot} && ${check})` : check;
}

/** `current` with the check added, or upgraded in place; null when it runs nexiom-lint in a way init did not write. */
function withCheck(current: string | undefined, command: string): string | null {
  if (!current?.trim()) return command;
  if (HOOK_CHECK_LINE.test(current)) {
    return current.replace(/(\(cd \S+ && )?if \[ "\$\(git hash-object[\s\S]*?; fi\)?/, command);
  }
  if (current.includes('nexiom-lint')) return null;
  return `${current.trim()} && ${command}`;
}

export function planSimpleGitHooks(ctx: InitContext, plan: Plan, file: string): void {
  const command = simpleGitHooksCommand(ctx, plan, file);
  const text = plan.read(file)!;
  const isPackageJson = path.posix.basename(file) === 'package.json';
  const parsed = file.endsWith('.json') ? parseObject(text) : null;
  const config = (isPackageJson ? parsed?.['simple-git-hooks'] : parsed) as Record<string, unknown> | null | undefined;
  if (!config || typeof config !== 'object' || Array.isArray(config)) {
    plan.nextSteps.push(
      messages.hookManagerSnippet(file, `"pre-commit": ${JSON.stringify(command)}`, 'it is code, not data'),
    );
    return;
  }
  const current = config['pre-commit'];
  if (current !== undefined && typeof current !== 'string') return;
  const next = withCheck(current, command);
  if (next === null || next === current) return;
  const updated = { ...config, 'pre-commit': next };
  const content = isPackageJson
    ? setTopLevelKey(text, 'simple-git-hooks', updated)
    : setTopLevelKey(text, 'pre-commit', next);
  const upgraded = current !== undefined && HOOK_CHECK_LINE.test(current);
  plan.write(
    file,
    content,
    upgraded
      ? "the hook's file list updated"
      : 'pre-commit: runs nexiom-lint --staged when a staged file may concern it',
  );
}
