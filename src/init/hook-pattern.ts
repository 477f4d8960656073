/**
 * The lint-staged pattern that starts `nexiom-lint --staged`. What counts as a schema change is
 * the schema's import graph (constants in a shared package, a file beside the schema folder, a
 * tsconfig alias), which no fixed list of paths can name, so the hook starts for every staged
 * source file and tsconfig, and for the project's migrations, config and package.json. A commit
 * of code the schema does not import costs little: the commit path answers it from the cached
 * graph (cli/staged-source.ts); a README-only commit does not start nexiom-lint at all.
 *
 * Earlier versions of init listed only the config's `schema` paths; `legacyPatternFor` rebuilds
 * that pattern so that running init again can upgrade it in place.
 */
import { statSync } from 'node:fs';
import { join, relative, type InitContext } from './context.js';
import type { Plan } from './plan.js';

const SOURCE = '{ts,tsx,mts,cts,js,jsx,mjs,cjs}';
/**
 * Relative to the folder lint-staged matches from. Both forms are needed: inside a brace list,
 * picomatch's `**\/` does not match files at the top level.
 */
const SOURCE_PATTERNS = [`*.${SOURCE}`, `**/*.${SOURCE}`, 'tsconfig*.json', '**/tsconfig*.json'];

const GLOB = /[*?[\]{}()!]/;

function isDir(plan: Plan, file: string): boolean {
  try {
    return statSync(plan.abs(file)).isDirectory();
  } catch {
    return !/\.[a-z]+$/i.test(file);
  }
}

function brace(paths: string[]): string {
  const unique = [...new Set(paths)];
  return unique.length === 1 ? unique[0]! : `{${unique.join(',')}}`;
}

/** The files whose staging should run nexiom-lint, as one lint-staged pattern relative to `base`. */
export function patternFor(ctx: InitContext, plan: Plan, base: string): string {
  const project = [`${ctx.project.out}/**`, ctx.project.configFile, join(ctx.packageDir, 'package.json')].map((p) => relative(base, p));
  return brace([...SOURCE_PATTERNS, ...project]);
}

/** The pattern init wrote before it covered the import graph: the schema paths only. */
export function legacyPatternFor(ctx: InitContext, plan: Plan, base: string): string {
  const paths = [
    ...ctx.project.schema.filter((s) => !s.startsWith('!')).map((s) => (GLOB.test(s) ? s : isDir(plan, s) ? `${s}/**` : s)),
    `${ctx.project.out}/**`,
    ctx.project.configFile,
    join(ctx.packageDir, 'package.json'),
  ].map((p) => relative(base, p));
  return brace(paths);
}

const quoteLike = (quote: string, text: string) =>
  quote === "'" && !text.includes("'") ? `'${text}'` : JSON.stringify(text);

/**
 * `text` with the key `from` renamed to `to`, whether quoted (JSON, code, YAML) or plain (YAML),
 * or null unless it occurs exactly once.
 */
export function renameKey(text: string, from: string, to: string): string | null {
  for (const quoted of [JSON.stringify(from), `'${from}'`]) {
    const at = text.indexOf(`${quoted}`);
    if (at < 0 || text.indexOf(quoted, at + 1) >= 0) continue;
    return `${text.slice(0, at)}${quoteLike(quoted[0]!, to)}${text.slice(at + quoted.length)}`;
  }
  const plain = new RegExp(`^([ \\t]*)${from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(?=\\s)`, 'gm');
  const matches = [...text.matchAll(plain)];
  if (matches.length !== 1) return null;
  return text.replace(plain, (_, indent: string) => `${indent}${JSON.stringify(to)}:`);
}
