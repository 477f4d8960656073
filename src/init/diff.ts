/**
 * A small unified diff (the `diff -u` / `git diff` format) for `init --dry-run`:
 *
 *   --- a/package.json
 *   +++ b/package.json
 *   @@ -3,4 +3,5 @@
 *      "scripts": {
 *   -    "db:push": "drizzle-kit push"
 *   +    "db:push": "nexiom-lint guard push",
 *   +    "db:push:unsafe": "drizzle-kit push"
 *      },
 *
 * The files init touches are small (package.json, a hook, a compose file), so a plain LCS table
 * over the lines that differ (common head and tail trimmed first) is fast enough and keeps this
 * free of a dependency.
 */

export type Op = { kind: ' ' | '-' | '+'; line: string };

export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The line edits that turn `a` into `b` (a longest common subsequence). */
export function editScript(a: string[], b: string[]): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  // lcs[i][j] = length of the longest common subsequence of x[i..] and y[j..].
  const lcs = Array.from({ length: x.length + 1 }, () => new Uint32Array(y.length + 1));
  for (let i = x.length - 1; i >= 0; i--) {
    for (let j = y.length - 1; j >= 0; j--) {
      lcs[i]![j] = x[i] === y[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const ops: Op[] = a.slice(0, head).map((line) => ({ kind: ' ', line }));
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    if (i < x.length && j < y.length && x[i] === y[j]) {
      ops.push({ kind: ' ', line: x[i++]! });
      j++;
    } else if (j < y.length && (i === x.length || lcs[i]![j + 1]! > lcs[i + 1]![j]!)) {
      ops.push({ kind: '+', line: y[j++]! });
    } else {
      ops.push({ kind: '-', line: x[i++]! });
    }
  }
  // Deletions before insertions inside a changed block, as git prints them.
  for (let k = 1; k < ops.length; k++) {
    for (let m = k; m > 0 && ops[m]!.kind === '-' && ops[m - 1]!.kind === '+'; m--) {
      [ops[m - 1], ops[m]] = [ops[m]!, ops[m - 1]!];
    }
  }
  for (const line of a.slice(a.length - tail)) ops.push({ kind: ' ', line });
  return ops;
}

/** Unified diff of `before` → `after` for `file`; '' when they are equal. `null` = no such file. */
export function unifiedDiff(file: string, before: string | null, after: string | null, context = 3): string {
  if (before === after) return '';
  const a = splitLines(before ?? '');
  const b = splitLines(after ?? '');
  const ops = editScript(a, b);
  const hunks: string[] = [];
  let k = 0;
  while (k < ops.length) {
    if (ops[k]!.kind === ' ') {
      k++;
      continue;
    }
    // A hunk: from `context` lines before the first change to `context` lines after the last
    // change that is closer than 2 * context to the next one.
    const start = Math.max(0, k - context);
    let end = k;
    while (end < ops.length) {
      let next = end;
      while (next < ops.length && ops[next]!.kind !== ' ') next++;
      let gap = next;
      while (gap < ops.length && ops[gap]!.kind === ' ') gap++;
      if (gap < ops.length && gap - next <= 2 * context) end = gap;
      else {
        end = Math.min(ops.length, next + context);
        break;
      }
    }
    const oldStart = ops.slice(0, start).filter((o) => o.kind !== '+').length;
    const newStart = ops.slice(0, start).filter((o) => o.kind !== '-').length;
    const body = ops.slice(start, end);
    const oldLen = body.filter((o) => o.kind !== '+').length;
    const newLen = body.filter((o) => o.kind !== '-').length;
    const range = (s: number, n: number) => (n === 0 ? `${s},0` : n === 1 ? `${s + 1}` : `${s + 1},${n}`);
    hunks.push(`@@ -${range(oldStart, oldLen)} +${range(newStart, newLen)} @@`);
    for (const op of body) hunks.push(`${op.kind}${op.line}`);
    k = end;
  }
  const header = [
    before === null ? '--- /dev/null' : `--- a/${file}`,
    after === null ? '+++ /dev/null' : `+++ b/${file}`,
  ];
  return `${[...header, ...hunks].join('\n')}\n`;
}
