/**
 * A V8 code cache for the CommonJS modules the drift worker loads from node_modules. Most of the
 * worker's fixed cost is compiling `drizzle-kit/api` (a 3 MB bundle) and drizzle-orm; Node 20 has
 * no `module.enableCompileCache` (22.1+), so this does what v8-compile-cache does: compile through
 * `vm.Script` with the cached data of the previous run, and save the data of modules compiled
 * fresh. Measured: `require('drizzle-kit/api')` about 40% faster. Only files under node_modules
 * (they do not change between runs; the key hashes the content anyway); anything else, and any
 * Node without the dynamic-import constant, compiles the usual way.
 *
 * The cache is one file (`dir/code-cache.bin`: a JSON index, then the data), read once and written
 * once: a file per module cost more to create than it saved when a schema pulls in a package of a
 * thousand small files (faker's locales: 1.2 s of writes on a cold run of Dokploy's check).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
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

export interface CompileCache {
  /** Writes the code of modules compiled fresh in this run. */
  save(): void;
}

export function installCompileCache(dir: string): CompileCache {
  const internals = Module as unknown as ModuleInternals;
  const dynamicImport = (vm.constants as unknown as { USE_MAIN_CONTEXT_DEFAULT_LOADER?: unknown } | undefined)
    ?.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  const fresh: Array<{ script: vm.Script; key: string }> = [];
  if (!dynamicImport) return { save() {} };
  const file = path.join(dir, CACHE_FILE);
  const known = readEntries(file);
  const original = internals.prototype._compile;
  internals.prototype._compile = function compile(this: InternalModule, content: string, filename: string) {
    if (!filename.includes(`${path.sep}node_modules${path.sep}`) || !/\.c?js$/.test(filename)) {
      return original.call(this, content, filename);
    }
    const key = createHash('sha1').update(filename).update('\0').update(content).digest('hex');
    // Not compiled before: compile now, save at the end.
    const cachedData = known.get(key);
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
    if (!cachedData || script.cachedDataRejected) fresh.push({ script, key });
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
        for (const { script, key } of fresh.splice(0)) known.set(key, script.createCachedData());
        mkdirSync(dir, { recursive: true });
        // Another worker may save at the same time: each writes a whole file, the last one stays.
        const temp = `${file}.${process.pid}`;
        writeFileSync(temp, encode(known));
        renameSync(temp, file);
      } catch {
        // A cache that cannot be written only costs speed next time.
      }
    },
  };
}

const CACHE_FILE = 'code-cache.bin';
/** A cache grown past this starts again from what the run that writes it compiled. */
const MAX_BYTES = 256 * 1024 * 1024;

/** The index's length (4 bytes), the index (`[key, length]` pairs, JSON), then the data in its order. */
function encode(entries: Map<string, Buffer>): Buffer {
  let list = [...entries];
  const total = list.reduce((n, [, data]) => n + data.length, 0);
  if (total > MAX_BYTES) list = list.slice(-Math.max(1, Math.floor(list.length / 2)));
  const index = Buffer.from(JSON.stringify(list.map(([key, data]) => [key, data.length])));
  const head = Buffer.alloc(4);
  head.writeUInt32LE(index.length);
  return Buffer.concat([head, index, ...list.map(([, data]) => data)]);
}

function readEntries(file: string): Map<string, Buffer> {
  const entries = new Map<string, Buffer>();
  try {
    const all = readFileSync(file);
    const size = all.readUInt32LE(0);
    const index = JSON.parse(all.subarray(4, 4 + size).toString('utf8')) as Array<[string, number]>;
    let at = 4 + size;
    for (const [key, length] of index) {
      if (at + length > all.length) break; // Cut short: what is whole is kept.
      entries.set(key, all.subarray(at, (at += length)));
    }
  } catch {
    // None yet, or unreadable: every module compiles the usual way and the file is written anew.
  }
  return entries;
}
