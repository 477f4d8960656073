/**
 * Which changed files cannot concern any rule, decided by path alone. Both the engine and the
 * commit-path shortcut (cli/staged-fast.ts) use it, so they never disagree. Conservative: any
 * source file may be in the schema's import graph or import `drizzle-kit/api`, and a tsconfig's
 * `paths` may change what the schema loads, so neither is ever "clearly irrelevant"; the engine
 * then decides with the full picture.
 */
import type { StagedFile } from '../git/staged.js';
import type { Project } from '../project/model.js';
import { isTsconfigName } from '../project/graph.js';
import { isDrizzleConfigName, isSourceFile, SETTINGS_FILE } from '../project/names.js';
import { surfaceOf } from '../push/surfaces.js';

function pathIsIrrelevant(file: string, projects: readonly Project[]): boolean {
  if (isSourceFile(file) || isTsconfigName(file) || surfaceOf(file) !== null) return false;
  if (isDrizzleConfigName(file) || file === SETTINGS_FILE) return false;
  return !projects.some((p) => p.isSchemaFile(file) || p.isMigrationFile(file) || file === p.configFile);
}

export function clearlyIrrelevant(file: StagedFile, projects: readonly Project[]): boolean {
  return (
    pathIsIrrelevant(file.path, projects) && (file.oldPath === undefined || pathIsIrrelevant(file.oldPath, projects))
  );
}
