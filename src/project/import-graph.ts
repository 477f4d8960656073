/**
 * What counts as a schema change is the schema's import graph, not a folder: schema modules import
 * enums, constants, default values and custom types from elsewhere, and a barrel `index.ts` named in
 * the config re-exports the real table files. This follows the imports of the schema files
 * statically (no TypeScript loader: it must stay cheap enough for the commit path): relative paths,
 * package `imports` and `exports`, workspace packages and tsconfig `paths` (module-resolve.ts).
 * The drift check, which really loads the schema, refines it (graph.ts).
 */
import type { Tree } from '../git/tree.js';
import { folderEntry } from './graph.js';
import type { Project } from './model.js';
import { ModuleResolver } from './module-resolve.js';
import { isSourceFile } from './names.js';

/**
 * import x from '...'; export * from '...'; import '...'; import('...'); require('...')
 * Group 1 is `type` in `import type ... from` / `export type ... from`: erased at runtime, such an
 * import loads nothing, so it cannot change the DDL.
 */
const SPECIFIER =
  /(?:^|[^.\w$])(?:import|export)\s*(type\s+)?(?:([\w$*{}\s,]+?)\s*from\s*)?['"]([^'"\n]+)['"]|(?:^|[^.\w$])(?:import|require)\s*\(\s*['"]([^'"\n]+)['"]\s*\)/g;

/** Removes comments so that commented-out imports do not count (strings are left alone). */
function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

export function importSpecifiers(source: string): string[] {
  const out: string[] = [];
  for (const match of stripComments(source).matchAll(SPECIFIER)) {
    if (match[1] && match[2]) continue; // `import type { X } from '...'`
    const spec = match[3] ?? match[4];
    if (spec) out.push(spec);
  }
  return out;
}

/**
 * Every file reachable from the project's schema files through their imports, the schema files
 * themselves excluded; the tsconfig files whose `paths` resolved them; and a folder entry
 * (graph.ts) for each package an import points into but could not be resolved in.
 */
export async function schemaImportGraph(project: Project, tree: Tree): Promise<string[]> {
  const all = await tree.list('');
  const exists = new Set(all);
  const resolver = new ModuleResolver(tree, exists, project.baseDir);
  const roots = all.filter((f) => project.isSchemaFile(f) && isSourceFile(f));
  const seen = new Set<string>(roots);
  const folders = new Set<string>();
  const queue = [...roots];
  while (queue.length) {
    const file = queue.shift()!;
    const text = await tree.read(file);
    if (text === undefined) continue;
    for (const spec of importSpecifiers(text)) {
      const resolution = await resolver.resolve(file, spec);
      if (resolution.kind === 'unresolved') folders.add(folderEntry(resolution.scope));
      if (resolution.kind !== 'files') continue;
      for (const hit of resolution.files) {
        if (seen.has(hit)) continue;
        seen.add(hit);
        if (isSourceFile(hit)) queue.push(hit);
      }
    }
  }
  const files = [...seen, ...resolver.consulted].filter((f) => !project.isSchemaFile(f));
  return [...new Set([...files, ...folders])].sort();
}
