/**
 * Shell scripts (`*.sh`, `*.bash`, git hooks under `.husky/`, extension-less files in `bin/`,
 * `scripts/`, `tools/` ... that start with a shell shebang): every command, line by line.
 * A script named `*unsafe` (`scripts/db-push-unsafe.sh`, `bin/db-reset-unsafe`) is the file
 * spelling of `db:push:unsafe` and may push.
 */
import { callsInText, isUnsafeName, type ScriptResolver } from './command.js';
import { needsShebang } from './surfaces.js';
import type { PushFinding } from './types.js';

/** `#!/bin/sh`, `#!/usr/bin/env bash`, `#!/bin/bash -e`, `#! /usr/bin/env -S zsh -f`, dash, ksh, ash, mksh. */
const SHELL_SHEBANG = /^#![ \t]*(?:\S*\/)?(?:env[ \t]+(?:-\S+[ \t]+)*(?:\S*\/)?)?(?:ba|da|z|k|a|mk)?sh(?:[ \t]|$)/;

export function isShellShebang(firstLine: string): boolean {
  return SHELL_SHEBANG.test(firstLine);
}

export function checkShellScript(file: string, text: string, resolve?: ScriptResolver): PushFinding[] {
  if (isUnsafeName(file)) return [];
  // An extension-less file in bin/ or tools/ may be a binary, or a node or python script.
  if (needsShebang(file) && (!isShellShebang(text.slice(0, 200).split(/\r?\n/, 1)[0]!) || text.includes('\u0000'))) {
    return [];
  }
  return callsInText(text, resolve).map(({ line, ...call }) => ({
    surface: 'shell',
    file,
    line: line + 1,
    where: 'This script',
    call,
  }));
}
