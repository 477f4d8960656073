/** Statement options given as `DefElem` lists: `REINDEX (CONCURRENTLY) ...`, `VACUUM (FULL) ...`. */
import type { Node } from 'libpg-query';
import { body } from './parse.js';

/** True when the option is present and not switched off (`(FULL false)`). */
export function hasOption(options: Node[] | undefined, name: string): boolean {
  return (options ?? []).some((o) => {
    const def = body(o, 'DefElem');
    if (def?.defname !== name) return false;
    const arg = def.arg as
      { Boolean?: { boolval?: boolean }; String?: { sval?: string }; Integer?: { ival?: number } } | undefined;
    if (!arg) return true;
    if (arg.Boolean) return arg.Boolean.boolval === true;
    if (arg.String) return !['false', 'off', '0'].includes(String(arg.String.sval).toLowerCase());
    if (arg.Integer) return arg.Integer.ival !== 0;
    return true;
  });
}
