/**
 * What config-worker.ts (the child that evaluates a drizzle config) and config-eval.ts (the
 * parent) say to each other: one IPC message with the answer, or, when the config ended the
 * process first, one line on stderr that starts with EXIT_MARK and carries the exit code.
 */
export const EXIT_MARK = '\u0000nexiom-lint-config-exit:';

export type ConfigAnswer =
  /** `json`: the config's data (functions dropped); `kind`: what the default export was. */
  | { ok: true; json: string; kind: string }
  /** `at`: file:line of the first frame in the user's code; `background`: an error its async work raised. */
  | { ok: false; message: string; code?: string; at?: string; background?: string };
