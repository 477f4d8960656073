/**
 * What config-worker.ts (the child that evaluates a drizzle config) and config-eval.ts (the
 * parent) say to each other: one IPC message with the answer, or, when the config ended the
 * process first, one line on stderr that starts with EXIT_MARK and carries the exit code. A drift
 * worker that evaluates the config itself (drift/prestart.ts) answers in the same shape.
 */
export const EXIT_MARK = '\u0000nexiom-lint-config-exit:';

export type ConfigAnswer =
  /** `json`: the config's data (functions dropped); `kind`: what the default export was. */
  | { ok: true; json: string; kind: string }
  /** `at`: file:line of the first frame in the user's code; `background`: an error its async work raised. */
  | { ok: false; message: string; code?: string; at?: string; background?: string };

/** The answer for a config's evaluated default export. */
export function configAnswerOf(value: unknown): ConfigAnswer {
  const kind = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  return { ok: true, json: kind === 'object' ? toJson(value) : 'null', kind };
}

/** JSON of the config's data: functions and symbols dropped, a cycle cut, bigints as text. */
function toJson(value: unknown): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'bigint') return v.toString();
    if (typeof v === 'function' || typeof v === 'symbol') return undefined;
    if (v && typeof v === 'object') {
      if (seen.has(v)) return undefined;
      seen.add(v);
    }
    return v;
  });
}
