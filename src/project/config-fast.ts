/**
 * The common drizzle config without jiti: a file that is plain JavaScript once its import
 * declarations are taken out, that imports only drizzle-kit (whose `defineConfig` returns its
 * argument), dotenv or Node built-ins, and ends in one `export default`:
 *
 *   import { defineConfig } from 'drizzle-kit';
 *   export default defineConfig({ out: './migrations', schema: './src/db/schema.ts', ... });
 *
 * Loading jiti's TypeScript transform (Babel) costs about 0.4 s of CPU; such a file needs none.
 * It is rewritten in place (the same lines, so an error names the same line) into the CommonJS
 * that jiti's transform makes of it, and compiled as the body of a module wrapper. Every check
 * happens before anything runs: a file this does not recognise (TypeScript syntax, a relative
 * or aliased import, another package, `await`, `require`, a `<` that could be a type argument)
 * returns undefined and is loaded by jiti, as before; once it runs, its result or its error is
 * the config's.
 */
import { readFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

/** Packages whose entry is CommonJS and which require nothing that needs a transform. */
const PACKAGES = new Set(['drizzle-kit', 'dotenv', 'dotenv/config', 'dotenv/config.js']);

/** One import declaration at `lastIndex` (whitespace and comments before it already skipped). */
const IMPORT = /import(?:\s+(type\s+)?(?:([A-Za-z_$][\w$]*)|\{([^}]*)\})\s*from)?\s*(['"])([^'"\n\\]+)\4[ \t]*;?/y;
const SPACE = /(?:\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*/y;
const NAMED = /^(type\s+)?([A-Za-z_$][\w$]*)(?:\s+as\s+([A-Za-z_$][\w$]*))?$/;
const BUILTIN = new Set(builtinModules);

export interface FastResult {
  /** The default export. */
  value: unknown;
}

/**
 * Loads `file` when it has the shape above, or returns undefined without running any of it.
 * `aliases`: the tsconfig `paths` jiti would apply (a name they map is left to jiti).
 */
export function loadPlainConfig(file: string, aliases: Record<string, string> | undefined): FastResult | undefined {
  if (!/\.m?[jt]s$/.test(file)) return undefined;
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const code = rewrite(source, file, aliases);
  if (code === undefined) return undefined;
  let run: (...args: unknown[]) => void;
  try {
    run = vm.compileFunction(code, ['exports', 'require', 'module', '__filename', '__dirname'], {
      filename: file,
    }) as typeof run;
  } catch {
    return undefined; // not plain JavaScript: TypeScript syntax for jiti to strip
  }
  const module = { exports: {} as Record<string, unknown> };
  run.call(undefined, module.exports, createRequire(file), module, file, path.dirname(file));
  return { value: module.exports.default };
}

/** The CommonJS body, line for line, or undefined when the file is not of the plain shape. */
function rewrite(source: string, file: string, aliases: Record<string, string> | undefined): string | undefined {
  const require = createRequire(file);
  let at = source.startsWith('#!') ? source.indexOf('\n') + 1 || source.length : 0;
  let out = '"use strict";' + source.slice(0, at).replace(/[^\n]/g, '');
  let n = 0;
  for (;;) {
    SPACE.lastIndex = at;
    SPACE.exec(source);
    const start = SPACE.lastIndex;
    IMPORT.lastIndex = start;
    const m = IMPORT.exec(source);
    if (!m) break;
    const [text, typeOnly, def, named, , spec] = m;
    if (!allowed(spec!, require, aliases)) return undefined;
    let line: string | undefined;
    if (typeOnly) line = '';
    else if (def) line = `const ${def} = __interop(require(${JSON.stringify(spec)}));`;
    else if (named !== undefined) line = namedImport(named, spec!, n++);
    else line = `require(${JSON.stringify(spec)});`;
    if (line === undefined) return undefined;
    out += source.slice(at, start) + line + text.replace(/[^\n]/g, '');
    at = start + text.length;
  }
  const body = source.slice(at);
  // Anything that could mean something else to TypeScript, or that needs jiti's loader.
  if (/<|\bimport\b|\brequire\b|\bmodule\b|\bexports\b|\bawait\b|\b__interop\b|\b__import\d+\b/.test(body)) {
    return undefined;
  }
  const exports = body.match(/\bexport\b/g) ?? [];
  const lines = body.split('\n');
  const index = lines.findIndex((l) => /^export default\s/.test(l));
  if (exports.length !== 1 || index < 0) return undefined;
  lines[index] = lines[index]!.replace(/^export default/, 'exports.default =');
  const interop = 'function __interop(m) { return m && m.__esModule ? m.default : m; }';
  return `${out}${lines.join('\n')}\n${interop}\n`;
}

/** `{ a, b as c, type T }` as one require, the names taken from it; undefined for another form. */
function namedImport(list: string, spec: string, n: number): string | undefined {
  const bindings: string[] = [];
  for (const item of list.split(',').map((s) => s.trim())) {
    if (!item) continue;
    const m = NAMED.exec(item.replace(/\s+/g, ' '));
    if (!m) return undefined;
    if (m[1]) continue; // an inline type import
    if (m[2] === 'default') return undefined;
    bindings.push(m[3] ? `${m[3]} = __import${n}.${m[2]}` : `${m[2]} = __import${n}.${m[2]}`);
  }
  const load = `const __import${n} = require(${JSON.stringify(spec)});`;
  return bindings.length ? `${load} const ${bindings.join(', ')};` : load;
}

/** A built-in, or a listed package that resolves to CommonJS and no tsconfig alias maps. */
function allowed(spec: string, require: NodeJS.Require, aliases: Record<string, string> | undefined): boolean {
  if (spec.startsWith('node:') || BUILTIN.has(spec)) return !aliases || !aliasMaps(spec, aliases);
  if (!PACKAGES.has(spec) || (aliases && aliasMaps(spec, aliases))) return false;
  try {
    return /\.c?js$/.test(require.resolve(spec));
  } catch {
    return false; // not installed: jiti reports it, as before
  }
}

function aliasMaps(spec: string, aliases: Record<string, string>): boolean {
  return Object.keys(aliases).some((key) => {
    const prefix = key.replace(/\/$/, '');
    return spec === prefix || spec.startsWith(`${prefix}/`) || (key.endsWith('/') && spec.startsWith(key));
  });
}
