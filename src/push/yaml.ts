/** YAML with line numbers, for workflows and compose files. A broken file is a ConfigError. */
import { isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Scalar } from 'yaml';
import { ConfigError } from '../errors.js';

export interface YamlFile {
  doc: Document;
  /** 1-based line of an offset in the text. */
  lineAt(offset: number): number;
}

export function loadYaml(file: string, text: string): YamlFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const error = doc.errors[0];
  if (error) {
    const first = error.message.split('\n')[0]!.replace(/:$/, '');
    throw new ConfigError(
      `${file} is not valid YAML: ${first}. Fix the file and run again (nexiom-lint reads it to find drizzle-kit push).`,
      { cause: error },
    );
  }
  return { doc, lineAt: (offset) => lineCounter.linePos(offset).line };
}

/** A string scalar's value, or undefined. */
export function stringOf(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

/** A sequence of string scalars as words, or undefined. */
export function wordsOf(node: unknown): string[] | undefined {
  if (!isSeq(node)) return undefined;
  return node.items.map((item) => (isScalar(item) ? String(item.value) : ''));
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
