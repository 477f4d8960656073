/**
 * Resolves an import specifier to repository files without a TypeScript loader, reading one side
 * of the change set (so `--base` and `--staged` judge the graph they compare, on a fresh checkout
 * with no cache). It knows what a schema may import a constant through:
 *
 * - relative paths (`./enums.js` → `enums.ts`, a folder's `index.ts`);
 * - package.json `imports` of the nearest package (`#db/constants`);
 * - tsconfig `paths` and `baseUrl` (`@/lib/x`), of the importing file's tsconfig and of the
 *   project package's (drizzle-kit runs there, and its loader reads that one);
 * - workspace packages by their package.json `name`, through `exports` or `main` (`@acme/shared`,
 *   `@acme/app/constants` from inside `@acme/app` itself).
 *
 * Anything else bare (`drizzle-orm`, `zod`, `node:fs`) lives in node_modules: not the repository's
 * to change. An import that points into the repository but to no file it has (a `dist/` build, a
 * generated file, a pattern the resolver does not know) is *unresolved*: every source file of the
 * package it points into may be what loads.
 */
import { builtinModules } from 'node:module';
import path from 'node:path';
import type { Tree } from '../git/tree.js';
import { exportsMap, matchMap, splitPackageSpecifier, type Target } from './package-exports.js';
import { parseJsonc } from '../drift/tsconfig-paths.js';
import { matchPaths, TsconfigPaths } from './tsconfig-tree.js';

export type Resolution =
  | { kind: 'files'; files: string[] }
  | { kind: 'external' }
  /** Could be any source file under `scope` (a package folder, '' for the repository root). */
  | { kind: 'unresolved'; scope: string };

interface PackageJson {
  name?: unknown;
  main?: unknown;
  module?: unknown;
  types?: unknown;
  exports?: unknown;
  imports?: unknown;
}

const BUILTINS = new Set(builtinModules);
const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '.jsx', '.json'];

const dirOf = (file: string) => path.posix.dirname(file).replace(/^\.$/, '');
const join = (dir: string, rel: string) => {
  const joined = path.posix.normalize(path.posix.join(dir || '.', rel));
  return joined === '.' ? '' : joined;
};
const inRepository = (file: string) => file !== '..' && !file.startsWith('../') && !/(^|\/)node_modules\//.test(file);

/** Candidate files for a path without its loader's extension rules applied, in TypeScript's order. */
export function fileCandidates(base: string): string[] {
  const list: string[] = [];
  const swapped = base
    .replace(/\.js$/, '.ts')
    .replace(/\.mjs$/, '.mts')
    .replace(/\.cjs$/, '.cts')
    .replace(/\.jsx$/, '.tsx');
  if (swapped !== base) list.push(swapped, swapped.replace(/\.ts$/, '.tsx'));
  list.push(base);
  for (const ext of EXTENSIONS) list.push(`${base}${ext}`);
  for (const ext of ['.ts', '.tsx', '.js', '.mjs']) list.push(`${base}/index${ext}`);
  return list;
}

export class ModuleResolver {
  private readonly json = new Map<string, Promise<unknown>>();
  private workspace: Promise<Map<string, string[]>> | null = null;
  private readonly tsconfig: TsconfigPaths;

  /**
   * @param files every file of the side (repository-relative)
   * @param projectDir the package drizzle-kit runs in
   */
  constructor(
    private readonly tree: Tree,
    private readonly files: ReadonlySet<string>,
    private readonly projectDir: string,
  ) {
    this.tsconfig = new TsconfigPaths({
      exists: (f) => this.files.has(f),
      readJson: (f) => this.readJson(f),
      packageFile: async (spec) => {
        const [name, sub] = splitPackageSpecifier(spec);
        const dirs = (await this.packages()).get(name);
        return dirs?.length ? join(dirs[0]!, sub) : null;
      },
    });
  }

  /** tsconfig files whose `paths` were used: an edit to one can change what the schema loads. */
  readonly consulted = new Set<string>();

  async resolve(fromFile: string, spec: string): Promise<Resolution> {
    const fromDir = dirOf(fromFile);
    if (spec.startsWith('.') || spec.startsWith('/')) {
      const hit = this.existing(fileCandidates(join(fromDir, spec)));
      return hit ? { kind: 'files', files: [hit] } : { kind: 'unresolved', scope: this.packageDirOf(fromDir) };
    }
    if (spec.startsWith('#')) return this.resolveImports(fromDir, spec);
    if (spec.startsWith('node:') || BUILTINS.has(spec.split('/')[0]!)) return { kind: 'external' };
    return this.resolveBare(fromDir, spec);
  }

  private existing(candidates: string[]): string | undefined {
    return candidates.find((c) => this.files.has(c));
  }

  /** The nearest folder above `dir` with a package.json ('' when none: the repository root). */
  private packageDirOf(dir: string): string {
    for (let d = dir; ; d = dirOf(d)) {
      if (this.files.has(join(d, 'package.json'))) return d;
      if (d === '') return '';
    }
  }

  private readJson(file: string): Promise<unknown> {
    let cached = this.json.get(file);
    if (!cached) {
      // A manifest or tsconfig that does not parse resolves nothing: the import then stays unresolved.
      cached = this.tree
        .read(file)
        .then((text) => (text === undefined ? null : parseJsonc(text)))
        .catch(() => null);
      this.json.set(file, cached);
    }
    return cached;
  }

  private async packageJson(dir: string): Promise<PackageJson> {
    const value = await this.readJson(join(dir, 'package.json'));
    return value && typeof value === 'object' ? (value as PackageJson) : {};
  }

  /** Workspace packages by name: every package.json in the repository that has one. */
  private packages(): Promise<Map<string, string[]>> {
    if (!this.workspace) {
      this.workspace = (async () => {
        const byName = new Map<string, string[]>();
        const manifests = [...this.files]
          .filter((f) => f === 'package.json' || f.endsWith('/package.json'))
          .filter(inRepository);
        for (const manifest of manifests) {
          const dir = dirOf(manifest);
          const { name } = await this.packageJson(dir);
          if (typeof name === 'string' && name) byName.set(name, [...(byName.get(name) ?? []), dir]);
        }
        return byName;
      })();
    }
    return this.workspace;
  }

  /** Targets of an exports/imports entry, relative to the package folder, as files of the side. */
  private async targetsIn(dir: string, fromDir: string, targets: string[]): Promise<Resolution> {
    const found = new Set<string>();
    let missing = false;
    for (const target of targets) {
      if (target.startsWith('./')) {
        const hit = this.existing(fileCandidates(join(dir, target)));
        if (hit) found.add(hit);
        else missing = true;
        continue;
      }
      // `"#dep": "some-package"`: resolved as that package from here.
      const r = await this.resolveBare(fromDir, target);
      if (r.kind === 'files') r.files.forEach((f) => found.add(f));
      else if (r.kind === 'unresolved') return r;
    }
    if (found.size) return { kind: 'files', files: [...found] };
    return missing ? { kind: 'unresolved', scope: dir } : { kind: 'external' };
  }

  private async resolveImports(fromDir: string, spec: string): Promise<Resolution> {
    const dir = this.packageDirOf(fromDir);
    const { imports } = await this.packageJson(dir);
    const targets = imports && typeof imports === 'object' ? matchMap(imports as Record<string, Target>, spec) : null;
    if (!targets) return { kind: 'unresolved', scope: dir };
    return this.targetsIn(dir, fromDir, targets);
  }

  private async resolveBare(fromDir: string, spec: string): Promise<Resolution> {
    const viaPaths = await this.resolvePaths(fromDir, spec);
    if (viaPaths) return viaPaths;
    const [name, subpath] = splitPackageSpecifier(spec);
    const dirs = (await this.packages()).get(name);
    if (!dirs) return { kind: 'external' };
    const files = new Set<string>();
    for (const dir of dirs) {
      const r = await this.resolvePackage(dir, fromDir, subpath);
      if (r.kind === 'unresolved') return r;
      if (r.kind === 'files') r.files.forEach((f) => files.add(f));
    }
    return files.size ? { kind: 'files', files: [...files] } : { kind: 'unresolved', scope: dirs[0]! };
  }

  /** tsconfig `paths` / `baseUrl` of the importing file's tsconfig and of the project package's. */
  private async resolvePaths(fromDir: string, spec: string): Promise<Resolution | null> {
    const configs = await Promise.all([...new Set([fromDir, this.projectDir])].map((d) => this.tsconfig.forDir(d)));
    const found = new Set<string>();
    let missingInRepo: string | null = null;
    for (const config of configs) {
      if (!config) continue;
      const mapped = matchPaths(config.paths, spec);
      if (mapped || config.baseUrl !== null) config.files.forEach((f) => this.consulted.add(f));
      for (const target of mapped ?? []) {
        const hit = this.existing(fileCandidates(target));
        if (hit) found.add(hit);
        else if (inRepository(target) && missingInRepo === null) missingInRepo = target;
      }
      const underBase = config.baseUrl !== null ? this.existing(fileCandidates(join(config.baseUrl, spec))) : undefined;
      if (underBase) found.add(underBase);
    }
    if (found.size) return { kind: 'files', files: [...found] };
    // A pattern that points into the repository at a file it does not have (generated, built):
    // TypeScript would fall back to node_modules, but the alias names the repository's own code.
    if (missingInRepo !== null && !(await this.packages()).has(splitPackageSpecifier(spec)[0])) {
      return { kind: 'unresolved', scope: this.packageDirOf(dirOf(missingInRepo)) };
    }
    return null;
  }

  private async resolvePackage(dir: string, fromDir: string, subpath: string): Promise<Resolution> {
    const pkg = await this.packageJson(dir);
    const map = exportsMap(pkg.exports);
    if (map) {
      const targets = matchMap(map, subpath ? `./${subpath}` : '.');
      return targets ? this.targetsIn(dir, fromDir, targets) : { kind: 'unresolved', scope: dir };
    }
    const entries = subpath
      ? [subpath]
      : [pkg.main, pkg.module, pkg.types].filter((e): e is string => typeof e === 'string').concat('index');
    for (const entry of entries) {
      const hit = this.existing(fileCandidates(join(dir, entry)));
      if (hit) return { kind: 'files', files: [hit] };
    }
    return { kind: 'unresolved', scope: dir };
  }
}
