/**
 * Every surface's checker, loaded only when a file of that surface is read: a commit that
 * stages one .ts file loads the JS tokenizer, not the YAML parser.
 */
import type { ScriptResolver } from './command.js';
import type { Surface } from './surfaces.js';
import type { PushFinding } from './types.js';

type Checker = (file: string, text: string, resolve?: ScriptResolver) => PushFinding[];

const LOADERS: Record<Surface, () => Promise<Checker>> = {
  'package-scripts': async () => (await import('./package-scripts.js')).checkPackageJson,
  workflow: async () => (await import('./workflows.js')).checkWorkflow,
  gitlab: async () => (await import('./gitlab.js')).checkGitlabCi,
  compose: async () => (await import('./compose.js')).checkCompose,
  dockerfile: async () => (await import('./dockerfile.js')).checkDockerfile,
  makefile: async () => (await import('./makefile.js')).checkMakefile,
  shell: async () => (await import('./shell-script.js')).checkShellScript,
  code: async () => (await import('./code.js')).checkCode,
};

export function loadChecker(surface: Surface): Promise<Checker> {
  return LOADERS[surface]();
}

export { describe, safePathOf, type SafePath } from './describe.js';
export { ScriptIndex } from './resolve.js';
