/**
 * Which changed files cannot concern any rule, decided by path alone. Both the engine and the
 * commit-path shortcut (cli/staged-fast.ts) use it, so they never disagree. Conservative: any
 * source file may be in the schema's import graph or import `drizzle-kit/api`, so it is never
 * "clearly irrelevant"; the engine then decides with the full picture.
 */
import type { StagedFile } from '../git/staged.js';
import type { Project } from '../project/model.js';
import { isDrizzleConfigName, isSourceFile, SETTINGS_FILE } from '../project/names.js';
import { surfaceOf } from '../push/surfaces.js';

function pathIsIrrelevant(file: string, projects: readonly Project[]): boolean {
  if (isSourceFile(file) || surfaceOf(file) !== null) return false;
  if (isDrizzleConfigName(file) || file === SETTINGS_FILE) return false;
  return !projects.some((p) => p.isSchemaFile(file) || p.isMigrationFile(file) || file === p.configFile);
}

export function clearlyIrrelevant(file: StagedFile, projects: readonly Project[]): boolean {
  return pathIsIrrelevant(file.path, projects) && (file.oldPath === undefined || pathIsIrrelevant(file.oldPath, projects));
}
