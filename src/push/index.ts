/** Every surface's checker, by surface. Loaded lazily by the no-db-push rule. */
import { checkCode } from './code.js';
import { checkCompose } from './compose.js';
import { checkDockerfile } from './dockerfile.js';
import { checkMakefile } from './makefile.js';
import { checkPackageJson } from './package-scripts.js';
import { checkShellScript } from './shell-script.js';
import type { Surface } from './surfaces.js';
import type { PushFinding } from './types.js';
import { checkWorkflow } from './workflows.js';

const CHECKERS: Record<Surface, (file: string, text: string) => PushFinding[]> = {
  'package-scripts': checkPackageJson,
  workflow: checkWorkflow,
  compose: checkCompose,
  dockerfile: checkDockerfile,
  makefile: checkMakefile,
  shell: checkShellScript,
  code: checkCode,
};

export function checkFile(surface: Surface, file: string, text: string): PushFinding[] {
  return CHECKERS[surface](file, text);
}

export { describe, safePathOf, type SafePath } from './describe.js';
