/**
 * Compose files: `services.<name>.command` and `entrypoint`, each a string or a list.
 *
 *   services:
 *     migrator:
 *       entrypoint: ["sh", "-c"]
 *       command: "npx drizzle-kit push"   ← entrypoint + command is what the container runs
 *
 * A list is an argv (no shell); a string is split into words. When an entrypoint is set, the
 * command is its arguments, so the two are judged together. A service's `<<: *common` brings in
 * the keys it lacks; an aliased command is reported on the anchored text's line.
 */
import type { Node } from 'yaml';
import { callsInArgv, callsInText, type PushCall, type ScriptResolver } from './command.js';
import { simpleCommands } from './shell.js';
import type { PushFinding } from './types.js';
import { entriesOf, FindingSet, getKey, loadYaml, mapOf, stringOf, wordsOf, type YamlFile } from './yaml.js';

function words(yaml: YamlFile, node: unknown): string[] | undefined {
  const list = wordsOf(yaml, node);
  if (list) return list;
  const text = stringOf(yaml, node);
  return text === undefined ? undefined : simpleCommands(text).flatMap((c) => c.words);
}

function callsOf(yaml: YamlFile, entrypoint: unknown, command: unknown, resolve?: ScriptResolver): PushCall[] {
  const entry = words(yaml, entrypoint);
  const text = stringOf(yaml, command);
  if (!entry) {
    if (text !== undefined) return callsInText(text, resolve);
    const argv = wordsOf(yaml, command);
    return argv ? callsInArgv(argv, resolve) : [];
  }
  // `entrypoint: sh -c` + `command: "a && b"`: the string is one argument of the shell.
  const args =
    text !== undefined && /^-\w*c$/.test(entry[entry.length - 1] ?? '') ? [text] : (words(yaml, command) ?? []);
  return callsInArgv([...entry, ...args], resolve);
}

export function checkCompose(file: string, text: string, resolve?: ScriptResolver): PushFinding[] {
  const yaml = loadYaml(file, text);
  const root = mapOf(yaml, yaml.doc.contents);
  const services = root && mapOf(yaml, getKey(yaml, root, 'services'));
  if (!services) return [];
  const found = new FindingSet();
  for (const [name, value] of entriesOf(yaml, services)) {
    const service = mapOf(yaml, value);
    if (!service) continue;
    // `<<: *common` brings in the shared keys; an anchored command is reported where it is written.
    const entrypoint = getKey(yaml, service, 'entrypoint');
    const command = getKey(yaml, service, 'command');
    const key = command !== undefined ? 'command' : 'entrypoint';
    const at = (command ?? entrypoint) as Node;
    callsOf(yaml, entrypoint, command, resolve).forEach((call, n) => {
      const finding: PushFinding = {
        surface: 'compose',
        file,
        line: yaml.lineAt(at.range?.[0] ?? 0),
        where: `Service "${name}" (${key})`,
        call,
      };
      found.add(at, n, finding, `service "${name}"`);
    });
  }
  return found.list();
}
