/**
 * A schema's import graph as it is cached and matched: repository-relative files, plus *folder
 * entries* ending in `/` (`packages/db/`, `./` for the repository root) where the static graph met
 * an import it could not resolve: any source file under such a folder may be what the schema
 * loads, so it counts as a schema file until the drift check has learned the exact graph.
 * A module with no imports but the path tests: the commit path loads it.
 */
import { isSourceFile } from './names.js';

/** tsconfig files: their `paths` can change what a schema import loads, so the graph lists those it read. */
export function isTsconfigName(file: string): boolean {
  return /(^|\/)tsconfig[^/]*\.json$/.test(file);
}

/** The folder entry for a package folder ('' is the repository root). */
export function folderEntry(dir: string): string {
  return dir ? `${dir}/` : './';
}

function isFolderEntry(entry: string): boolean {
  return entry.endsWith('/');
}

export interface GraphMatcher {
  (file: string): boolean;
}

/** A test for "is this file in the graph", files by name and folder entries by prefix. */
export function graphMatcher(graph: readonly string[]): GraphMatcher {
  const files = new Set(graph.filter((e) => !isFolderEntry(e)));
  const folders = graph.filter(isFolderEntry).map((e) => (e === './' ? '' : e));
  if (!folders.length) return (file) => files.has(file);
  return (file) => files.has(file) || (isSourceFile(file) && folders.some((f) => file.startsWith(f)));
}

/**
 * The graph a run uses: the static graph, and the files the drift check saw the schema load.
 * Once the drift check has learned the graph, the static graph's folder entries (its guesses for
 * imports it could not resolve) give way to what really loaded.
 */
export function mergeGraphs(staticGraph: readonly string[], learned: readonly string[] | undefined): string[] {
  if (learned === undefined) return [...staticGraph];
  return [...new Set([...staticGraph.filter((e) => !isFolderEntry(e)), ...learned])];
}
