/**
 * package.json scripts. Every script whose name does not end in `:unsafe` is checked: it may not
 * run `drizzle-kit push`, nor run an `:unsafe` script (that would hide the scary name again).
 *
 * JSON.parse says whether the file is valid and gives the values; a small scanner over the text
 * gives the line of each key of the top-level "scripts" object, for the finding.
 */
import { ConfigError } from '../errors.js';
import { callsInText, isUnsafeScriptName } from './command.js';
import type { PushFinding } from './types.js';

export interface Script {
  name: string;
  command: string;
  /** 1-based line of the script's key. */
  line: number;
}

/** 1-based lines of the keys of the top-level `"scripts"` object (the last duplicate wins, as in JSON.parse). */
export function scriptKeyLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let line = 1;
  let depth = 0;
  let lastKey: string | null = null;
  let scriptsDepth = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') line++;
    else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const raw = text.slice(i, j + 1);
      i = j;
      let k = j + 1;
      while (k < text.length && /\s/.test(text[k]!)) k++;
      if (text[k] !== ':') continue;
      const key = JSON.parse(raw) as string;
      if (depth === 1) lastKey = key;
      if (scriptsDepth !== -1 && depth === scriptsDepth) lines.set(key, line);
    } else if (c === '{' || c === '[') {
      depth++;
      if (c === '{' && depth === 2 && lastKey === 'scripts') scriptsDepth = 2;
    } else if (c === '}' || c === ']') {
      if (depth === scriptsDepth) scriptsDepth = -1;
      depth--;
    } else if (c === ',' && depth === 1) lastKey = null;
  }
  return lines;
}

export function readScripts(file: string, text: string): Script[] {
  let pkg: unknown;
  try {
    pkg = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${file} is not valid JSON (${(error as Error).message}). Fix the file and run again.`, {
      cause: error,
    });
  }
  const scripts = (pkg as { scripts?: unknown } | null)?.scripts;
  if (!scripts || typeof scripts !== 'object' || Array.isArray(scripts)) return [];
  const lines = scriptKeyLines(text);
  return Object.entries(scripts as Record<string, unknown>)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    .map(([name, command]) => ({ name, command, line: lines.get(name) ?? 1 }));
}

export function checkPackageJson(file: string, text: string): PushFinding[] {
  const findings: PushFinding[] = [];
  for (const script of readScripts(file, text)) {
    if (isUnsafeScriptName(script.name)) continue;
    for (const call of callsInText(script.command)) {
      findings.push({
        surface: 'package-scripts',
        file,
        line: script.line,
        where: `Script "${script.name}"`,
        name: script.name,
        call,
      });
    }
  }
  return findings;
}
