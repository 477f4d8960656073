/**
 * Installs without dev dependencies run the root package's `prepare` script too: `npm ci
 * --omit=dev` (or any npm / pnpm / yarn install under `NODE_ENV=production`), `pnpm install
 * --prod`, `yarn install --production`, `bun install --production`. husky is a dev dependency, so
 * there a bare `prepare: husky` fails with "husky: not found" and breaks the image build. husky's
 * own documentation answers with `husky || true`; init writes that where a Dockerfile in the
 * repository installs for production, and plain `husky` everywhere else, where a failing husky is
 * worth seeing.
 *
 *   ENV NODE_ENV=production
 *   RUN npm ci                      ← production install (NODE_ENV)
 *   RUN pnpm install --prod         ← production install (flag)
 */
import { readdirSync, readFileSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { hasLockfile } from '../project/package-manager.js';
import type { InitContext } from './context.js';
import * as messages from './messages.js';
import type { Plan } from './plan.js';

const DOCKERFILE = /^(Dockerfile(\..+)?|.+\.[Dd]ockerfile)$/;
/** Folders no image is built from, or that are not the project's. */
const SKIP = new Set(['node_modules', '.git', '.devcontainer', 'dist', 'build', '.next', 'coverage']);
const MAX_DEPTH = 4;

const INSTALL =
  /\b(npm\s+(ci|install|i)|pnpm\s+(install|i)|yarn\s+(install|workspaces\s+focus)|yarn\s*($|&&|;)|bun\s+(install|i))\b(?!\s+-g\b)/;
const PROD_FLAG = /(--omit[= ]dev|--production\b|--prod\b|--only[= ]prod|\s-P\b)/;
const NODE_ENV_PRODUCTION = /\bNODE_ENV[= ]["']?production\b/;

function dockerfiles(repoRoot: string): string[] {
  const found: string[] = [];
  const walk = (dir: string, depth: number) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(path.join(repoRoot, dir), { withFileTypes: true });
    } catch {
      return; // Unreadable folder: no image is built from what cannot be read.
    }
    for (const entry of entries) {
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isFile() && DOCKERFILE.test(entry.name)) found.push(rel);
      else if (entry.isDirectory() && depth < MAX_DEPTH && !SKIP.has(entry.name)) walk(rel, depth + 1);
    }
  };
  walk('', 0);
  return found.sort();
}

/**
 * Whether a Dockerfile's text installs without dev dependencies (continuation lines joined). A
 * stage inherits `NODE_ENV` from the stage it starts `FROM` (`FROM base AS build`).
 */
export function installsForProduction(text: string): boolean {
  const stages = new Map<string, boolean>();
  let production = false;
  let stage: string | null = null;
  for (const line of text.replace(/\\\r?\n/g, ' ').split(/\r?\n/)) {
    const instruction = line.trim();
    const from = /^FROM\s+(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?/i.exec(instruction);
    if (from) {
      production = stages.get(from[1]!.toLowerCase()) ?? false;
      stage = from[2]?.toLowerCase() ?? null;
      if (stage) stages.set(stage, production);
      continue;
    }
    if (/^(ENV|ARG)\s/i.test(instruction) && NODE_ENV_PRODUCTION.test(instruction)) {
      production = true;
      if (stage) stages.set(stage, true);
    }
    // `--ignore-scripts` runs no lifecycle script at all.
    if (!/^RUN\s/i.test(instruction) || !INSTALL.test(instruction) || /--ignore-scripts\b/.test(instruction)) continue;
    if (PROD_FLAG.test(instruction) || production || NODE_ENV_PRODUCTION.test(instruction)) return true;
  }
  return false;
}

/** The repository's Dockerfiles that install for production (repository-relative). */
export function productionInstalls(repoRoot: string): string[] {
  return dockerfiles(repoRoot).filter((file) => installsForProduction(readFileSync(path.join(repoRoot, file), 'utf8')));
}

/**
 * Whether an image built from this Dockerfile can hold the install root's package.json: not when
 * the Dockerfile sits in a package with its own lockfile below the install root (a member built on
 * its own, with that folder as the build context), whose install never sees the root's `prepare`.
 */
function reachesInstallRoot(ctx: InitContext, dockerfile: string): boolean {
  let dir = path.posix.dirname(dockerfile).replace(/^\.$/, '');
  const below = (d: string) => (ctx.installRoot ? d.startsWith(`${ctx.installRoot}/`) : d !== '');
  while (below(dir)) {
    if (hasLockfile(path.join(ctx.repoRoot, dir))) return false;
    dir = path.posix.dirname(dir).replace(/^\.$/, '');
  }
  return true;
}

/**
 * A `prepare` that already runs husky and would fail in such an install (written before the
 * Dockerfile, or by hand): the team's script, so a note rather than an edit.
 */
export function noteFailingPrepare(ctx: InitContext, plan: Plan): void {
  const file = ctx.installRoot ? `${ctx.installRoot}/package.json` : 'package.json';
  const text = plan.read(file);
  let prepare: unknown;
  try {
    prepare = text === null ? undefined : (JSON.parse(text) as { scripts?: { prepare?: unknown } }).scripts?.prepare;
  } catch {
    return; // The scripts step has already said the file is not JSON.
  }
  if (typeof prepare !== 'string' || !/\bhusky\b/.test(prepare) || /\|\|/.test(prepare)) return;
  const files = productionInstalls(ctx.repoRoot).filter((f) => reachesInstallRoot(ctx, f));
  if (files.length) plan.notices.push(messages.prepareFails(file, prepare, files));
}

/** The `prepare` command init writes: `husky ...`, or `husky ... || true` when an image installs for production. */
export function tolerateProductionInstalls(ctx: InitContext, plan: Plan, command: string): string {
  const files = productionInstalls(ctx.repoRoot).filter((file) => reachesInstallRoot(ctx, file));
  if (!files.length) return command;
  plan.notices.push(messages.prepareTolerant(files));
  return `${command} || true`;
}
