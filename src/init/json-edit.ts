/**
 * Text-preserving edits of a JSON object file (package.json, .lintstagedrc.json): only the value
 * of one top-level key is rewritten, so every other byte (key order, indentation, inline arrays,
 * CRLF line ends, the final newline) stays as the user or their formatter wrote it.
 *
 * JSON.stringify of the whole file would do for most package.json files (npm and prettier write
 * that style), but not for hand-formatted ones, and a diff that touches lines the user never
 * asked about is the fastest way to lose their trust.
 */

export interface JsonStyle {
  /** One level of indentation: two spaces, four spaces, a tab ... */
  indent: string;
  eol: '\n' | '\r\n';
}

/** The file's indentation (the first indented line's) and line ending. */
export function detectStyle(text: string): JsonStyle {
  // A one-line file stays on one line.
  if (!text.trim().includes('\n')) return { indent: '', eol: '\n' };
  const indent = /^([ \t]+)\S/m.exec(text)?.[1] ?? '  ';
  return { indent, eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

interface KeySpan {
  key: string;
  /** Offset of the key's opening quote. */
  keyStart: number;
  /** The value's first and one-past-last offsets. */
  valueStart: number;
  valueEnd: number;
}

const WS = /\s/;

/** One past the end of the JSON value starting at `i` (the text is known to be valid JSON). */
function skipValue(text: string, i: number): number {
  const ch = text[i];
  if (ch === '"') {
    let j = i + 1;
    while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
    return j + 1;
  }
  if (ch === '{' || ch === '[') {
    let depth = 0;
    let j = i;
    while (j < text.length) {
      const c = text[j]!;
      if (c === '"') {
        j = skipValue(text, j);
        continue;
      }
      if (c === '{' || c === '[') depth++;
      if (c === '}' || c === ']') depth--;
      j++;
      if (depth === 0) return j;
    }
    return j;
  }
  let j = i;
  while (j < text.length && !/[\s,}\]]/.test(text[j]!)) j++;
  return j;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && WS.test(text[i]!)) i++;
  return i;
}

/** The top-level keys of a JSON object text with their value spans, and the braces' offsets. */
function topLevelSpans(text: string): { spans: KeySpan[]; open: number; close: number } {
  const spans: KeySpan[] = [];
  const open = skipSpace(text, text.charCodeAt(0) === 0xfeff ? 1 : 0);
  if (text[open] !== '{') return { spans, open: -1, close: -1 };
  let i = skipSpace(text, open + 1);
  while (text[i] === '"') {
    const keyEnd = skipValue(text, i);
    const key = JSON.parse(text.slice(i, keyEnd)) as string;
    const valueStart = skipSpace(text, skipSpace(text, keyEnd) + 1);
    const valueEnd = skipValue(text, valueStart);
    spans.push({ key, keyStart: i, valueStart, valueEnd });
    i = skipSpace(text, valueEnd);
    if (text[i] === ',') i = skipSpace(text, i + 1);
  }
  return { spans, open, close: text[i] === '}' ? i : -1 };
}

/** `value` as JSON, nested one level deep in a file of this style. */
function serialize(value: unknown, style: JsonStyle, level: number): string {
  if (!style.indent) return JSON.stringify(value);
  const pad = style.indent.repeat(level);
  return JSON.stringify(value, null, style.indent)
    .split('\n')
    .join(style.eol + pad);
}

/**
 * Sets a top-level key of a JSON object text, in place when it exists (its position kept), else
 * appended as the last key. The text must parse as a JSON object (the caller parsed it already).
 */
export function setTopLevelKey(text: string, key: string, value: unknown): string {
  const style = detectStyle(text);
  const { spans, open, close } = topLevelSpans(text);
  if (open < 0 || close < 0) throw new Error('not a JSON object');
  const existing = spans.find((s) => s.key === key);
  const rendered = serialize(value, style, 1);
  if (existing) return text.slice(0, existing.valueStart) + rendered + text.slice(existing.valueEnd);
  const compact = !style.indent;
  const entry = compact ? `${JSON.stringify(key)}:${rendered}` : `${style.indent}${JSON.stringify(key)}: ${rendered}`;
  const br = compact ? '' : style.eol;
  if (!spans.length) return `${text.slice(0, open + 1)}${br}${entry}${br}${text.slice(close)}`;
  const last = spans[spans.length - 1]!;
  return `${text.slice(0, last.valueEnd)},${br}${entry}${text.slice(last.valueEnd)}`;
}

/** Parses a JSON object file; null when it is not valid JSON or not an object. */
export function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
