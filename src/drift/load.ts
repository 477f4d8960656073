/**
 * Loads the user's schema modules inside the drift worker, the way their drizzle-kit does:
 * - 0.31 (0.31.10+) registers tsx's CommonJS API (`tsx/cjs/api`, drizzle-kit's own dependency,
 *   which honours tsconfig `paths` from the working directory) and `require`s each entry file;
 * - releases before 0.31.10 register the esbuild-register they depend on (`format: 'cjs'`,
 *   `loader: 'ts'`, as their own CLI does; it bundles tsconfig-paths, so `paths` from the working
 *   directory's tsconfig resolve) and `require` each entry file: packages published as
 *   ES modules load natively, as under their generate, where jiti would transpile every file of
 *   them (lodash-es: 600 modules, 20 s cold, against 0.6 s);
 * - 1.0 imports each file through jiti with the tsconfig `paths` as aliases, and so does any line
 *   whose drizzle-kit has neither tsx nor esbuild-register.
 * Either way the modules land in `require.cache`, which is how the worker learns the schema's import graph:
 * what the load added, and what it reached of the modules the config loaded before it.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { KitLine } from './protocol.js';
import { aliasesFor } from './tsconfig-paths.js';

export class LoadFailure extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly at: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface Loaded {
  /** Every export of every entry file, deduplicated (a barrel re-exports the same table). */
  imports: Record<string, unknown>;
  graph: string[];
}

/**
 * The file of the project's drizzle-kit API for a line, resolved from `cwd` as the project resolves
 * it: `entry` when the caller knows it (kit.ts reads the package's exports), else the first module
 * the package exports of `drizzle-kit/api` (0.23.2 to 0.31) and `drizzle-kit/payload` (0.20.17 to 0.23.1).
 */
export function resolveKitApi(line: KitLine, cwd: string, entry?: string): string {
  const candidates = entry
    ? [entry]
    : line === '1.0'
      ? ['drizzle-kit/api-postgres']
      : ['drizzle-kit/api', 'drizzle-kit/payload'];
  const userRequire = createRequire(path.join(cwd, 'noop.js'));
  let lastError: unknown;
  for (const candidate of candidates) {
    try {
      return userRequire.resolve(candidate);
    } catch (error) {
      lastError = error; // Not exported by this release: try the older name.
    }
  }
  throw new Error(
    `cannot load ${candidates.join(' or ')} from ${cwd}: ${(lastError as Error)?.message ?? String(lastError)}`,
    { cause: lastError },
  );
}

/** The project's drizzle-kit API for a line (resolveKitApi), loaded. */
export function loadKitApi<Api>(
  line: KitLine,
  cwd: string,
  entry?: string,
): { api: Api; kitRequire: NodeJS.Require; file: string } {
  const resolved = resolveKitApi(line, cwd, entry);
  try {
    return {
      api: createRequire(path.join(cwd, 'noop.js'))(resolved) as Api,
      kitRequire: createRequire(resolved),
      file: resolved,
    };
  } catch (error) {
    throw new Error(`cannot load ${entry ?? resolved} from ${cwd}: ${(error as Error)?.message ?? String(error)}`, {
      cause: error,
    });
  }
}

type Importer = (file: string) => Promise<Record<string, unknown>>;

function tsxImporter(userRequire: NodeJS.Require, kitRequire: NodeJS.Require): Importer | null {
  let api: { register: () => unknown };
  try {
    api = kitRequire('tsx/cjs/api') as typeof api;
  } catch (error) {
    // Releases before 0.31.10 came without tsx: jiti then. Any other failure is a real one.
    if ((error as NodeJS.ErrnoException)?.code === 'MODULE_NOT_FOUND') return null;
    throw error;
  }
  api.register();
  return async (file) => userRequire(file) as Record<string, unknown>;
}

function esbuildImporter(userRequire: NodeJS.Require, kitRequire: NodeJS.Require): Importer | null {
  let api: { register: (options: Record<string, unknown>) => unknown };
  try {
    api = kitRequire('esbuild-register/dist/node') as typeof api;
  } catch (error) {
    if ((error as NodeJS.ErrnoException)?.code === 'MODULE_NOT_FOUND') return null;
    throw error;
  }
  api.register({ format: 'cjs', loader: 'ts' });
  return async (file) => userRequire(file) as Record<string, unknown>;
}

function jitiImporter(): Importer {
  const ownRequire = createRequire(import.meta.url);
  const { createJiti } = ownRequire('jiti') as typeof import('jiti');
  return async (file) => {
    const aliases = /\.[mc]?tsx?$/.test(file) ? aliasesFor(path.dirname(file)) : undefined;
    const jiti = createJiti(file, { interopDefault: true, moduleCache: true, ...(aliases ? { alias: aliases } : {}) });
    return (await jiti.import(file)) as Record<string, unknown>;
  };
}

/** `file:line` of the first stack frame in the project's own code (not node_modules, not us). */
export function firstProjectFrame(error: unknown, root: string): string | undefined {
  const stack = (error as Error)?.stack ?? '';
  for (const match of stack.matchAll(/\(?((?:file:\/\/)?\/[^():\s]+):(\d+):\d+\)?/g)) {
    const file = match[1]!.replace(/^file:\/\//, '');
    if (file.startsWith(root) && !file.includes('/node_modules/')) return `${file}:${match[2]}`;
  }
  return undefined;
}

/**
 * The loader drizzle-kit's own CLI registers for a line (tsx or esbuild-register), registered once
 * per process and kept: the config and the schema then load as under one `generate`. null for the
 * lines that load through jiti (1.0, and any release with neither).
 */
const registered = new Map<KitLine, Importer | null>();

/** A worker serves one drizzle-kit (prestart.ts): the line is the key. */
function kitLoader(line: KitLine, cwd: string, kitRequire: NodeJS.Require): Importer | null {
  const key = line;
  if (!registered.has(key)) {
    const userRequire = createRequire(path.join(cwd, 'noop.js'));
    registered.set(
      key,
      line === '0.31' ? (tsxImporter(userRequire, kitRequire) ?? esbuildImporter(userRequire, kitRequire)) : null,
    );
  }
  return registered.get(key)!;
}

/**
 * Evaluates a drizzle config as the line's drizzle-kit does (its loader, `require`, the default
 * export, a function called), so that the schema then loads into the same module registry, as
 * under `generate`. undefined when the line has no such loader (the caller evaluates it its own way).
 */
export async function loadConfigModule(
  line: KitLine,
  cwd: string,
  file: string,
  kitRequire: NodeJS.Require,
): Promise<{ value: unknown } | undefined> {
  const importer = kitLoader(line, cwd, kitRequire);
  if (!importer) return undefined;
  const exports = (await importer(file)) as { default?: unknown } | null;
  let value: unknown = exports && typeof exports === 'object' && 'default' in exports ? exports.default : exports;
  if (typeof value === 'function') value = await (value as () => unknown)();
  return { value };
}

export async function loadSchema(
  line: KitLine,
  cwd: string,
  files: string[],
  kitRequire: NodeJS.Require,
): Promise<Loaded> {
  const userRequire = createRequire(path.join(cwd, 'noop.js'));
  const importer = kitLoader(line, cwd, kitRequire) ?? jitiImporter();
  const before = new Set(Object.keys(userRequire.cache));
  const seen = new Set<unknown>();
  const imports: Record<string, unknown> = {};
  let n = 0;
  for (const file of files) {
    let exports: Record<string, unknown>;
    try {
      exports = await importer(file);
    } catch (error) {
      const message = (error as Error)?.message ?? String(error);
      throw new LoadFailure(message, file, firstProjectFrame(error, cwd), { cause: error });
    }
    for (const value of Object.values(exports ?? {})) {
      if (seen.has(value)) continue;
      seen.add(value);
      imports[`e${n++}`] = value;
    }
  }
  // What this load added, and what it reached that was loaded before it (by the config, which
  // may import the schema's own modules): the entries' modules and everything they require.
  const reached = new Set(Object.keys(userRequire.cache).filter((f) => !before.has(f)));
  const visited = new Set<string>();
  const stack: NodeJS.Module[] = [];
  for (const file of files) {
    const module = userRequire.cache[file] ?? cachedAt(userRequire, file);
    if (module) stack.push(module);
  }
  for (let module = stack.pop(); module; module = stack.pop()) {
    if (visited.has(module.filename)) continue;
    visited.add(module.filename);
    reached.add(module.filename);
    for (const child of module.children ?? []) if (!visited.has(child.filename)) stack.push(child);
  }
  const graph = [...reached].filter((f) => path.isAbsolute(f) && !f.includes(`${path.sep}node_modules${path.sep}`));
  return { imports, graph };
}

/** The registry's module for an entry path given through a symlink (the registry keys real paths). */
function cachedAt(userRequire: NodeJS.Require, file: string): NodeJS.Module | undefined {
  try {
    return userRequire.cache[userRequire.resolve(file)];
  } catch {
    return undefined;
  }
}
