/**
 * Whether a column default is computed once or for every row. Since Postgres 11, `ADD COLUMN`
 * with a non-volatile default stores the value once in the catalog (no rewrite); a volatile one
 * (`gen_random_uuid()`, `random()`, `clock_timestamp()`, `nextval()`) is evaluated for every
 * existing row, rewriting the table under an ACCESS EXCLUSIVE lock. A function that is not a
 * Postgres built-in (an extension's `uuid_generate_v4()`, your own) counts as volatile: its
 * volatility cannot be known from the SQL, and guessing "safe" is the expensive mistake.
 */
import { functionNames } from './ast.js';

export interface Volatility {
  /** The first function that makes `expr` volatile, or null when it is computed once. */
  volatileFunction(expr: unknown): string | null;
}

let loaded: Promise<Volatility> | null = null;

/** The built-in function list is ~40 KB: loaded only when a rule meets a default with a call. */
export function loadVolatility(): Promise<Volatility> {
  loaded ??= import('./builtin-functions.js').then(({ VOLATILE_BUILTINS, NON_VOLATILE_BUILTINS }) => {
    const volatile = new Set(VOLATILE_BUILTINS.split(/\s+/).filter(Boolean));
    const stable = new Set(NON_VOLATILE_BUILTINS.split(/\s+/).filter(Boolean));
    return {
      volatileFunction(expr) {
        for (const fn of functionNames(expr)) {
          const builtin = !fn.schema || fn.schema === 'pg_catalog';
          if (!builtin || volatile.has(fn.name) || !stable.has(fn.name)) return fn.schema ? `${fn.schema}.${fn.name}` : fn.name;
        }
        return null;
      },
    };
  });
  return loaded;
}
