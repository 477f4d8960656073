/**
 * The commit path's answer for staged source files. The hook runs for every staged source file
 * (any of them may be in a schema's import graph), so most code commits reach nexiom-lint with
 * nothing for it to do: a file the schema does not import, that cannot push the schema either.
 * This decides that from the cache, without loading the rules:
 *
 * - the import graph cached for a commit G (the static graph, merged with the learned one as a
 *   run merges them) still holds at HEAD when no file committed since G could have changed it:
 *   one `git diff --raw G HEAD` (nothing at all to compare when G is HEAD) shows no change to a
 *   graph or schema file, a package.json, a tsconfig, and no source file added;
 * - the staged file is in no graph, and is no schema, migration or config file;
 * - its staged text names neither `drizzle-kit/api` nor `drizzle-kit/payload`, the only way code
 *   can push (the same test push/code.ts starts with). The text is read from the working tree
 *   only when its git blob id is the staged one, so a partially staged file is never misjudged.
 *
 * Anything else (no graph cached yet, a partially staged file ...) returns null: the full run decides.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gitRaw } from '../git/exec.js';
import { parseRawZ } from '../git/parse.js';
import type { StagedFile } from '../git/staged.js';
import { graphMatcher, isTsconfigName, mergeGraphs } from '../project/graph.js';
import type { Project } from '../project/model.js';
import { isDrizzleConfigName, isSourceFile } from '../project/names.js';
import { surfaceOf } from '../push/surfaces.js';

export interface GraphCache {
  graph: Record<string, string[]>;
  graphHead: string | null;
  learned?: Record<string, string[]>;
}

/** The verdict the full run reaches: nothing relevant, or only code that no-db-push read and cleared. */
export type SourceVerdict = 'nothing-relevant' | 'code-cleared';

/** push/code.ts reads a file only when it names one of drizzle-kit's push modules. */
export function mayPush(text: string): boolean {
  return text.includes('drizzle-kit/api') || text.includes('drizzle-kit/payload');
}

function gitBlobId(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

/** The staged text of `file`, when the working tree holds exactly that; else null. */
function stagedText(root: string, file: string, blob: string | undefined): string | null {
  if (!blob) return null;
  try {
    const content = readFileSync(path.join(root, file));
    return gitBlobId(content) === blob ? content.toString('utf8') : null;
  } catch {
    return null;
  }
}

/** True when no commit since the graph's could have changed what the schemas import. */
async function graphStillHolds(
  root: string,
  head: string,
  inGraph: (file: string) => boolean,
  projects: readonly Project[],
): Promise<boolean> {
  const r = await gitRaw(['diff', '--raw', '-z', '--no-renames', '--no-ext-diff', head, 'HEAD', '--'], root);
  if (r.code !== 0) return false;
  return parseRawZ(r.stdout).every((c) => {
    const file = c.path;
    if (inGraph(file) || isTsconfigName(file) || isDrizzleConfigName(file)) return false;
    if (file === 'package.json' || file.endsWith('/package.json')) return false;
    if (c.status === 'A' && isSourceFile(file)) return false;
    return !projects.some((p) => p.isSchemaFile(file));
  });
}

export async function judgeSources(
  root: string,
  files: readonly StagedFile[],
  blobs: ReadonlyMap<string, string>,
  projects: readonly Project[],
  cache: GraphCache,
): Promise<SourceVerdict | null> {
  if (!cache.graphHead || !projects.every((p) => cache.graph[p.configFile] !== undefined)) return null;
  const matchers = projects.map((p) =>
    graphMatcher(mergeGraphs(cache.graph[p.configFile]!, cache.learned?.[p.configFile])),
  );
  const inGraph = (file: string) => matchers.some((m) => m(file));
  const owned = (file: string) =>
    inGraph(file) ||
    isDrizzleConfigName(file) ||
    projects.some((p) => p.isSchemaFile(file) || p.isMigrationFile(file) || p.configFile === file);
  let code = false;
  for (const f of files) {
    for (const file of [f.path, f.oldPath].filter((p): p is string => p !== undefined)) {
      if (!(isSourceFile(file) || isTsconfigName(file)) || owned(file)) return null;
      const surface = surfaceOf(file);
      if (surface !== null && surface !== 'code') return null;
    }
    if (surfaceOf(f.path) !== 'code') continue;
    code = true;
    if (f.status === 'D') continue;
    const text = stagedText(root, f.path, blobs.get(f.path));
    if (text === null || mayPush(text)) return null;
  }
  if (!(await graphStillHolds(root, cache.graphHead, inGraph, projects))) return null;
  return code ? 'code-cleared' : 'nothing-relevant';
}
