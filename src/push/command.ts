/**
 * Does a command reach `drizzle-kit push`? Follows runners (npx, pnpm exec, yarn dlx, bunx,
 * npm exec, cross-env, dotenv, sh -c ...) down to the command that really runs, and reports:
 *  - `push`: drizzle-kit's `push` (or the pre-0.21 `push:pg`, `push:postgresql` ... spellings);
 *  - `unsafe`: a package script named `*:unsafe` (or a make target / script file named `*unsafe`)
 *    run from somewhere else, which hides the scary name behind an innocent one.
 */
import { HANDLERS, INERT, isAssignment, type Step } from './runners.js';
import { simpleCommands } from './shell.js';
import { maskWord } from '../db/url.js';

export interface RunTarget {
  kind: 'script' | 'target' | 'file';
  name: string;
}

/** Reached through package scripts: `npm run db:sync` → script "db:sync" runs `drizzle-kit push`. */
export interface Via {
  /** The scripts followed, outermost first. */
  scripts: string[];
  /** The command found inside the last one (secrets masked). */
  command: string;
}

export type PushCall = (
  { kind: 'push'; /** `push`, `push:pg` ... */ subcommand: string } | { kind: 'unsafe'; target: RunTarget }
) & {
  /** The command as written (secrets masked). */
  command: string;
  via?: Via;
};

/**
 * Looks up a package script's command by name, so that a workflow running `npm run db:sync` is
 * judged by what db:sync runs. Undefined: no such script.
 */
export type ScriptResolver = (name: string) => string | undefined;

export type LocatedCall = PushCall & { /** 0-based line within the text */ line: number };

const MAX_DEPTH = 8;

/** Runners worth looking for inside the arguments of an unknown command (`docker compose run app npx ...`). */
const RUNNER_HEADS = new Set([
  'npx',
  'pnpx',
  'bunx',
  'pnpm',
  'yarn',
  'bun',
  'npm',
  'node',
  'sh',
  'bash',
  'cross-env',
  'dotenv',
]);

function basename(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

/** `drizzle-kit@0.31.4` → `drizzle-kit`; `@scope/pkg@1` → `@scope/pkg`. */
function withoutVersion(word: string): string {
  const at = word.lastIndexOf('@');
  return at > 0 && !word.slice(at).includes('/') ? word.slice(0, at) : word;
}

/** `drizzle-kit`, `drizzle-kit@latest`, `./node_modules/.bin/drizzle-kit`, `node_modules/drizzle-kit/bin.cjs`. */
export function isDrizzleKit(word: string): boolean {
  const bare = withoutVersion(word);
  return bare === 'drizzle-kit' || bare.endsWith('/drizzle-kit') || /(^|\/)drizzle-kit\/bin\.c?js$/.test(bare);
}

/** drizzle-kit's command: the first argument that is not an option. */
function drizzleSubcommand(args: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    if (word === '--config') i++;
    else if (!word.startsWith('-')) return word;
  }
  return undefined;
}

export function isPushSubcommand(sub: string): boolean {
  return sub === 'push' || sub.startsWith('push:');
}

/** A package script is "unsafe" by the guide's naming: `db:push:unsafe`. */
export function isUnsafeScriptName(name: string): boolean {
  return name.endsWith(':unsafe');
}

/** Make targets and script files: `db-push-unsafe`, `push_unsafe.sh`, `db:push:unsafe`. */
export function isUnsafeName(name: string): boolean {
  const base = basename(name).replace(/\.[a-z]+$/i, '');
  return /(^|[-_:.])unsafe$/i.test(base);
}

function isUnsafeTarget(target: RunTarget): boolean {
  return target.kind === 'script' ? isUnsafeScriptName(target.name) : isUnsafeName(target.name);
}

/** Words back into one line for messages: quoted only where a shell would need it. */
export function display(words: string[]): string {
  const quoted = words.map(maskWord).map((w) => (/^[\w@%+=:,./*-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`));
  const shown = quoted.join(' ');
  return shown.length > 120 ? `${shown.slice(0, 117)}...` : shown;
}

function follow(step: Step, shown: string, depth: number, resolve: ScriptResolver | undefined): PushCall[] {
  const calls: PushCall[] = [];
  for (const target of step.runs ?? []) {
    if (isUnsafeTarget(target)) {
      calls.push({ kind: 'unsafe', target, command: shown });
      continue;
    }
    const body = target.kind === 'script' ? resolve?.(target.name) : undefined;
    if (body === undefined) continue;
    for (const inner of textCalls(body, depth + 1, resolve)) {
      const via = {
        scripts: [target.name, ...(inner.via?.scripts ?? [])],
        command: inner.via?.command ?? inner.command,
      };
      calls.push({ ...inner, command: shown, via });
    }
  }
  for (const text of step.shell ?? []) {
    for (const inner of simpleCommands(text)) {
      calls.push(...classify(inner.words, depth + 1, display(inner.words), resolve));
    }
  }
  if (step.next) calls.push(...classify(step.next, depth + 1, shown, resolve));
  return calls;
}

function textCalls(text: string, depth: number, resolve: ScriptResolver | undefined): PushCall[] {
  return simpleCommands(text).flatMap((c) => classify(c.words, depth, display(c.words), resolve));
}

function classify(words: string[], depth: number, shown: string, resolve: ScriptResolver | undefined): PushCall[] {
  if (depth > MAX_DEPTH) return [];
  let i = 0;
  while (i < words.length && isAssignment(words[i]!)) i++;
  const command = words.slice(i);
  const head = command[0];
  if (!head) return [];
  const args = command.slice(1);
  if (isDrizzleKit(head)) {
    const sub = drizzleSubcommand(args);
    return sub && isPushSubcommand(sub) ? [{ kind: 'push', subcommand: sub, command: shown }] : [];
  }
  const name = basename(head);
  const handler = Object.hasOwn(HANDLERS, name) ? HANDLERS[name] : undefined;
  if (handler) {
    const step = handler(args);
    return step ? follow(step, shown, depth, resolve) : [];
  }
  if (head.includes('/') && isUnsafeName(head)) {
    return [{ kind: 'unsafe', target: { kind: 'file', name: head }, command: shown }];
  }
  if (INERT.has(name)) return [];
  for (let k = 1; k < command.length; k++) {
    const word = command[k]!;
    if (!isDrizzleKit(word) && !RUNNER_HEADS.has(basename(word))) continue;
    const found = classify(command.slice(k), depth + 1, shown, resolve);
    if (found.length) return found;
  }
  return [];
}

/** The push calls of one command given as words (a Dockerfile or compose exec form). */
export function callsInArgv(words: string[], resolve?: ScriptResolver): PushCall[] {
  const start = words.findIndex((w) => !isAssignment(w));
  return classify(words, 0, display(start === -1 ? words : words.slice(start)), resolve);
}

/** The push calls of a shell text, with the line each starts on. */
export function callsInText(text: string, resolve?: ScriptResolver): LocatedCall[] {
  const out: LocatedCall[] = [];
  for (const command of simpleCommands(text)) {
    for (const call of callsInArgv(command.words, resolve)) out.push({ ...call, line: command.line });
  }
  return out;
}
