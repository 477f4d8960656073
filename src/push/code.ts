/**
 * Project code that pushes programmatically: `pushSchema` (or `pushSQLiteSchema`,
 * `pushMySQLSchema`, `pushSingleStoreSchema`) from drizzle-kit's API, which applies the schema
 * to a live database exactly as `drizzle-kit push` does: `drizzle-kit/api` on the 0.x line;
 * `drizzle-kit/api-postgres` (and its MySQL and SQLite siblings) or `drizzle-kit/payload/*` on 1.0.
 *
 *   import { pushSchema } from 'drizzle-kit/api';
 *   const { pushSchema } = require('drizzle-kit/api');
 *   const kit = await import('drizzle-kit/api'); await kit.pushSchema(schema, db);
 *
 * A small tokenizer (comments, strings, template literals, regex literals) keeps the words in
 * comments and strings out: `// never call pushSchema` is not a call. A file is tokenized only
 * when its text mentions one of those modules at all.
 */
import type { PushFinding } from './types.js';

const MODULE = /^drizzle-kit\/(api(-postgres|-mysql|-sqlite)?|payload\/(postgres|mysql|sqlite|mssql))(\.c?js|\.mjs)?$/;
const PUSH_NAMES = new Set(['pushSchema', 'pushSQLiteSchema', 'pushMySQLSchema', 'pushSingleStoreSchema']);

export interface Token {
  kind: 'word' | 'string' | 'punct';
  value: string;
  /** 1-based. */
  line: number;
}

/** After these (or at the start), a `/` starts a regex literal, not a division. */
const REGEX_AFTER_WORDS = new Set([
  'return',
  'typeof',
  'case',
  'do',
  'else',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'yield',
  'await',
]);

export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  /** Open template literals: the brace depth at which each `${` was opened. */
  const templates: number[] = [];
  let braces = 0;

  const regexAllowed = () => {
    const prev = tokens[tokens.length - 1];
    if (!prev) return true;
    if (prev.kind === 'word') return REGEX_AFTER_WORDS.has(prev.value);
    if (prev.kind === 'string') return false;
    return !(prev.value === ')' || prev.value === ']' || prev.value === '}');
  };

  /** Reads template text from i (after a backtick or a closing `}`) to the next `${` or closing backtick. */
  const templateText = () => {
    const startLine = line;
    let text = '';
    while (i < src.length) {
      const c = src[i]!;
      if (c === '\\') {
        text += src.slice(i, i + 2);
        if (src[i + 1] === '\n') line++;
        i += 2;
        continue;
      }
      if (c === '`') {
        i++;
        break;
      }
      if (c === '$' && src[i + 1] === '{') {
        i += 2;
        templates.push(braces);
        braces++;
        break;
      }
      if (c === '\n') line++;
      text += c;
      i++;
    }
    tokens.push({ kind: 'string', value: text, line: startLine });
  };

  while (i < src.length) {
    const c = src[i]!;
    const next = src[i + 1];
    if (c === '\n') {
      line++;
      i++;
    } else if (/\s/.test(c)) i++;
    else if (c === '/' && next === '/') {
      const end = src.indexOf('\n', i);
      i = end === -1 ? src.length : end;
    } else if (c === '/' && next === '*') {
      const end = src.indexOf('*/', i + 2);
      const stop = end === -1 ? src.length : end + 2;
      for (let k = i; k < stop; k++) if (src[k] === '\n') line++;
      i = stop;
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      let value = '';
      // A quoted string cannot span lines: stopping at a newline limits the damage of JSX text.
      while (j < src.length && src[j] !== c && src[j] !== '\n') {
        if (src[j] === '\\') {
          value += src[j + 1] ?? '';
          j += 2;
        } else value += src[j++];
      }
      tokens.push({ kind: 'string', value, line });
      i = src[j] === c ? j + 1 : j;
    } else if (c === '`') {
      i++;
      templateText();
    } else if (c === '}' && templates.length && templates[templates.length - 1] === braces - 1) {
      templates.pop();
      braces--;
      i++;
      templateText();
    } else if (c === '/' && regexAllowed()) {
      let j = i + 1;
      let inClass = false;
      while (j < src.length && src[j] !== '\n' && (inClass || src[j] !== '/')) {
        if (src[j] === '\\') j++;
        else if (src[j] === '[') inClass = true;
        else if (src[j] === ']') inClass = false;
        j++;
      }
      i = j + 1;
      while (i < src.length && /[a-z]/i.test(src[i]!)) i++;
      tokens.push({ kind: 'punct', value: '/re/', line });
    } else if (/[A-Za-z_$]/.test(c)) {
      const word = /^[\w$]+/.exec(src.slice(i, i + 256))![0];
      tokens.push({ kind: 'word', value: word, line });
      i += word.length;
    } else if (/\d/.test(c)) {
      const num = /^[\w.]+/.exec(src.slice(i, i + 64))![0];
      tokens.push({ kind: 'word', value: num, line });
      i += num.length;
    } else {
      if (c === '{') braces++;
      else if (c === '}') braces--;
      tokens.push({ kind: 'punct', value: c, line });
      i++;
    }
  }
  return tokens;
}

/** The string token is a module specifier: `from '...'`, `import '...'`, `require('...')`, `import('...')`. */
function isSpecifier(tokens: Token[], index: number): boolean {
  const prev = tokens[index - 1];
  const before = tokens[index - 2];
  if (prev?.kind === 'word' && (prev.value === 'from' || prev.value === 'import')) return true;
  return prev?.value === '(' && before?.kind === 'word' && (before.value === 'require' || before.value === 'import');
}

export function checkCode(file: string, text: string): PushFinding[] {
  if (!text.includes('drizzle-kit/api') && !text.includes('drizzle-kit/payload')) return [];
  const tokens = tokenize(text);
  const module = tokens.find(
    (t, index) => t.kind === 'string' && MODULE.test(t.value) && isSpecifier(tokens, index),
  )?.value;
  if (!module) return [];
  const seen = new Set<string>();
  const findings: PushFinding[] = [];
  tokens.forEach((token, index) => {
    const named = token.kind === 'word' || (token.kind === 'string' && tokens[index - 1]?.value === '[');
    if (!named || !PUSH_NAMES.has(token.value) || seen.has(token.value)) return;
    seen.add(token.value);
    findings.push({
      surface: 'code',
      file,
      line: token.line,
      where: file,
      call: { kind: 'api', name: token.value, module },
    });
  });
  return findings;
}
