/**
 * Dockerfiles: `RUN`, `CMD` and `ENTRYPOINT` (also behind `ONBUILD`).
 *
 * Format handled (the Dockerfile reference):
 *   # escape=`                          parser directive: the line-continuation character
 *   FROM node:20 AS migrate             stage name, used to name the finding
 *   RUN --mount=type=cache,target=/x \  flags, then a shell command; continuation lines join,
 *       npx drizzle-kit push            comment lines inside a continuation are dropped
 *   CMD ["npx", "drizzle-kit", "push"]  exec form: a JSON array is an argv (no shell)
 *   RUN <<EOF                           a here-document as the command: its body is the script
 *   npx drizzle-kit push
 *   EOF
 */
import { callsInArgv, callsInText, type PushCall, type ScriptResolver } from './command.js';
import type { PushFinding } from './types.js';

interface Instruction {
  keyword: string;
  /** Everything after the keyword, continuation lines joined. */
  args: string;
  /** 1-based line of the keyword. */
  line: number;
  heredocs: Array<{ body: string; line: number }>;
}

const HEREDOC = /<<-?\s*["']?([A-Za-z_][\w.-]*)["']?/g;

export function instructions(text: string): Instruction[] {
  const lines = text.split(/\r?\n/);
  const directive = /^#\s*escape\s*=\s*(\S)/i.exec(lines[0] ?? '');
  const escape = directive?.[1] ?? '\\';
  const out: Instruction[] = [];
  for (let i = 0; i < lines.length; i++) {
    const first = lines[i]!;
    if (!first.trim() || first.trim().startsWith('#')) continue;
    const start = i;
    let joined = first;
    while (joined.trimEnd().endsWith(escape) && i + 1 < lines.length) {
      joined = joined.trimEnd().slice(0, -1);
      i++;
      const next = lines[i]!;
      if (!next.trim() || next.trim().startsWith('#')) {
        joined += escape; // comments and blank lines inside a continuation are skipped
        continue;
      }
      joined += ` ${next}`;
    }
    const match = /^\s*(\S+)\s*([\s\S]*)$/.exec(joined);
    if (!match) continue;
    const heredocs: Instruction['heredocs'] = [];
    for (const doc of joined.matchAll(HEREDOC)) {
      const body: string[] = [];
      const bodyLine = i + 2;
      while (i + 1 < lines.length) {
        i++;
        if (lines[i]!.replace(/^\t+/, '') === doc[1]) break;
        body.push(lines[i]!);
      }
      heredocs.push({ body: body.join('\n'), line: bodyLine });
    }
    out.push({ keyword: match[1]!.toUpperCase(), args: match[2]!.trim(), line: start + 1, heredocs });
  }
  return out;
}

/** `["npx", "drizzle-kit", "push"]`, or undefined when not a JSON array of strings (then it is shell form). */
function execForm(args: string): string[] | undefined {
  if (!args.startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(args);
    return Array.isArray(parsed) && parsed.every((w) => typeof w === 'string') ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function callsOf(instruction: Instruction, resolve?: ScriptResolver): Array<{ call: PushCall; line: number }> {
  let args = instruction.args;
  if (instruction.keyword === 'RUN') args = args.replace(/^(--[\w-]+(=\S*)?\s+)+/, '');
  const argv = execForm(args);
  if (argv) return callsInArgv(argv, resolve).map((call) => ({ call, line: instruction.line }));
  // `RUN <<EOF` (the here-document is the command): the body is a shell script.
  if (/^<<-?\s*["']?[A-Za-z_]/.test(args) && instruction.heredocs[0]) {
    const doc = instruction.heredocs[0];
    return callsInText(doc.body, resolve).map(({ line, ...call }) => ({ call, line: doc.line + line }));
  }
  return callsInText(args, resolve).map((call) => ({ call, line: instruction.line }));
}

const CHECKED = new Set(['RUN', 'CMD', 'ENTRYPOINT']);

export function checkDockerfile(file: string, text: string, resolve?: ScriptResolver): PushFinding[] {
  const findings: PushFinding[] = [];
  let stage: string | null = null;
  for (const raw of instructions(text)) {
    const instruction = raw.keyword === 'ONBUILD' ? { ...raw, ...splitOnbuild(raw.args) } : raw;
    if (raw.keyword === 'FROM') stage = /\bAS\s+(\S+)/i.exec(raw.args)?.[1] ?? null;
    if (!CHECKED.has(instruction.keyword)) continue;
    const where = `${raw.keyword === 'ONBUILD' ? 'ONBUILD ' : ''}${instruction.keyword}${stage ? ` (stage ${stage})` : ''}`;
    for (const { call, line } of callsOf(instruction, resolve)) {
      findings.push({ surface: 'dockerfile', file, line, where, call });
    }
  }
  return findings;
}

function splitOnbuild(args: string): { keyword: string; args: string } {
  const match = /^(\S+)\s*([\s\S]*)$/.exec(args);
  return { keyword: (match?.[1] ?? '').toUpperCase(), args: match?.[2] ?? '' };
}
