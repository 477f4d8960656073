/**
 * YAML with line numbers, for workflows, compose files and GitLab CI. A broken file is a
 * ConfigError.
 *
 * Every checker reads its file through the helpers below, so that anchors, aliases and merge keys
 * mean what they mean to the tool that runs the file:
 *
 *   .push: &push "npx drizzle-kit push"   ← an anchor: the command is written here
 *   deploy:
 *     <<: *defaults                       ← a merge key (YAML 1.1): the map's own keys win,
 *     script: [*push]                        then the merged maps', the first one first
 *
 * A value reached through an alias is the anchored node itself, so its line is where the text
 * really is. GitLab's `!reference [.job, script]` parses as a sequence tagged `!reference`.
 */
import {
  isAlias,
  isCollection,
  isMap,
  isNode,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  parseDocument,
  visit,
  type CollectionTag,
  type Document,
  type Node,
  type Scalar,
  type YAMLMap,
} from 'yaml';
import { ConfigError } from '../errors.js';
import type { PushFinding } from './types.js';

export interface YamlFile {
  doc: Document;
  /** 1-based line of an offset in the text. */
  lineAt(offset: number): number;
  /** What a node stands for: an alias's anchored node (aliases of aliases followed), else the node itself. */
  resolve(node: unknown): unknown;
}

/** GitLab CI's `!reference [.job, key]`: kept as the tagged sequence, resolved by the GitLab checker. */
const REFERENCE: CollectionTag = { tag: '!reference', collection: 'seq', resolve: (seq) => seq };

/** How deep merge keys, references and nested lists are followed: real files use two or three levels. */
export const MAX_DEPTH = 10;

function invalid(file: string, error: Error): ConfigError {
  const first = error.message.split('\n')[0]!.replace(/:$/, '');
  return new ConfigError(
    `${file} is not valid YAML: ${first}. Fix the file and run again (nexiom-lint reads it to find drizzle-kit push).`,
    { cause: error },
  );
}

/** Each alias's anchored node: the last node with that anchor before the alias, as YAML defines it. */
function anchorIndex(doc: Document): Map<Node, Node> {
  const anchors = new Map<string, Node>();
  const targets = new Map<Node, Node>();
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node)) {
        const target = anchors.get(node.source);
        if (target) targets.set(node, target);
      } else if (node.anchor) anchors.set(node.anchor, node);
    },
  });
  return targets;
}

function yamlFile(doc: Document, lineCounter: LineCounter): YamlFile {
  let targets: Map<Node, Node> | undefined;
  return {
    doc,
    lineAt: (offset) => lineCounter.linePos(offset).line,
    resolve(node) {
      for (let depth = 0; isAlias(node) && depth < MAX_DEPTH; depth++) {
        targets ??= anchorIndex(doc);
        node = targets.get(node);
      }
      return isAlias(node) ? undefined : node;
    },
  };
}

const OPTIONS = { merge: true, customTags: [REFERENCE] };

/** A file of one document (workflows, compose files). */
export function loadYaml(file: string, text: string): YamlFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { ...OPTIONS, lineCounter });
  const error = doc.errors[0];
  if (error) throw invalid(file, error);
  return yamlFile(doc, lineCounter);
}

/** Every document of the file (GitLab CI components put a `spec:` header before a `---`). */
export function loadYamlDocuments(file: string, text: string): YamlFile[] {
  const lineCounter = new LineCounter();
  const docs: Document[] = [...parseAllDocuments(text, { ...OPTIONS, lineCounter })];
  for (const doc of docs) {
    const error = doc.errors[0];
    if (error) throw invalid(file, error);
  }
  return docs.map((doc) => yamlFile(doc, lineCounter));
}

function isMergeKey(key: unknown): boolean {
  // With `merge: true` the parser gives a plain `<<` a symbol value; a quoted "<<" stays a string.
  return isScalar(key) && typeof key.value === 'symbol';
}

/** A key as text: `deploy`, `.template`, `123`. */
export function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

/** The map a node is (through an alias), or undefined. */
export function mapOf(yaml: YamlFile, node: unknown): YAMLMap | undefined {
  const resolved = yaml.resolve(node);
  return isMap(resolved) ? resolved : undefined;
}

/** The maps merged into `map` by its `<<` keys, in the order they take effect (the first wins). */
function mergedMaps(yaml: YamlFile, map: YAMLMap): YAMLMap[] {
  const out: YAMLMap[] = [];
  for (const pair of map.items) {
    if (!isMergeKey(pair.key)) continue;
    const value = yaml.resolve(pair.value);
    const sources = isSeq(value) ? value.items : [value];
    for (const source of sources) {
      const merged = mapOf(yaml, source);
      if (merged) out.push(merged);
    }
  }
  return out;
}

/**
 * A key's value in a map, with merge keys honoured (YAML 1.1: the map's own keys win, then the
 * merged maps in order, each with its own merges) and the value's alias resolved.
 */
export function getKey(yaml: YamlFile, map: YAMLMap, key: string, depth = 0): unknown {
  for (const pair of map.items) {
    if (!isMergeKey(pair.key) && keyText(pair.key) === key) return yaml.resolve(pair.value);
  }
  if (depth >= MAX_DEPTH) return undefined;
  for (const merged of mergedMaps(yaml, map)) {
    const value = getKey(yaml, merged, key, depth + 1);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** Every key of a map and its value, merged keys included (after the map's own), aliases resolved. */
export function entriesOf(yaml: YamlFile, map: YAMLMap, depth = 0): Array<[string, unknown]> {
  const out = new Map<string, unknown>();
  for (const pair of map.items) {
    const key = keyText(pair.key);
    if (!isMergeKey(pair.key) && !out.has(key)) out.set(key, yaml.resolve(pair.value));
  }
  if (depth < MAX_DEPTH) {
    for (const merged of mergedMaps(yaml, map)) {
      for (const [key, value] of entriesOf(yaml, merged, depth + 1)) if (!out.has(key)) out.set(key, value);
    }
  }
  return [...out];
}

/** A string scalar's value (through an alias), or undefined. */
export function stringOf(yaml: YamlFile, node: unknown): string | undefined {
  const resolved = yaml.resolve(node);
  return isScalar(resolved) && typeof resolved.value === 'string' ? resolved.value : undefined;
}

/** A sequence of scalars as words (items may be aliases), or undefined. */
export function wordsOf(yaml: YamlFile, node: unknown): string[] | undefined {
  const resolved = yaml.resolve(node);
  if (!isSeq(resolved)) return undefined;
  return resolved.items.map((item) => {
    const word = yaml.resolve(item);
    return isScalar(word) && word.value !== null ? String(word.value) : '';
  });
}

/** Is this a node at all (a YAML null value parses as a scalar; a missing key is undefined)? */
export function isPresent(node: unknown): node is Node {
  return isNode(node) && !(isScalar(node) && node.value === null);
}

/** A collection's tag, `!reference` for GitLab references. */
export function tagOf(node: unknown): string | undefined {
  return isCollection(node) || isScalar(node) ? node.tag : undefined;
}

/**
 * The source line of line `inner` (0-based) of a scalar's value. A literal block (`run: |`)
 * keeps one value line per source line, starting below the `|`; other styles fold lines, so the
 * scalar's first line is the best we can say.
 */
export function scalarLine(yaml: YamlFile, node: Node, inner: number): number {
  const start = yaml.lineAt(node.range?.[0] ?? 0);
  return (node as Scalar).type === 'BLOCK_LITERAL' ? start + 1 + inner : start;
}

/**
 * Findings reached from more than one place (an anchored step used by two jobs, a template
 * extended by three) are one finding at the line where the command is written, naming the first
 * place and counting the others: `Job "deploy" (script), also job "review"`.
 */
export class FindingSet {
  private readonly found = new Map<string, { finding: PushFinding; users: string[] }>();
  private readonly ids = new Map<Node, number>();

  /** `node` holds the text the call was found in; `index` is the call's position in that text; `user` names the place, e.g. `job "deploy"`. */
  add(node: Node, index: number, finding: PushFinding, user: string): void {
    let id = this.ids.get(node);
    if (id === undefined) this.ids.set(node, (id = this.ids.size));
    const { call } = finding;
    const key = `${id}:${index}:${call.kind}:${call.kind === 'api' ? call.name : call.command}`;
    const seen = this.found.get(key);
    if (!seen) this.found.set(key, { finding, users: [user] });
    else if (!seen.users.includes(user)) seen.users.push(user);
  }

  list(): PushFinding[] {
    return [...this.found.values()].map(({ finding, users }) => {
      const others = users.slice(1);
      if (!others.length) return finding;
      const shown = others.slice(0, 3).join(', ');
      const more = others.length > 3 ? ` and ${others.length - 3} more` : '';
      return { ...finding, where: `${finding.where}, also ${shown}${more}` };
    });
  }
}
