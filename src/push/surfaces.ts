/**
 * Which files can reach `drizzle-kit push`, by path alone. Used by the rule's `appliesTo` on the
 * pre-commit path, so it must stay a string test: no reading, no heavy import.
 */

export type Surface =
  'package-scripts' | 'workflow' | 'gitlab' | 'dockerfile' | 'compose' | 'makefile' | 'shell' | 'code';

const WORKFLOW = /(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/;
/** Composite actions (`runs.steps[].run`) live in `action.yml` anywhere. */
const ACTION = /^action\.ya?ml$/;
/**
 * GitLab CI: `.gitlab-ci.yml` (in any folder: child pipelines), included files named
 * `*.gitlab-ci.yml`, and YAML files under a top-level `.gitlab/` or `ci/` folder, where included
 * pipeline files usually live. The checker only reads top-level maps with job keys, so other YAML
 * there yields nothing.
 */
const GITLAB_NAME = /(^|\.)gitlab-ci\.ya?ml$/;
const GITLAB_DIR = /^(\.gitlab|ci)\/.+\.ya?ml$/;
const COMPOSE = /^(docker-)?compose(\.[\w.-]+)?\.ya?ml$/;
const DOCKERFILE = /^(Dockerfile|Containerfile)(\.[\w.-]+)?$|\.(Dockerfile|dockerfile|Containerfile)$/;
const MAKEFILE = /^(GNUmakefile|Makefile|makefile)$|\.mk$/;
const SHELL = /\.(sh|bash|zsh|ksh)$/;
/** git hooks kept in the repository: `.husky/pre-push` has no extension. */
const HOOK = /(^|\/)\.husky\/[^/_][^/]*$/;
/**
 * Extension-less files directly in a folder that usually holds commands (`bin/deploy`,
 * `scripts/release`, `tools/db-reset`, `.githooks/pre-push`, `hooks/post-merge`), at any depth.
 * The path cannot tell a shell script from a binary or a Python tool, so the checker reads the
 * first line and keeps only files with a shell shebang (see `needsShebang`).
 */
const SCRIPT_DIR = /(^|\/)(bin|scripts|script|tools|\.githooks|hooks)\/[^/.]+$/;
const CODE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;

export function surfaceOf(file: string): Surface | null {
  if (file.startsWith('node_modules/') || file.includes('/node_modules/')) return null;
  const name = file.slice(file.lastIndexOf('/') + 1);
  if (name === 'package.json') return 'package-scripts';
  if (WORKFLOW.test(file) || ACTION.test(name)) return 'workflow';
  if (COMPOSE.test(name)) return 'compose';
  if (GITLAB_NAME.test(name) || GITLAB_DIR.test(file)) return 'gitlab';
  if (DOCKERFILE.test(name)) return 'dockerfile';
  if (MAKEFILE.test(name)) return 'makefile';
  if (SHELL.test(name) || HOOK.test(file) || SCRIPT_DIR.test(file)) return 'shell';
  if (CODE.test(name) && !/\.d\.[cm]?ts$/.test(name)) return 'code';
  return null;
}

/** A shell-surface file that is a script only if its first line says so (`#!/usr/bin/env bash`). */
export function needsShebang(file: string): boolean {
  const name = file.slice(file.lastIndexOf('/') + 1);
  return !SHELL.test(name) && !HOOK.test(file);
}
