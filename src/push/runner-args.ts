/**
 * What a runner handler receives and returns (runners.ts), and the argument reading they share.
 */

/** What a command hands on to. Any field may be set; several may be (pnpm X is a script or a bin). */
export interface Step {
  /** Words run as a command of their own. */
  next?: string[];
  /** Shell texts run by a shell (`sh -c`, `concurrently "a" "b"`). */
  shell?: string[];
  /** Things run by name: package scripts, make targets, script files. */
  runs?: Array<{ kind: 'script' | 'target' | 'file'; name: string }>;
}

export type Handler = (args: string[]) => Step | null;

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

export function isAssignment(word: string): boolean {
  return ASSIGNMENT.test(word);
}

/**
 * Index of the first positional argument: skips options (and the value of those in `valued`
 * given as a separate word) and a `--` end-of-options marker.
 */
export function firstPositional(args: string[], valued: ReadonlySet<string> = new Set(), from = 0): number {
  let i = from;
  while (i < args.length) {
    const word = args[i]!;
    if (word === '--') return i + 1;
    if (!word.startsWith('-') || word === '-') return i;
    i += valued.has(word) ? 2 : 1;
  }
  return i;
}

export const set = (...words: string[]) => new Set(words);
