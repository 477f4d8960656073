/**
 * A V8 code cache for the CommonJS modules the drift worker loads from node_modules. Most of the
 * worker's fixed cost is compiling `drizzle-kit/api` (a 3 MB bundle) and drizzle-orm; Node 20 has
 * no `module.enableCompileCache` (22.1+), so this does what v8-compile-cache does: compile through
 * `vm.Script` with the cached data of the previous run, and save the data of modules compiled
 * fresh. Measured: `require('drizzle-kit/api')` about 40% faster. Only large files under
 * node_modules (they do not change between runs; the key hashes the content anyway); anything
 * else, and any Node without the dynamic-import constant, compiles the usual way.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

interface InternalModule {
  exports: unknown;
  require(id: string): unknown;
  _compile(content: string, filename: string): unknown;
}

interface ModuleInternals {
  wrap(content: string): string;
  _resolveFilename(request: string, parent: unknown, isMain: boolean, options?: unknown): string;
  _resolveLookupPaths(request: string, parent: unknown): string[] | null;
  _extensions: unknown;
  _cache: unknown;
  prototype: InternalModule;
}

/**
 * Only modules this large: their compile time is what the cache saves (drizzle-kit's API bundle,
 * 3 MB). A cache file per small module costs more to write than it saves: a schema that pulls in
 * a package of a thousand small files (faker's locales) spent 1.5 s writing them on a cold run.
 */
const MIN_SIZE = 100 * 1024;

export interface CompileCache {
  /** Writes the code of modules compiled fresh in this run. */
  save(): void;
}

export function installCompileCache(dir: string): CompileCache {
  const internals = Module as unknown as ModuleInternals;
  const dynamicImport = (vm.constants as unknown as { USE_MAIN_CONTEXT_DEFAULT_LOADER?: unknown } | undefined)
    ?.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  const fresh: Array<{ script: vm.Script; file: string }> = [];
  if (!dynamicImport) return { save() {} };
  const original = internals.prototype._compile;
  internals.prototype._compile = function compile(this: InternalModule, content: string, filename: string) {
    if (
      content.length < MIN_SIZE ||
      !filename.includes(`${path.sep}node_modules${path.sep}`) ||
      !/\.c?js$/.test(filename)
    ) {
      return original.call(this, content, filename);
    }
    const file = path.join(dir, createHash('sha1').update(filename).update('\0').update(content).digest('hex'));
    let cachedData: Buffer | undefined;
    try {
      cachedData = readFileSync(file);
    } catch {
      cachedData = undefined; // Not compiled before: compile now, save at the end.
    }
    // Node strips a hashbang before wrapping (tsx's entry files have one); keep line numbers.
    const source = content.startsWith('#!') ? `//${content.slice(2)}` : content;
    let script: vm.Script;
    try {
      script = new vm.Script(internals.wrap(source), {
        filename,
        ...(cachedData ? { cachedData } : {}),
        importModuleDynamically: dynamicImport as never,
      });
    } catch {
      return original.call(this, content, filename); // Let Node compile it, and report any error its way.
    }
    if (!cachedData || script.cachedDataRejected) fresh.push({ script, file });
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the module object, for the require() built below.
    const mod = this;
    const require = Object.assign((id: string) => mod.require(id), {
      resolve: Object.assign(
        (request: string, options?: unknown) => internals._resolveFilename(request, mod, false, options),
        {
          paths: (request: string) => internals._resolveLookupPaths(request, mod),
        },
      ),
      main: process.mainModule,
      extensions: internals._extensions,
      cache: internals._cache,
    });
    return wrapper.call(mod.exports, mod.exports, require, mod, filename, path.dirname(filename));
  };
  return {
    save() {
      if (!fresh.length) return;
      try {
        mkdirSync(dir, { recursive: true });
        for (const { script, file } of fresh.splice(0)) writeFileSync(file, script.createCachedData());
      } catch {
        // A cache that cannot be written only costs speed next time.
      }
    },
  };
}
