/** Small helpers for writing GitHub-flavoured Markdown that survives any content. */

/** An inline code span that holds any text (backticks, pipes inside tables). */
export function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A table cell: no line breaks, pipes escaped (GitHub treats `\|` as a pipe even in code). */
export function cell(text: string): string {
  return text.replace(/\r?\n/g, '<br>').replace(/\|/g, '\\|');
}

/** Text inside HTML (`<summary>`, `<code>`). */
export function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * A finding's message or help in a Markdown paragraph. Messages mark commands and names with
 * backticks (`npm run db:generate`): those spans stay code; everything else is neutralised so it
 * cannot turn into markup, HTML or an @-mention. Code that itself holds backticks (a template
 * literal) is written between double backticks, as in CommonMark: ``sql`now()` ``.
 */
export function text(value: string): string {
  return value
    .split(/(``[^\n]+?``|`[^`\n]+`)/)
    .map((part, i) =>
      i % 2 === 1 ? part : part.replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`).replace(/@(?=[A-Za-z0-9])/g, '@\u200b'),
    )
    .join('');
}

/** A fenced code block that no line of the content can close early. */
export function fence(content: string, lang = ''): string {
  const longest = Math.max(2, ...[...content.matchAll(/^\s*(`{3,})/gm)].map((m) => m[1]!.length));
  const marks = '`'.repeat(longest + 1);
  return `${marks}${lang}\n${content.replace(/\s+$/, '')}\n${marks}`;
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
