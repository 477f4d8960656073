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
 * Either way the modules land in `require.cache`, which is how the worker learns the schema's import graph.
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
 * The project's drizzle-kit API for a line, resolved from `cwd` as the project resolves it:
 * `entry` when the caller knows it (kit.ts reads the package's exports), else the first module the
 * package exports of `drizzle-kit/api` (0.23.2 to 0.31) and `drizzle-kit/payload` (0.20.17 to 0.23.1).
 */
export function loadKitApi<Api>(
  line: KitLine,
  cwd: string,
  entry?: string,
): { api: Api; kitRequire: NodeJS.Require; file: string } {
  const candidates = entry
    ? [entry]
    : line === '1.0'
      ? ['drizzle-kit/api-postgres']
      : ['drizzle-kit/api', 'drizzle-kit/payload'];
  const userRequire = createRequire(path.join(cwd, 'noop.js'));
  let resolved: string | undefined;
  let lastError: unknown;
  for (const candidate of candidates) {
    try {
      resolved = userRequire.resolve(candidate);
      break;
    } catch (error) {
      lastError = error; // Not exported by this release: try the older name.
    }
  }
  try {
    if (!resolved) throw lastError;
    return { api: userRequire(resolved) as Api, kitRequire: createRequire(resolved), file: resolved };
  } catch (error) {
    throw new Error(
      `cannot load ${candidates.join(' or ')} from ${cwd}: ${(error as Error)?.message ?? String(error)}`,
      { cause: error },
    );
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

export async function loadSchema(
  line: KitLine,
  cwd: string,
  files: string[],
  kitRequire: NodeJS.Require,
): Promise<Loaded> {
  const userRequire = createRequire(path.join(cwd, 'noop.js'));
  const importer =
    (line === '0.31' ? (tsxImporter(userRequire, kitRequire) ?? esbuildImporter(userRequire, kitRequire)) : null) ??
    jitiImporter();
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
  const graph = Object.keys(userRequire.cache).filter(
    (f) => path.isAbsolute(f) && !f.includes(`${path.sep}node_modules${path.sep}`),
  );
  return { imports, graph };
}
