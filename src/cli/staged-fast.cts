/**
 * The commit path's shortcut. A `git commit` that stages nothing nexiom-lint looks at (a README,
 * a stylesheet) must cost little more than starting Node: this module reads the staged diff with
 * one synchronous git process, the cached project model and the path tests, and answers
 * "nothing to check" itself. Staged source files are judged by staged-source.ts. Whenever it
 * cannot be sure (no cache yet, a first commit, a relevant file staged) it answers null and the
 * full CLI runs as usual, with the diff already read.
 *
 * It imports nothing of the project's at run time: every module costs the start-up ~1 ms (about
 * 2% of starting Node), and the asynchronous child-process machinery and process.stdout cost
 * more. So it carries its own copies of three small things, each tested to agree with the
 * original (test/unit/staged-fast.test.ts): the cache reader (project/cache.ts), the path test
 * (engine/relevance.ts with push/surfaces.ts and project/names.ts) and two messages. Where a
 * copy falls behind, the shortcut declines (a cache version it does not know) or the test fails.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { StagedFile, StagedPrefetch } from '../git/staged.js';
import type { Project } from '../project/model.js';
import type { GraphCache, SourceVerdict } from './staged-source.js';

// --- messages.ts
export const NOTHING_RELEVANT = 'No schema, migration or push-related file in the change set: nothing to check.';
export const skippedNote = (file: string, reason: string) =>
  `${file}: not checked (${reason}); nexiom-lint checks PostgreSQL projects.`;

// --- project/cache.ts: readCache and hydrate, for the cache format below only; cache/json.ts's
// key is `<format>@<nexiom-lint's version>`.
export const CACHE_VERSION = 7;

let cacheKey: string | undefined;
function projectsCacheKey(): string {
  cacheKey ??= `${CACHE_VERSION}@${(JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version}`;
  return cacheKey;
}

interface SerializedProject extends Omit<Project, 'isSchemaFile' | 'isMigrationFile'> {
  schemaRegexes: Array<[string, string, boolean]>;
}

interface CacheFile extends GraphCache {
  root: string;
  configs: string[] | null;
  stamps: Array<{ file: string; size: number; mtimeMs: number; hash?: string }>;
  projects: SerializedProject[];
  skipped?: Array<{ configFile: string; reason: string }>;
}

export function readCacheFast(root: string): CacheFile | null {
  try {
    const { key, ...data } = JSON.parse(
      readFileSync(path.join(root, 'node_modules', '.cache', 'nexiom-lint', 'projects.json'), 'utf8'),
    ) as CacheFile & { key?: string };
    if (key !== projectsCacheKey() || data.root !== root) return null;
    for (const s of data.stamps) {
      const now = statSync(path.join(root, s.file), { throwIfNoEntry: false });
      if (!now || now.size !== s.size) return null;
      if (now.mtimeMs === s.mtimeMs) continue;
      const hash = s.hash && contentHash(path.join(root, s.file));
      if (!hash || hash !== s.hash) return null;
    }
    return data;
  } catch {
    return null;
  }
}

/** The content's hash, as project/cache.ts stamps it: node:crypto loads only for a file whose mtime changed. */
function contentHash(file: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily (see above)
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

export function hydrateFast(serialized: SerializedProject): Project {
  const positive = serialized.schemaRegexes.filter(([, , neg]) => !neg).map(([s, f]) => new RegExp(s, f));
  const negative = serialized.schemaRegexes.filter(([, , neg]) => neg).map(([s, f]) => new RegExp(s, f));
  const outPrefix = serialized.out === '' ? '' : `${serialized.out}/`;
  const { schemaRegexes: _r, ...rest } = serialized;
  return {
    ...rest,
    isSchemaFile: (file) =>
      !file.startsWith(outPrefix) && positive.some((r) => r.test(file)) && !negative.some((r) => r.test(file)),
    isMigrationFile: (file) => file.startsWith(outPrefix),
  };
}

// --- engine/relevance.ts, with the path tests it uses (push/surfaces.ts, project/names.ts, project/graph.ts).
const SOURCE_FILE = /\.(?:[cm]?[jt]sx?)$/;
const TSCONFIG = /(^|\/)tsconfig[^/]*\.json$/;
const CONFIG_NAME = /(^|\/)drizzle\.config\.(ts|mts|cts|js|mjs|cjs|json)$/;
const SETTINGS_FILE = 'nexiom-lint.config.json';
const SURFACE_PATH =
  /(^|\/)\.github\/workflows\/[^/]+\.ya?ml$|^(\.gitlab|ci)\/.+\.ya?ml$|(^|\/)\.husky\/[^/_][^/]*$|(^|\/)(bin|scripts|script|tools|\.githooks|hooks)\/[^/.]+$/;
const SURFACE_NAME =
  /^package\.json$|^action\.ya?ml$|^(docker-)?compose(\.[\w.-]+)?\.ya?ml$|(^|\.)gitlab-ci\.ya?ml$|^(Dockerfile|Containerfile)(\.[\w.-]+)?$|\.(Dockerfile|dockerfile|Containerfile)$|^(GNUmakefile|Makefile|makefile)$|\.mk$|\.(sh|bash|zsh|ksh)$/;

/** push/surfaces.ts surfaceOf(file) !== null, for a file that is no source file. */
function isSurface(file: string): boolean {
  if (file.startsWith('node_modules/') || file.includes('/node_modules/')) return false;
  return SURFACE_NAME.test(file.slice(file.lastIndexOf('/') + 1)) || SURFACE_PATH.test(file);
}

export const isSourceOrTsconfig = (file: string) => SOURCE_FILE.test(file) || TSCONFIG.test(file);

function pathIsIrrelevant(file: string, projects: readonly Project[]): boolean {
  if (isSourceOrTsconfig(file) || isSurface(file) || CONFIG_NAME.test(file) || file === SETTINGS_FILE) return false;
  return !projects.some((p) => p.isSchemaFile(file) || p.isMigrationFile(file) || file === p.configFile);
}

export function irrelevantFast(file: StagedFile, projects: readonly Project[]): boolean {
  return (
    pathIsIrrelevant(file.path, projects) && (file.oldPath === undefined || pathIsIrrelevant(file.oldPath, projects))
  );
}

// --- git/parse.ts parseRawZ, reduced to what the commit path needs.
function parseStaged(output: string): StagedPrefetch {
  const fields = output.split('\0');
  if (fields[fields.length - 1] === '') fields.pop();
  const files: StagedFile[] = [];
  const blobs = new Map<string, string>();
  for (let i = 0; i < fields.length;) {
    const meta = fields[i++]!;
    if (!meta.startsWith(':')) return { failed: true };
    const [, , , dst = '', statusField = ''] = meta.split(' ');
    const status = statusField[0] as StagedFile['status'];
    const oldPath = status === 'R' || status === 'C' ? fields[i++] : undefined;
    const file = fields[i++];
    if (file === undefined) return { failed: true };
    files.push({ status, path: file, ...(oldPath !== undefined ? { oldPath } : {}) });
    if (dst && !/^0+$/.test(dst)) blobs.set(file, dst);
  }
  return { files, blobs };
}

/** The text the full CLI prints for the same verdict (pretty format, no colour). */
export const NOTHING_TO_CHECK = `${NOTHING_RELEVANT}\n✔ nexiom-lint: no problems (HEAD → the index)\n`;

/** What the full run prints when no-db-push read the staged code and found nothing (pretty, no colour). */
const NO_PROBLEMS = '✔ nexiom-lint: no problems (HEAD → the index)\n';

/** The same text as the pretty reporter's with colour (chalk level 1): notes dim, the mark green. */
export function colored(text: string): string {
  return text
    .split('\n')
    .map((line) =>
      line.startsWith('✔ ') ? `\u001b[32m✔\u001b[39m${line.slice(1)}` : line ? `\u001b[2m${line}\u001b[22m` : line,
    )
    .join('\n');
}

/**
 * The working tree root, found by looking for `.git` (a folder, or a file in worktrees and
 * submodules) without starting git. Null when git's own environment overrides apply
 * (GIT_DIR, GIT_WORK_TREE): then only git knows. Same rule as git/staged.ts's findRootFast.
 */
function findRoot(cwd: string, env: NodeJS.ProcessEnv): string | null {
  if (env.GIT_DIR || env.GIT_WORK_TREE) return null;
  let dir = path.resolve(cwd);
  for (;;) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** The staged diff against HEAD, as git/staged.ts's prefetchStaged reads it, but synchronously. */
function readStaged(root: string, env: NodeJS.ProcessEnv): StagedPrefetch {
  const r = spawnSync(
    'git',
    [
      '-c',
      'core.quotepath=off',
      '-c',
      'submodule.recurse=false',
      'diff',
      '--cached',
      '--raw',
      '--no-abbrev',
      '-z',
      '-M',
      '--no-ext-diff',
      'HEAD',
      '--',
    ],
    {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
      windowsHide: true,
      env: { ...env, LC_ALL: 'C', LANG: 'C' },
    },
  );
  if (r.error || r.status === null) return { failed: true };
  if (r.status === 0) return parseStaged(r.stdout);
  if (/ambiguous argument 'HEAD'|bad revision 'HEAD'|unknown revision/i.test(r.stderr)) return { noHead: true };
  return { failed: true };
}

/** The configs a run from `cwd` looks at: those under it, when there are any (as discovery does). */
function configsHere(configs: string[], root: string, cwd: string): string[] {
  const here = path.relative(root, cwd).split(path.sep).join('/');
  const under = here ? configs.filter((c) => c.startsWith(`${here}/`)) : [];
  return under.length ? under : configs;
}

export interface ShortcutResult {
  /** The full run's output for the same verdict (no colour), or null: the full run must decide. */
  text: string | null;
  /** The repository root and the staged diff already read, for the full run (null: not read). */
  root: string | null;
  diff: StagedPrefetch | null;
  /**
   * The full run must decide, and what it decides about has not been staged before (a new edit of
   * the schema): it will likely serialize the schema, so bin/ starts a drift worker at once.
   * False when the same files with the same contents were staged for the previous full run (a
   * commit tried again): its verdicts are cached, and a worker would only compete for the CPU.
   */
  newWork?: boolean;
}

/** The staged files the previous full run decided about (`path blob`, one a line): stagedShortcut's `newWork`. */
const LAST_STAGED = 'staged-last.txt';

/**
 * Whether `files` (the relevant staged files) differ from those of the previous full run; records
 * them for the next. A wrong answer costs only speed: a worker started for nothing, or not early.
 */
function isNewWork(root: string, files: readonly StagedFile[], blobs: ReadonlyMap<string, string>): boolean {
  const now = files
    .map((f) => `${f.path} ${blobs.get(f.path) ?? f.status}`)
    .sort()
    .join('\n');
  const file = path.join(root, 'node_modules', '.cache', 'nexiom-lint', LAST_STAGED);
  let before: string | null = null;
  try {
    before = readFileSync(file, 'utf8');
  } catch {
    // None yet: new.
  }
  if (before === now) return false;
  try {
    writeFileSync(file, now);
  } catch {
    // No cache folder (no node_modules): the next run starts a worker too.
  }
  return true;
}

/**
 * @param configs the configs named with --config (the hook of a monorepo names its project): each
 *   must be a cached project. The path tests use every cached project, which can only make the
 *   shortcut decline where the full run would answer; staged code is judged against the import
 *   graphs of the projects the full run would check.
 */
export async function stagedShortcut(
  cwd: string,
  env: NodeJS.ProcessEnv,
  configs: readonly string[] = [],
): Promise<ShortcutResult> {
  const root = findRoot(cwd, env);
  if (!root) return { text: null, root: null, diff: null };
  const diff = readStaged(root, env);
  const declined = { text: null, root, diff };
  if (!('files' in diff) || diff.files.length === 0) return declined;
  const cache = readCacheFast(root);
  if (cache === null) return declined;
  const skipped = cache.skipped ?? [];
  const known = (c: string) => cache.projects.some((p) => p.configFile === c);
  const named = configs.map((c) => path.relative(root, path.resolve(cwd, c)).split(path.sep).join('/'));
  const usable = named.length
    ? named.every(known)
    : cache.configs !== null &&
      cache.configs.length > 0 &&
      cache.configs.every((c) => known(c) || skipped.some((s) => s.configFile === c));
  if (!usable) return declined;
  const projects = cache.projects.map(hydrateFast);
  const rest = diff.files.filter((f) => !irrelevantFast(f, projects));
  let verdict: SourceVerdict | null = rest.length ? null : 'nothing-relevant';
  // Staged code: loaded only then, so a README commit pays nothing for it.
  if (rest.length && rest.every((f) => isSourceOrTsconfig(f.path))) {
    // Judged against the projects the full run would check: those named, else those here.
    const runConfigs = named.length ? named : configsHere(cache.configs!, root, cwd);
    const runProjects = projects.filter((p) => runConfigs.includes(p.configFile));
    const { judgeSources } = await import('./staged-source.js');
    verdict = await judgeSources(root, rest, diff.blobs, runProjects, cache);
  }
  if (!verdict) return { ...declined, newWork: isNewWork(root, rest, diff.blobs) };
  // The full run notes each config it skips (another dialect, no schema): so does this one.
  const here = new Set(named.length ? [] : configsHere(cache.configs!, root, cwd));
  const notes = skipped.filter((s) => here.has(s.configFile)).map((s) => `${skippedNote(s.configFile, s.reason)}\n`);
  return { text: `${notes.join('')}${verdict === 'nothing-relevant' ? NOTHING_TO_CHECK : NO_PROBLEMS}`, root, diff };
}
