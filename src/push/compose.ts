/**
 * Compose files: `services.<name>.command` and `entrypoint`, each a string or a list.
 *
 *   services:
 *     migrator:
 *       entrypoint: ["sh", "-c"]
 *       command: "npx drizzle-kit push"   ← entrypoint + command is what the container runs
 *
 * A list is an argv (no shell); a string is split into words. When an entrypoint is set, the
 * command is its arguments, so the two are judged together.
 */
import { isMap } from 'yaml';
import { callsInArgv, callsInText, type PushCall, type ScriptResolver } from './command.js';
import { simpleCommands } from './shell.js';
import type { PushFinding } from './types.js';
import { loadYaml, stringOf, wordsOf } from './yaml.js';

function words(node: unknown): string[] | undefined {
  const list = wordsOf(node);
  if (list) return list;
  const text = stringOf(node);
  return text === undefined ? undefined : simpleCommands(text).flatMap((c) => c.words);
}

function callsOf(entrypoint: unknown, command: unknown, resolve?: ScriptResolver): PushCall[] {
  const entry = words(entrypoint);
  if (!entry) {
    const text = stringOf(command);
    if (text !== undefined) return callsInText(text, resolve);
    const argv = wordsOf(command);
    return argv ? callsInArgv(argv, resolve) : [];
  }
  // `entrypoint: sh -c` + `command: "a && b"`: the string is one argument of the shell.
  const text = stringOf(command);
  const args = text !== undefined && /^-\w*c$/.test(entry[entry.length - 1] ?? '') ? [text] : (words(command) ?? []);
  return callsInArgv([...entry, ...args], resolve);
}

export function checkCompose(file: string, text: string, resolve?: ScriptResolver): PushFinding[] {
  const yaml = loadYaml(file, text);
  const root = yaml.doc.contents;
  if (!isMap(root)) return [];
  const services = root.get('services', true);
  if (!isMap(services)) return [];
  const findings: PushFinding[] = [];
  for (const pair of services.items) {
    const service = pair.value;
    if (!isMap(service)) continue;
    const name = String((pair.key as { value?: unknown })?.value ?? pair.key);
    const entrypoint = service.get('entrypoint', true);
    const command = service.get('command', true);
    const at = (command ?? entrypoint) as { range?: [number, number, number] } | undefined;
    const key = command ? 'command' : 'entrypoint';
    for (const call of callsOf(entrypoint, command, resolve)) {
      findings.push({ surface: 'compose', file, line: yaml.lineAt(at?.range?.[0] ?? 0), where: `Service "${name}" (${key})`, call });
    }
  }
  return findings;
}
