/**
 * tsconfig `paths` and `baseUrl` as TypeScript computes them, read from one side of the change
 * set (a commit, the index) rather than from disk: the nearest `tsconfig.json` above a file,
 * `extends` followed (a relative file, or a workspace package such as `@acme/tsconfig/base.json`;
 * later entries of an `extends` list win), `paths` relative to `baseUrl` when one is set and else
 * to the tsconfig that declares them, `${configDir}` replaced by the folder of the tsconfig found.
 *
 * All paths are repository-relative posix paths; a path that leaves the repository starts with `..`.
 */
import path from 'node:path';

export interface PathsConfig {
  /** `paths` patterns → targets, each target already repository-relative. */
  paths: Array<{ pattern: string; targets: string[] }>;
  /** The repository-relative `baseUrl`, when one is set: bare specifiers resolve under it too. */
  baseUrl: string | null;
  /** Every tsconfig file read to compute this (their edits can change what the schema loads). */
  files: string[];
}

interface Effective {
  paths?: { value: Record<string, string[]>; dir: string };
  baseUrl?: string;
  files: string[];
}

export interface TsconfigSource {
  exists(file: string): boolean;
  readJson(file: string): Promise<unknown>;
  /** A file inside a workspace package (`@acme/tsconfig/base.json`), or null when it is not one. */
  packageFile(spec: string): Promise<string | null>;
}

const join = (dir: string, rel: string) => path.posix.normalize(path.posix.join(dir || '.', rel));

export class TsconfigPaths {
  private readonly byDir = new Map<string, Promise<PathsConfig | null>>();
  private readonly byFile = new Map<string, Promise<Effective>>();

  constructor(private readonly source: TsconfigSource) {}

  /** The paths configuration that applies to files in `dir` (the nearest tsconfig.json above). */
  forDir(dir: string): Promise<PathsConfig | null> {
    let cached = this.byDir.get(dir);
    if (!cached) {
      cached = this.compute(dir);
      this.byDir.set(dir, cached);
    }
    return cached;
  }

  private async compute(dir: string): Promise<PathsConfig | null> {
    let file: string | null = null;
    for (let d = dir; ; d = d.includes('/') ? path.posix.dirname(d) : '') {
      const candidate = join(d, 'tsconfig.json');
      if (this.source.exists(candidate)) {
        file = candidate;
        break;
      }
      if (d === '') break;
    }
    if (!file) return null;
    const effective = await this.load(file, 0);
    const configDir = path.posix.dirname(file).replace(/^\.$/, '');
    const expand = (p: string) =>
      p
        .split('${configDir}')
        .join(configDir ? `/${configDir}` : '/')
        .replace(/^\/+/, '');
    const baseUrl = effective.baseUrl !== undefined ? expand(effective.baseUrl) : null;
    const pathsBase = baseUrl ?? effective.paths?.dir ?? '';
    const paths = Object.entries(effective.paths?.value ?? {}).map(([pattern, targets]) => ({
      pattern,
      targets: (Array.isArray(targets) ? targets : [])
        .filter((t): t is string => typeof t === 'string')
        .map((t) => (t.includes('${configDir}') ? path.posix.normalize(expand(t)) : join(pathsBase, t))),
    }));
    return {
      paths,
      baseUrl: baseUrl === null ? null : path.posix.normalize(baseUrl || '.').replace(/^\.$/, ''),
      files: effective.files,
    };
  }

  private load(file: string, depth: number): Promise<Effective> {
    let cached = this.byFile.get(file);
    if (!cached) {
      cached = this.read(file, depth);
      this.byFile.set(file, cached);
    }
    return cached;
  }

  private async read(file: string, depth: number): Promise<Effective> {
    const config = (await this.source.readJson(file)) as {
      extends?: unknown;
      compilerOptions?: Record<string, unknown>;
    } | null;
    const dir = path.posix.dirname(file).replace(/^\.$/, '');
    let inherited: Effective = { files: [] };
    const parents = [config?.extends].flat().filter((e): e is string => typeof e === 'string');
    if (depth < 10) {
      for (const parent of parents) {
        const parentFile = await this.extendsFile(dir, parent);
        if (!parentFile) continue; // An `extends` we cannot find is tsc's to report, not ours.
        const found = await this.load(parentFile, depth + 1);
        inherited = {
          ...((found.paths ?? inherited.paths) ? { paths: found.paths ?? inherited.paths } : {}),
          ...((found.baseUrl ?? inherited.baseUrl) ? { baseUrl: found.baseUrl ?? inherited.baseUrl } : {}),
          files: [...inherited.files, ...found.files],
        };
      }
    }
    const own = config?.compilerOptions ?? {};
    const ownPaths =
      own.paths && typeof own.paths === 'object' ? { value: own.paths as Record<string, string[]>, dir } : undefined;
    const ownBase =
      typeof own.baseUrl === 'string'
        ? own.baseUrl.includes('${configDir}')
          ? own.baseUrl
          : join(dir, own.baseUrl)
        : undefined;
    const paths = ownPaths ?? inherited.paths;
    const baseUrl = ownBase ?? inherited.baseUrl;
    return {
      ...(paths ? { paths } : {}),
      ...(baseUrl !== undefined ? { baseUrl } : {}),
      files: [...new Set([file, ...inherited.files])],
    };
  }

  private async extendsFile(dir: string, spec: string): Promise<string | null> {
    if (spec.startsWith('.') || spec.startsWith('/')) {
      const base = join(dir, spec);
      for (const candidate of [base, `${base}.json`, join(base, 'tsconfig.json')]) {
        if (this.source.exists(candidate)) return candidate;
      }
      return null;
    }
    const file = await this.source.packageFile(spec);
    if (!file) return null;
    for (const candidate of [file, `${file}.json`, join(file, 'tsconfig.json')]) {
      if (this.source.exists(candidate)) return candidate;
    }
    return null;
  }
}

/** TypeScript's `paths` match: an exact pattern first, else the wildcard pattern with the longest prefix. */
export function matchPaths(paths: PathsConfig['paths'], spec: string): string[] | null {
  const exact = paths.find((p) => p.pattern === spec);
  if (exact) return exact.targets;
  let best: { prefix: number; targets: string[] } | null = null;
  for (const { pattern, targets } of paths) {
    const at = pattern.indexOf('*');
    if (at < 0) continue;
    const prefix = pattern.slice(0, at);
    const suffix = pattern.slice(at + 1);
    if (spec.length < prefix.length + suffix.length || !spec.startsWith(prefix) || !spec.endsWith(suffix)) continue;
    if (best && prefix.length <= best.prefix) continue;
    const star = spec.slice(prefix.length, spec.length - suffix.length);
    best = { prefix: prefix.length, targets: targets.map((t) => t.split('*').join(star)) };
  }
  return best?.targets ?? null;
}
