/**
 * Finds and loads the user's drizzle config(s) and turns each into a `Project`.
 *
 * drizzle-kit resolves relative `schema` / `out` paths against the directory it runs in, which is
 * the package whose script runs it, not the config's folder. We do the same: the nearest
 * package.json above the config file.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import * as messages from '../messages.js';
import type { MigrationPrefix } from './model.js';
import type { SerializedProject } from './cache.js';
import type { ConfigAnswer } from './config-protocol.js';
import { dialectOf, NotCheckedError } from './dialect.js';
import { detectPackageManager, drizzleKitScript, scriptCommand } from './package-manager.js';

export { CONFIG_NAME, isDrizzleConfigName } from './names.js';

/** Repository-relative posix path. */
export function toRepoPath(repoRoot: string, absolute: string): string {
  const rel = path.relative(repoRoot, absolute).split(path.sep).join('/');
  return rel === '' ? '' : rel;
}

function nearestPackageDir(repoRoot: string, fromDir: string): string {
  let dir = fromDir;
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.resolve(dir) === path.resolve(repoRoot)) return repoRoot;
    const parent = path.dirname(dir);
    if (parent === dir) return fromDir;
    dir = parent;
  }
}

function readScripts(packageDir: string): Record<string, string> {
  const file = path.join(packageDir, 'package.json');
  if (!existsSync(file)) return {};
  try {
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { scripts?: Record<string, string> };
    return pkg.scripts && typeof pkg.scripts === 'object' ? pkg.scripts : {};
  } catch (error) {
    throw new ConfigError(`${file} is not valid JSON (${(error as Error).message}). Fix the file and try again.`, {
      cause: error,
    });
  }
}

/** The project's own generate: its script run by the repository's package manager, else drizzle-kit itself. */
function generateCommandFor(scripts: Record<string, string>, repoRoot: string, configRel: string): string {
  const named = drizzleKitScript(scripts, 'generate');
  if (named) return scriptCommand(detectPackageManager(repoRoot).name, named);
  return `npx drizzle-kit generate --config ${configRel}`;
}

export type RawConfig = Record<string, unknown>;

export interface ImportOptions {
  /** The directory the config runs in, as under drizzle-kit (default: this process's). */
  cwd?: string;
  /** Default 120 s (loadProject passes the settings' `drift.timeout`). */
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  /** How messages name the config (default: its path). */
  label?: string;
  /** The scripts of the package that runs drizzle-kit, for messages. */
  scripts?: Record<string, string>;
  /**
   * The config as a drift worker evaluated it (OnPackage). Used when it is a config object;
   * anything else (an error, no answer in time) is evaluated again here, for the message.
   */
  early?: Promise<ConfigAnswer | null>;
}

/**
 * Evaluates a drizzle config the way drizzle-kit does, in a child process (config-eval.ts): its
 * timers, connections, prints and `process.exit` stay there.
 */
export async function importConfig(absolute: string, options: ImportOptions = {}): Promise<RawConfig> {
  if (absolute.endsWith('.json')) {
    try {
      return JSON.parse(readFileSync(absolute, 'utf8')) as RawConfig;
    } catch (error) {
      throw new ConfigError(`${absolute} is not valid JSON: ${(error as Error).message}`, { cause: error });
    }
  }
  const { DEFAULT_TIMEOUT_S } = await import('./user-code.js');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_S * 1000;
  const { configTimedOut, evaluateConfig } = await import('./config-eval.js');
  if (options.early) {
    let timer: NodeJS.Timeout | undefined;
    const answer = await Promise.race([
      options.early,
      new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs))),
    ]);
    clearTimeout(timer);
    // The worker still loading it is stopped with the others at the end of the run.
    if (answer === 'late') throw configTimedOut(options.label ?? absolute, timeoutMs);
    if (answer?.ok && answer.kind === 'object') return JSON.parse(answer.json) as RawConfig;
  }
  return evaluateConfig(absolute, {
    cwd: options.cwd ?? process.cwd(),
    timeoutMs,
    ...(options.env ? { env: options.env } : {}),
    ...(options.label ? { label: options.label } : {}),
    ...(options.scripts ? { scripts: options.scripts } : {}),
  });
}

function asStringArray(value: unknown, field: string, file: string): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  throw new ConfigError(`${file}: "${field}" must be a path, a glob or a list of them (got ${JSON.stringify(value)}).`);
}

const GLOB_CHARS = /[*?[\]{}()!]/;

/** Compiles the schema entries (globs, files, folders) into regexes that can be cached. */
export async function schemaRegexes(
  entries: string[],
  isDir: (p: string) => boolean,
): Promise<Array<[string, string, boolean]>> {
  // Loaded here, not at the top: the pre-commit fast path never compiles globs (the cache has them).
  const { default: picomatch } = await import('picomatch');
  const out: Array<[string, string, boolean]> = [];
  for (const raw of entries) {
    const negated = raw.startsWith('!');
    const entry = negated ? raw.slice(1) : raw;
    const pattern = GLOB_CHARS.test(entry) ? entry : isDir(entry) ? (entry ? `${entry}/**` : '**') : entry;
    const re = picomatch.makeRe(pattern, { dot: true });
    out.push([re.source, re.flags, negated]);
  }
  return out;
}

export interface LoadOptions {
  repoRoot: string;
  /** Absolute path of a config the user named. */
  configPath: string;
  /** How long the config may take to load (default: the settings' `drift.timeout`). */
  timeoutMs?: number;
  /** Told the package folder (absolute) before the config runs: the drift worker can start then. */
  onPackage?: OnPackage;
}

/**
 * Told a config's package folder (absolute) before the config runs. It may return the config as a
 * drift worker evaluated it (drift/prestart.ts); null or nothing: the config is evaluated here.
 */
export type OnPackage = (packageDir: string, configPath: string) => Promise<ConfigAnswer | null> | void;

/** Loads one drizzle config and resolves it into a Project. */
export async function loadProject({
  repoRoot,
  configPath,
  timeoutMs,
  onPackage,
}: LoadOptions): Promise<SerializedProject> {
  if (!existsSync(configPath)) {
    throw new ConfigError(`The drizzle config ${configPath} does not exist. Check the --config path.`);
  }
  const configRel = toRepoPath(repoRoot, configPath);
  // The config runs where drizzle-kit runs it (a monorepo's package), whatever folder this process
  // started in: `schema: path.join(process.cwd(), 'src/db')` then names the same files for both.
  const packageDir = nearestPackageDir(repoRoot, path.dirname(configPath));
  const early = onPackage?.(packageDir, configPath) ?? undefined;
  const scripts = readScripts(packageDir);
  const { userCodeTimeoutMs } = await import('./user-code.js');
  const raw = await importConfig(configPath, {
    cwd: packageDir,
    timeoutMs: timeoutMs ?? (await userCodeTimeoutMs(repoRoot)),
    label: configRel,
    scripts,
    ...(early ? { early } : {}),
  });
  const dialect = dialectOf(raw);
  if (dialect !== 'postgresql') {
    if (dialect === undefined) {
      throw new ConfigError(`${configRel}: no "dialect" is set. Add dialect: "postgresql" (drizzle-kit requires it).`);
    }
    throw new NotCheckedError(configRel, `dialect "${dialect}"`, messages.unsupportedDialect(configRel, dialect));
  }
  if (raw.schema === undefined) {
    // A `drizzle-kit pull` or `studio` config: it generates no migrations, so there is nothing to check.
    throw new NotCheckedError(
      configRel,
      'no "schema" (a pull or studio config)',
      `${configRel}: no "schema" is set. Point it at your schema file(s), e.g. schema: "./src/schema".`,
    );
  }
  const baseDir = toRepoPath(repoRoot, packageDir);
  const resolve = (p: string) => {
    const negated = p.startsWith('!');
    const body = negated ? p.slice(1) : p;
    const abs = path.resolve(packageDir, body);
    return (negated ? '!' : '') + toRepoPath(repoRoot, abs);
  };
  const schemaRaw = asStringArray(raw.schema, 'schema', configRel);
  const schema = schemaRaw.map(resolve);
  const outRaw = typeof raw.out === 'string' ? raw.out : 'drizzle';
  const out = resolve(outRaw);
  const migrations = (raw.migrations ?? {}) as { table?: unknown; schema?: unknown; prefix?: unknown };
  const prefix = (typeof migrations.prefix === 'string' ? migrations.prefix : 'index') as MigrationPrefix;
  if (!['index', 'timestamp', 'supabase', 'unix', 'none'].includes(prefix)) {
    throw new ConfigError(
      `${configRel}: migrations.prefix "${prefix}" is not one of index, timestamp, supabase, unix, none.`,
    );
  }
  const casing = raw.casing === 'snake_case' || raw.casing === 'camelCase' ? raw.casing : undefined;
  const credentials = (raw.dbCredentials ?? {}) as Record<string, unknown>;
  const databaseUrl = typeof credentials.url === 'string' ? credentials.url : undefined;

  // Say which paths were tried when a plain (non-glob) schema path does not exist.
  for (let i = 0; i < schemaRaw.length; i++) {
    const entry = schemaRaw[i]!;
    if (GLOB_CHARS.test(entry) || entry.startsWith('!')) continue;
    const abs = path.join(repoRoot, schema[i]!);
    if (!existsSync(abs)) {
      const fromConfigDir = path.resolve(path.dirname(configPath), entry);
      throw new ConfigError(
        `${configRel}: schema path "${entry}" does not exist. Tried ${abs} (relative to ${packageDir}, ` +
          `the package that runs drizzle-kit)` +
          (existsSync(fromConfigDir) && fromConfigDir !== abs
            ? `; it exists at ${fromConfigDir}, but drizzle-kit resolves paths from the package directory, not the config's folder.`
            : '.'),
      );
    }
  }
  const isDir = (rel: string) => {
    try {
      return statSync(path.join(repoRoot, rel)).isDirectory();
    } catch {
      // Not on disk (yet): a path without an extension is taken to be a folder.
      return !/\.[a-z]+$/i.test(rel);
    }
  };
  return {
    configFile: configRel,
    baseDir,
    dialect: 'postgresql',
    schema,
    out,
    prefix,
    breakpoints: raw.breakpoints !== false,
    ...(casing ? { casing } : {}),
    migrationsTable: typeof migrations.table === 'string' ? migrations.table : '__drizzle_migrations',
    migrationsSchema: typeof migrations.schema === 'string' ? migrations.schema : 'drizzle',
    ...(databaseUrl ? { databaseUrl } : {}),
    ...(Array.isArray(raw.schemaFilter)
      ? { schemaFilter: raw.schemaFilter as string[] }
      : typeof raw.schemaFilter === 'string'
        ? { schemaFilter: [raw.schemaFilter] }
        : {}),
    ...(Array.isArray(raw.tablesFilter)
      ? { tablesFilter: raw.tablesFilter as string[] }
      : typeof raw.tablesFilter === 'string'
        ? { tablesFilter: [raw.tablesFilter] }
        : {}),
    generateCommand: generateCommandFor(scripts, repoRoot, configRel),
    scripts,
    schemaRegexes: await schemaRegexes(schema, isDir),
  };
}
