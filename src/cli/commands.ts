/**
 * The CLI's commands and what each is for: read by the dispatcher (main.ts) and by `--help`
 * (lint.ts). Data only, so that the help text can list the commands without loading any of them.
 */
import type { Io } from './io.js';

export type Command = (argv: string[], io: Io) => Promise<number>;

export const COMMANDS = {
  lint: { summary: 'Check the change set (the default command).' },
  init: { summary: 'Set up hooks, scripts, CI and compose in an existing Drizzle project.' },
  guard: { summary: 'guard push: refuse drizzle-kit push, or allow --unsafe only on a local database.' },
  'rebase-migrations': { summary: "Generate this branch's migrations again on top of the base (--dry-run first)." },
  baseline: { summary: "Record today's findings in nexiom-lint-baseline.json; later runs report only new ones." },
  db: { summary: 'Database: `db status`, `db baseline` (see nexiom-lint db --help).' },
} satisfies Record<string, { summary: string }>;

export type CommandName = keyof typeof COMMANDS;

export function isCommand(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}
