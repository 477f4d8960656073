/**
 * Which staged files start `nexiom-lint --staged`: as a lint-staged pattern, and as the git
 * pathspecs of the hook's own check (`hookCheck`), which decides in `sh` before any Node starts.
 *
 * The lint-staged pattern that starts `nexiom-lint --staged`. What counts as a schema change is
 * the schema's import graph (constants in a shared package, a file beside the schema folder, a
 * tsconfig alias), which no fixed list of paths can name, so the hook starts for every staged
 * source file and tsconfig, and for the project's migrations, config and package.json. A commit
 * of code the schema does not import costs little: the commit path answers it from the cached
 * graph (cli/staged-source.ts); a README-only commit does not start nexiom-lint at all.
 *
 * Earlier versions of init listed only the config's `schema` paths; `legacyPatternFor` rebuilds
 * that pattern so that running init again can upgrade it in place.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join, relative, type InitContext } from './context.js';
import type { Plan } from './plan.js';
import { nexiomConfigFlag } from './scripts.js';

const SOURCE = '{ts,tsx,mts,cts,js,jsx,mjs,cjs}';
/**
 * Relative to the folder lint-staged matches from. Both forms are needed: inside a brace list,
 * picomatch's `**\/` does not match files at the top level.
 */
const SOURCE_PATTERNS = [`*.${SOURCE}`, `**/*.${SOURCE}`, 'tsconfig*.json', '**/tsconfig*.json'];

const GLOB = /[*?[\]{}()!]/;

function isDir(plan: Plan, file: string): boolean {
  try {
    return statSync(plan.abs(file)).isDirectory();
  } catch {
    return !/\.[a-z]+$/i.test(file);
  }
}

function brace(paths: string[]): string {
  const unique = [...new Set(paths)];
  return unique.length === 1 ? unique[0]! : `{${unique.join(',')}}`;
}

/** The files whose staging should run nexiom-lint, as one lint-staged pattern relative to `base`. */
export function patternFor(ctx: InitContext, plan: Plan, base: string): string {
  const project = [`${ctx.project.out}/**`, ctx.project.configFile, join(ctx.packageDir, 'package.json')].map((p) =>
    relative(base, p),
  );
  return brace([...SOURCE_PATTERNS, ...project]);
}

/** The pattern init wrote before it covered the import graph: the schema paths only. */
export function legacyPatternFor(ctx: InitContext, plan: Plan, base: string): string {
  const paths = [
    ...ctx.project.schema
      .filter((s) => !s.startsWith('!'))
      .map((s) => (GLOB.test(s) ? s : isDir(plan, s) ? `${s}/**` : s)),
    `${ctx.project.out}/**`,
    ctx.project.configFile,
    join(ctx.packageDir, 'package.json'),
  ].map((p) => relative(base, p));
  return brace(paths);
}

const quoteLike = (quote: string, text: string) =>
  quote === "'" && !text.includes("'") ? `'${text}'` : JSON.stringify(text);

/**
 * `text` with the key `from` renamed to `to`, whether quoted (JSON, code, YAML) or plain (YAML),
 * or null unless it occurs exactly once.
 */
export function renameKey(text: string, from: string, to: string): string | null {
  for (const quoted of [JSON.stringify(from), `'${from}'`]) {
    const at = text.indexOf(`${quoted}`);
    if (at < 0 || text.indexOf(quoted, at + 1) >= 0) continue;
    return `${text.slice(0, at)}${quoteLike(quoted[0]!, to)}${text.slice(at + quoted.length)}`;
  }
  const plain = new RegExp(`^([ \\t]*)${from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(?=\\s)`, 'gm');
  const matches = [...text.matchAll(plain)];
  if (matches.length !== 1) return null;
  return text.replace(plain, (_, indent: string) => `${indent}${JSON.stringify(to)}:`);
}

/**
 * Every file the full check may look at whatever the project (engine/relevance.ts: source files,
 * tsconfigs, drizzle configs, the settings file, and what the no-db-push rule reads, as
 * push/surfaces.ts names it), and the files of any drizzle-kit migration folder (so that another
 * or a moved `out` still starts the check). Supersets where git's globs cannot say exactly as much.
 */
const GENERIC_PATHSPECS = [
  // Sources (names.ts `\.[cm]?[jt]sx?$`) and tsconfigs: the schema's import graph.
  '**/*.[jt]s',
  '**/*.[jt]sx',
  '**/*.[cm][jt]s',
  '**/*.[cm][jt]sx',
  '**/tsconfig*.json',
  '**/drizzle.config.*',
  '**/nexiom-lint.config.*',
  // no-db-push (push/surfaces.ts).
  '**/package.json',
  '**/.github/workflows/**',
  '**/action.yml',
  '**/action.yaml',
  '**/compose*.yml',
  '**/compose*.yaml',
  '**/docker-compose*.yml',
  '**/docker-compose*.yaml',
  '**/*gitlab-ci.yml',
  '**/*gitlab-ci.yaml',
  '.gitlab/**',
  'ci/**',
  '**/Dockerfile*',
  '**/Containerfile*',
  '**/*.Dockerfile',
  '**/*.dockerfile',
  '**/*.Containerfile',
  '**/Makefile',
  '**/makefile',
  '**/GNUmakefile',
  '**/*.mk',
  '**/*.sh',
  '**/*.bash',
  '**/*.zsh',
  '**/*.ksh',
  '**/.husky/**',
  '**/bin/*',
  '**/scripts/*',
  '**/script/*',
  '**/tools/*',
  '**/.githooks/*',
  '**/hooks/*',
  // Any migration folder's files (0.x and 1.0 layouts).
  '**/*.sql',
  '**/meta/*.json',
  '**/snapshot.json',
].map((p) => `:(top,glob)${p}`);

/** A folder or file as a pathspec that matches it and everything under it, special characters included. */
const literal = (repoPath: string) => `:(top,literal)${repoPath}`;

/**
 * The hook's pathspecs (repository-relative, whatever folder the hook runs in): the generic ones
 * and the project's own schema entries, `out` and config. A schema glob git cannot read the way
 * picomatch does becomes its folder. Null when the project's files cannot be told apart from the
 * rest (`out` or a schema entry at the repository root): then the hook always runs the check.
 */
export function hookPathspecs(ctx: InitContext): string[] | null {
  const own: string[] = [];
  for (const entry of ctx.project.schema.filter((s) => !s.startsWith('!'))) {
    const path = GLOB.test(entry)
      ? entry
          .slice(0, entry.search(GLOB))
          .replace(/[^/]*$/, '')
          .replace(/\/$/, '')
      : entry;
    if (path === '' || path === '.') return null;
    own.push(literal(path));
  }
  if (ctx.project.out === '' || ctx.project.out === '.') return null;
  own.push(literal(ctx.project.out), literal(ctx.project.configFile));
  return [...GENERIC_PATHSPECS, ...new Set(own)];
}

/** The first line of the block hookCheck writes: init finds its own block by it. */
export const HOOK_MARKER = '# nexiom-lint: the check starts only when a staged file may concern it';

/** git's blob id of a file's bytes as they are (`git hash-object --no-filters`). */
function blobId(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

export interface HookCheckOptions {
  /** How the hook starts nexiom-lint: plain `nexiom-lint` under husky, which puts node_modules/.bin on PATH. */
  bin?: string;
  /** The file that holds the block, named when the drizzle config changed. */
  file?: string;
}

interface HookCheckParts {
  command: string;
  /** The fingerprint test, the warning and the pathspecs; null when every commit runs the check. */
  guard: { test: string; warn: string; pathspecs: string[] } | null;
}

function hookCheckParts(ctx: InitContext, plan: Plan, options: HookCheckOptions): HookCheckParts {
  const command = `${options.bin ?? 'nexiom-lint'} --staged${nexiomConfigFlag(ctx, ctx.installRoot)}`;
  const pathspecs = hookPathspecs(ctx);
  if (pathspecs === null) return { command, guard: null };
  const config = relative(ctx.installRoot, ctx.project.configFile);
  let id = 'missing';
  try {
    id = blobId(readFileSync(plan.abs(ctx.project.configFile)));
  } catch {
    // No config to fingerprint: the check runs on every commit.
  }
  return {
    command,
    guard: {
      test: `[ "$(git hash-object --no-filters -- ${shellQuote(config)} 2>/dev/null)" != ${id} ]`,
      warn: `echo "nexiom-lint: ${config} changed since nexiom-lint init wrote ${options.file ?? '.husky/pre-commit'}: run init again to update the hook's file list." >&2`,
      pathspecs: pathspecs.map(shellQuote),
    },
  };
}

/**
 * The pre-commit hook's lines (run in the install root, with `sh -e`): `nexiom-lint --staged`
 * starts only when `git diff --cached` shows a staged file among `hookPathspecs` (one git process,
 * ~2 ms; a README-only commit starts no Node at all).
 *
 * The project's own paths come from its drizzle config as it was when init ran, so the block
 * keeps that file's blob id: when the config differs (its `out` or `schema` may have moved), the
 * check runs on every commit, and says why, until init runs again. Renames count on both sides
 * (`--no-renames`), and when git itself fails the check runs.
 */
export function hookCheck(ctx: InitContext, plan: Plan, options: HookCheckOptions = {}): string[] {
  const { command, guard } = hookCheckParts(ctx, plan, options);
  if (guard === null) {
    return [HOOK_MARKER, "# (here every file may: the project's files are not in one folder)", command];
  }
  const config = relative(ctx.installRoot, ctx.project.configFile);
  return [
    HOOK_MARKER,
    `# (nexiom-lint init wrote this list from ${config}; run it again when that file changes).`,
    `if ${guard.test}; then`,
    `  ${guard.warn}`,
    `  ${command}`,
    'elif ! git diff --cached --quiet --no-renames -- \\',
    ...guard.pathspecs.map((p, i) => `  ${p}${i === guard.pathspecs.length - 1 ? '; then' : ' \\'}`),
    `  ${command}`,
    'fi',
  ];
}

/**
 * The same check as one line of shell, for a hook manager whose command is a string (simple-git-hooks):
 * `if <config changed>; then <warn>; <check>; elif ! git diff --cached --quiet …; then <check>; fi`.
 */
export function hookCheckLine(ctx: InitContext, plan: Plan, options: HookCheckOptions = {}): string {
  const { command, guard } = hookCheckParts(ctx, plan, options);
  if (guard === null) return command;
  return (
    `if ${guard.test}; then ${guard.warn}; ${command}; ` +
    `elif ! git diff --cached --quiet --no-renames -- ${guard.pathspecs.join(' ')}; then ${command}; fi`
  );
}

/** The one-line check in a command string, to replace it with the current one; see hookCheckLine. */
export const HOOK_CHECK_LINE =
  /if \[ "\$\(git hash-object --no-filters -- [\s\S]*?; then \S*nexiom-lint --staged[^;]*; fi/;

/**
 * `text` (a hook) with the block hookCheck wrote replaced by `lines`, or null when it has none.
 * The block runs from its marker to its `fi`, or to the command alone in the short form.
 */
export function replaceHookCheck(text: string, lines: string[]): string | null {
  const all = text.split('\n');
  const start = all.indexOf(HOOK_MARKER);
  if (start < 0) return null;
  let end = start + 1;
  while (end < all.length && !(all[end] === 'fi' || /^(\S*\/)?nexiom-lint --staged\b/.test(all[end]!))) end++;
  if (end >= all.length) return null;
  return [...all.slice(0, start), ...lines, ...all.slice(end + 1)].join('\n');
}
