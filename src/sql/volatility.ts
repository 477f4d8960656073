/**
 * Whether a column default is computed once or for every row. Since Postgres 11, `ADD COLUMN`
 * with a non-volatile default stores the value once in the catalog (no rewrite); a volatile one
 * (`gen_random_uuid()`, `random()`, `clock_timestamp()`, `nextval()`) is evaluated for every
 * existing row, rewriting the table under an ACCESS EXCLUSIVE lock. A function that is not a
 * Postgres built-in (an extension's `uuid_generate_v4()`, your own) counts as volatile: its
 * volatility cannot be known from the SQL, and guessing "safe" is the expensive mistake.
 */
import { readFile } from 'node:fs/promises';
// The type only: the list is read as data when needed (and the import makes the build copy it).
import type Builtins from './builtin-functions.json';
import { functionNames } from './ast.js';

export interface Volatility {
  /** The first function that makes `expr` volatile, or null when it is computed once. */
  volatileFunction(expr: unknown): string | null;
}

let loaded: Promise<Volatility> | null = null;

/**
 * The built-in function list (builtin-functions.json, generated from a real server) is ~40 KB:
 * read only when a rule meets a default with a call, once per run, into two sets.
 */
export function loadVolatility(): Promise<Volatility> {
  loaded ??= readFile(new URL('./builtin-functions.json', import.meta.url), 'utf8').then((text) => {
    const builtins = JSON.parse(text) as typeof Builtins;
    const volatile = new Set(builtins.volatile);
    const stable = new Set(builtins.nonVolatile);
    return {
      volatileFunction(expr) {
        for (const fn of functionNames(expr)) {
          const builtin = !fn.schema || fn.schema === 'pg_catalog';
          if (!builtin || volatile.has(fn.name) || !stable.has(fn.name)) {
            return fn.schema ? `${fn.schema}.${fn.name}` : fn.name;
          }
        }
        return null;
      },
    };
  });
  return loaded;
}
