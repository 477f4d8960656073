/**
 * YAML edits that keep the user's file: the `yaml` library's Document API keeps comments and
 * key order, and whatever it would still reformat (comment spacing, flow collection padding,
 * quoting, a comment moved to its own line) is put back: the library's own rendering before and
 * after the edit is diffed line by line and only that difference is applied to the original text.
 */
import type { Document } from 'yaml';
import { editScript, splitLines } from './diff.js';

type YamlModule = typeof import('yaml');

interface Style {
  indent: number;
  indentSeq: boolean;
}

function detectStyle(text: string): Style {
  const lines = splitLines(text);
  let indent = 0;
  let indentSeq = true;
  let sawSeq = false;
  for (let i = 1; i < lines.length; i++) {
    const prev = /^(\s*)[^\s#-][^#]*:\s*$/.exec(lines[i - 1]!);
    const cur = /^(\s*)(-\s)?\S/.exec(lines[i]!);
    if (!prev || !cur) continue;
    const step = cur[1]!.length - prev[1]!.length;
    if (cur[2] && !sawSeq) {
      sawSeq = true;
      indentSeq = step > 0;
    } else if (!cur[2] && step > 0 && !indent) {
      indent = step;
    }
  }
  return { indent: indent || 2, indentSeq };
}

/**
 * Applies the edit `rendered before → rendered after` to the original text (see above). The lines
 * of the rendering are matched to the original's (a longest common subsequence); every deleted
 * line must match an original line and every insertion must sit next to one, else the library's
 * rendering is returned as it is.
 */
export function keepFormatting(original: string, before: string, after: string): string {
  const a = splitLines(original.replace(/\r\n/g, '\n'));
  const r = splitLines(before);
  // anchor[k]: the original line that rendered line k matches, or -1.
  const anchor = new Array<number>(r.length).fill(-1);
  let i = 0;
  let k = 0;
  for (const op of editScript(a, r)) {
    if (op.kind === ' ') anchor[k++] = i++;
    else if (op.kind === '-') i++;
    else k++;
  }
  const deleted = new Set<number>();
  const inserts = new Map<number, string[]>();
  k = 0;
  for (const op of editScript(r, splitLines(after))) {
    if (op.kind === ' ') k++;
    else if (op.kind === '-') {
      if (anchor[k]! < 0) return after;
      deleted.add(anchor[k++]!);
    } else {
      const at =
        k < r.length && anchor[k]! >= 0
          ? anchor[k]!
          : k > 0 && anchor[k - 1]! >= 0
            ? anchor[k - 1]! + 1
            : k === r.length
              ? a.length
              : -1;
      if (at < 0) return after;
      inserts.set(at, [...(inserts.get(at) ?? []), op.line]);
    }
  }
  const out: string[] = [];
  for (let j = 0; j <= a.length; j++) {
    out.push(...(inserts.get(j) ?? []));
    if (j < a.length && !deleted.has(j)) out.push(a[j]!);
  }
  const eol = original.includes('\r\n') ? '\r\n' : '\n';
  return out.join(eol) + (original.endsWith('\n') || original === '' ? eol : '');
}

export interface YamlEdit {
  YAML: YamlModule;
  doc: Document;
}

/**
 * Parses `text`, lets `edit` change the document (it returns false to change nothing) and returns
 * the new text, or null when nothing changed. Throws on a file the parser rejects.
 */
export async function editYaml(text: string, edit: (e: YamlEdit) => boolean): Promise<string | null> {
  const YAML = await import('yaml');
  const doc = YAML.parseDocument(text);
  if (doc.errors.length) throw new Error(doc.errors[0]!.message.split('\n')[0]);
  const options = { ...detectStyle(text), lineWidth: 0, flowCollectionPadding: false };
  const before = doc.toString(options);
  if (!edit({ YAML, doc })) return null;
  return keepFormatting(text, before, doc.toString(options));
}
