/**
 * Shell text → simple commands, each with the line it starts on.
 *
 * A script body (a package.json script, a workflow `run:` block, a Dockerfile RUN, a Makefile
 * recipe, a `.sh` file) is read in two passes:
 *  1. A quote-aware scanner cuts the text into logical lines: a newline ends a command unless it
 *     is escaped (`\`), inside quotes or inside `$( )`. `#` at the start of a word starts a
 *     comment. Here-document bodies (`cat <<EOF` ... `EOF`) are data, not commands: they are kept
 *     apart (a Dockerfile's `RUN <<EOF` runs its body; everything else ignores them). Command
 *     substitutions (`$( )`, backticks; not inside single quotes) are lifted out and read as
 *     commands of their own, because `x="$(drizzle-kit push)"` runs it.
 *  2. shell-quote splits each logical line into words and operators; the words are cut into
 *     simple commands at `&&`, `||`, `;`, `|`, `&` and parentheses (sub-shells), and
 *     redirections are dropped with their targets.
 *
 * Quoted text stays one word, so `echo "never run drizzle-kit push"` is `echo` with one argument.
 */
import { parse, type ParseEntry } from 'shell-quote';

export interface SimpleCommand {
  words: string[];
  /** 0-based line in the text where the command's logical line starts. */
  line: number;
}

export interface HereDoc {
  /** The words of the command that opened it (`RUN <<EOF` gives `[]`: the body is the command). */
  opener: string[];
  body: string;
  /** 0-based line of the body's first line. */
  line: number;
}

interface LogicalLine {
  text: string;
  line: number;
  /** Command substitutions found in the line, already scanned. */
  subs: LogicalLine[];
}

/** Stands for a lifted command substitution inside the outer line. */
const SUBST = '__nexiom_subst__';

const SEPARATORS = new Set(['&&', '||', ';', ';;', '|', '|&', '&', '(', ')']);
const REDIRECTS = new Set(['>', '>>', '<', '>&', '<&', '&>', '&>>', '<<', '<<-', '<<<', '<(', '>(', '>|']);

class Scanner {
  private i = 0;
  private line = 0;
  readonly heredocs: HereDoc[] = [];
  constructor(private readonly src: string) {}

  lines(): LogicalLine[] {
    const out: LogicalLine[] = [];
    while (this.i < this.src.length) {
      const logical = this.read('\n');
      if (logical.text.trim() || logical.subs.length) out.push(logical);
    }
    return out;
  }

  /** Reads up to `stop` (a top-level newline, the `)` closing `$(`, or a closing backtick). */
  private read(stop: '\n' | ')' | '`'): LogicalLine {
    const start = this.line;
    const subs: LogicalLine[] = [];
    const pending: Array<{ delimiter: string; strip: boolean; opener: string }> = [];
    let text = '';
    let depth = 0;
    const src = this.src;
    while (this.i < src.length) {
      const c = src[this.i]!;
      const next = src[this.i + 1];
      if (c === '\\') {
        if (next === '\n') {
          this.i += 2;
          this.line++;
        } else {
          text += c + (next ?? '');
          this.i += 2;
        }
        continue;
      }
      if (c === "'") {
        const end = src.indexOf("'", this.i + 1);
        const stopAt = end === -1 ? src.length : end + 1;
        const quoted = src.slice(this.i, stopAt);
        this.line += countNewlines(quoted);
        text += quoted;
        this.i = stopAt;
        continue;
      }
      if (c === '"') {
        text += this.readDouble(subs);
        continue;
      }
      if (c === '`') {
        if (stop === '`') {
          this.i++;
          return { text, line: start, subs };
        }
        this.i++;
        subs.push(this.read('`'));
        text += SUBST;
        continue;
      }
      if (c === '$' && next === '(') {
        this.i += 2;
        subs.push(this.read(')'));
        text += SUBST;
        continue;
      }
      if (stop === ')' && c === '(') depth++;
      if (stop === ')' && c === ')') {
        if (depth === 0) {
          this.i++;
          return { text, line: start, subs };
        }
        depth--;
      }
      if (c === '#' && (text === '' || /[\s;&|()]$/.test(text))) {
        const end = src.indexOf('\n', this.i);
        this.i = end === -1 ? src.length : end;
        continue;
      }
      if (c === '<' && next === '<' && src[this.i + 2] !== '<') {
        const heredoc = /^<<(-?)[ \t]*(?:'([^'\n]*)'|"([^"\n]*)"|\\?([^\s;&|<>()]+))/.exec(src.slice(this.i));
        if (heredoc) {
          const delimiter = heredoc[2] ?? heredoc[3] ?? heredoc[4] ?? '';
          pending.push({ delimiter, strip: heredoc[1] === '-', opener: text });
          text += heredoc[0];
          this.i += heredoc[0].length;
          continue;
        }
      }
      if (c === '\n') {
        this.i++;
        this.line++;
        if (stop === '\n') {
          for (const doc of pending) this.readHereDoc(doc.delimiter, doc.strip, doc.opener);
          return { text, line: start, subs };
        }
        // Inside `$( )` a newline separates commands.
        text += ' ; ';
        continue;
      }
      text += c;
      this.i++;
    }
    return { text, line: start, subs };
  }

  /** A double-quoted string: `\` escapes, and `$( )` / backticks still run. */
  private readDouble(subs: LogicalLine[]): string {
    const src = this.src;
    let text = '"';
    this.i++;
    while (this.i < src.length) {
      const c = src[this.i]!;
      if (c === '\\') {
        text += c + (src[this.i + 1] ?? '');
        if (src[this.i + 1] === '\n') this.line++;
        this.i += 2;
        continue;
      }
      if (c === '"') {
        this.i++;
        return `${text}"`;
      }
      if (c === '`') {
        this.i++;
        subs.push(this.read('`'));
        text += SUBST;
        continue;
      }
      if (c === '$' && src[this.i + 1] === '(') {
        this.i += 2;
        subs.push(this.read(')'));
        text += SUBST;
        continue;
      }
      if (c === '\n') this.line++;
      text += c;
      this.i++;
    }
    return `${text}"`;
  }

  private readHereDoc(delimiter: string, strip: boolean, opener: string): void {
    const bodyLine = this.line;
    const body: string[] = [];
    while (this.i < this.src.length) {
      const end = this.src.indexOf('\n', this.i);
      const raw = this.src.slice(this.i, end === -1 ? this.src.length : end);
      this.i = end === -1 ? this.src.length : end + 1;
      this.line++;
      const candidate = strip ? raw.replace(/^\t+/, '') : raw;
      if (candidate === delimiter) break;
      body.push(raw);
    }
    this.heredocs.push({ opener: lastCommand(opener), body: body.join('\n'), line: bodyLine });
  }
}

function countNewlines(text: string): number {
  let n = 0;
  for (const ch of text) if (ch === '\n') n++;
  return n;
}

/** shell-quote's entries → plain words; `$VAR` stays as written (we never know its value). */
function entries(text: string): ParseEntry[] {
  try {
    return parse(text, (key) => `$${key}`) as ParseEntry[];
  } catch {
    // Text the shell itself would reject (`${}`, an unbalanced `${`): its words, split on blanks,
    // are still what a reader sees; a push written there is reported, nothing is lost.
    return text.split(/[ \t]+/).filter(Boolean);
  }
}

/** The words of the last simple command in `text` (the one a here-document belongs to). */
function lastCommand(text: string): string[] {
  return splitCommands(entries(text)).pop() ?? [];
}

function splitCommands(parsed: ParseEntry[]): string[][] {
  const commands: string[][] = [];
  let current: string[] = [];
  let skipNext = false;
  for (const entry of parsed) {
    if (typeof entry === 'string') {
      if (skipNext) skipNext = false;
      else current.push(entry);
      continue;
    }
    if ('comment' in entry) continue;
    if (entry.op === 'glob') {
      if (skipNext) skipNext = false;
      else current.push((entry as { pattern: string }).pattern);
      continue;
    }
    if (SEPARATORS.has(entry.op)) {
      if (current.length) commands.push(current);
      current = [];
      continue;
    }
    if (REDIRECTS.has(entry.op)) {
      // `2>&1` arrives as "2", ">&", "1": drop the fd number before the operator too.
      if (/^\d+$/.test(current[current.length - 1] ?? '')) current.pop();
      skipNext = true;
    }
  }
  if (current.length) commands.push(current);
  return commands;
}

function flatten(lines: LogicalLine[], offset: number, out: SimpleCommand[]): void {
  for (const logical of lines) {
    const line = offset + logical.line;
    for (const words of splitCommands(entries(logical.text))) {
      const clean = words.filter((w) => w !== SUBST);
      if (clean.length) out.push({ words: clean, line });
    }
    flatten(logical.subs, offset, out);
  }
}

export interface ShellText {
  commands: SimpleCommand[];
  heredocs: HereDoc[];
}

/** Every simple command of a shell text (command substitutions included), in order. */
export function readShell(text: string): ShellText {
  const scanner = new Scanner(text);
  const lines = scanner.lines();
  const commands: SimpleCommand[] = [];
  flatten(lines, 0, commands);
  commands.sort((a, b) => a.line - b.line);
  return { commands, heredocs: scanner.heredocs };
}

export function simpleCommands(text: string): SimpleCommand[] {
  return readShell(text).commands;
}
