/**
 * What counts as a schema change is the schema's import graph, not a folder: schema modules import
 * enums, constants, default values and custom types from elsewhere, and a barrel `index.ts` named in
 * the config re-exports the real table files. This follows the relative imports of the schema files
 * statically (no TypeScript loader: it must stay cheap enough for the commit path) and returns
 * every repository file they reach. The drift check, which really loads the schema, refines it.
 */
import path from 'node:path';
import type { Tree } from '../git/tree.js';
import type { Project } from './model.js';
import { isSourceFile } from './names.js';


/** import x from '...'; export * from '...'; import '...'; import('...'); require('...') */
const SPECIFIER =
  /(?:^|[^.\w$])(?:import|export)\s*(?:type\s+)?(?:[\w$*{}\s,]+?\s*from\s*)?['"]([^'"\n]+)['"]|(?:^|[^.\w$])(?:import|require)\s*\(\s*['"]([^'"\n]+)['"]\s*\)/g;

/** Removes comments so that commented-out imports do not count (strings are left alone). */
function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

export function importSpecifiers(source: string): string[] {
  const out: string[] = [];
  for (const match of stripComments(source).matchAll(SPECIFIER)) {
    const spec = match[1] ?? match[2];
    if (spec) out.push(spec);
  }
  return out;
}

/** Candidate files for a relative specifier, in the order TypeScript's resolution tries them. */
export function candidates(fromFile: string, spec: string): string[] {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), spec));
  const list: string[] = [];
  const swapped = base.replace(/\.js$/, '.ts').replace(/\.mjs$/, '.mts').replace(/\.cjs$/, '.cts').replace(/\.jsx$/, '.tsx');
  if (swapped !== base) list.push(swapped);
  list.push(base);
  for (const ext of ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs']) list.push(`${base}${ext}`);
  for (const ext of ['.ts', '.tsx', '.js']) list.push(`${base}/index${ext}`);
  return list;
}

/**
 * Every file reachable from the project's schema files through relative imports, the schema
 * files themselves excluded.
 */
export async function schemaImportGraph(project: Project, tree: Tree): Promise<string[]> {
  const all = await tree.list('');
  const exists = new Set(all);
  const roots = all.filter((f) => project.isSchemaFile(f) && isSourceFile(f));
  const seen = new Set<string>(roots);
  const queue = [...roots];
  while (queue.length) {
    const file = queue.shift()!;
    const text = await tree.read(file);
    if (text === undefined) continue;
    for (const spec of importSpecifiers(text)) {
      if (!spec.startsWith('.')) continue;
      const hit = candidates(file, spec).find((c) => exists.has(c));
      if (hit && !seen.has(hit) && !hit.startsWith('node_modules/')) {
        seen.add(hit);
        if (isSourceFile(hit)) queue.push(hit);
      }
    }
  }
  return [...seen].filter((f) => !project.isSchemaFile(f)).sort();
}
