/**
 * Shell scripts (`*.sh`, `*.bash`, git hooks under `.husky/`): every command, line by line.
 * A script named `*unsafe` (`scripts/db-push-unsafe.sh`) is the file spelling of
 * `db:push:unsafe` and may push.
 */
import { callsInText, isUnsafeName, type ScriptResolver } from './command.js';
import type { PushFinding } from './types.js';

export function checkShellScript(file: string, text: string, resolve?: ScriptResolver): PushFinding[] {
  if (isUnsafeName(file)) return [];
  return callsInText(text, resolve).map(({ line, ...call }) => ({ surface: 'shell', file, line: line + 1, where: 'This script', call }));
}
