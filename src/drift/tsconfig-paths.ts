/**
 * tsconfig `paths` as jiti aliases, the way drizzle-kit 1.0 builds them (`getAliasesForTsconfig`):
 * the nearest tsconfig.json above the file, `extends` followed, only exact keys and trailing `/*`
 * patterns (`"@/*": ["./src/*"]` → `{ "@/": "<abs>/src" }`), the first target that exists.
 * drizzle-kit 0.31 loads through tsx, which reads the same `paths` itself.
 */
import { existsSync, readdirSync, readFileSync, type Dirent } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

interface TsconfigLike {
  extends?: string | string[];
  compilerOptions?: { paths?: Record<string, string[]>; baseUrl?: string };
}

/** tsconfig files are JSON with comments and trailing commas. */
export function parseJsonc(text: string): unknown {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inString) {
      out += ch;
      if (ch === '\\') out += text[++i] ?? '';
      else if (ch === '"') inString = false;
    } else if (ch === '"') {
      inString = true;
      out += ch;
    } else if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (ch === '/' && text[i + 1] === '*') {
      i = text.indexOf('*/', i + 2);
      if (i < 0) break;
      i++;
    } else out += ch;
  }
  return JSON.parse(out.replace(/,(\s*[}\]])/g, '$1'));
}

function findTsconfig(fromDir: string): string | null {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'tsconfig.json');
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return null;
  }
}

/**
 * `paths` and the directory they are relative to, following `extends` (nearest definition wins);
 * `baseUrl` set explicitly also makes bare names resolve under it (`lib/exists`).
 */
function pathsOf(file: string, depth = 0): { paths: Record<string, string[]>; base: string; baseUrl?: string } | null {
  const config = parseJsonc(readFileSync(file, 'utf8')) as TsconfigLike;
  const dir = path.dirname(file);
  const own = config.compilerOptions;
  const baseUrl = own?.baseUrl !== undefined ? path.resolve(dir, own.baseUrl) : undefined;
  if (own?.paths) return { paths: own.paths, base: baseUrl ?? dir, ...(baseUrl ? { baseUrl } : {}) };
  if (baseUrl) {
    const inherited = depth > 10 || !config.extends ? null : inheritedPaths(file, config, dir, depth);
    return { paths: inherited?.paths ?? {}, base: inherited?.base ?? baseUrl, baseUrl };
  }
  if (depth > 10 || !config.extends) return null;
  return inheritedPaths(file, config, dir, depth);
}

function inheritedPaths(file: string, config: TsconfigLike, dir: string, depth: number): ReturnType<typeof pathsOf> {
  for (const parent of [config.extends ?? []].flat().reverse()) {
    let parentFile: string;
    try {
      parentFile = parent.startsWith('.')
        ? path.resolve(dir, parent.endsWith('.json') ? parent : `${parent}.json`)
        : createRequire(file).resolve(parent);
    } catch {
      continue; // An unresolvable `extends` is tsc's to report, not ours.
    }
    const found = existsSync(parentFile) ? pathsOf(parentFile, depth + 1) : null;
    if (found) return found;
  }
  return null;
}

export function aliasesFor(fileDir: string): Record<string, string> | undefined {
  const tsconfig = findTsconfig(fileDir);
  if (!tsconfig) return undefined;
  const found = pathsOf(tsconfig);
  if (!found) return undefined;
  const aliases: Record<string, string> = {};
  for (const [key, values] of Object.entries(found.paths)) {
    const targets = (values ?? []).filter(Boolean);
    if (!targets.length) continue;
    const trailing = key.endsWith('/*') && targets.every((t) => t.endsWith('/*'));
    if ((key.includes('*') || targets.some((t) => t.includes('*'))) && !trailing) continue;
    const resolved = targets.map((t) => path.resolve(found.base, trailing ? t.slice(0, -1) : t));
    aliases[trailing ? key.slice(0, -1) : key] = resolved.find((c) => existsSync(c)) ?? resolved[0]!;
  }
  if (found.baseUrl) Object.assign(aliases, baseUrlAliases(found.baseUrl, aliases));
  return aliases;
}

/**
 * An explicit `baseUrl` resolves bare names under it, as tsc and tsx do: `lib/exists` is
 * `<baseUrl>/lib/exists`. As jiti aliases: one per folder and source file at the top of baseUrl
 * (node_modules and dot folders excluded), never overriding a `paths` entry.
 */
function baseUrlAliases(baseUrl: string, taken: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  let entries: Dirent[];
  try {
    entries = readdirSync(baseUrl, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    if (entry.isDirectory()) {
      if (!(`${entry.name}/` in taken)) out[`${entry.name}/`] = path.join(baseUrl, entry.name);
    } else if (/\.(?:[cm]?[jt]sx?)$/.test(entry.name) && !/\.d\.[cm]?ts$/.test(entry.name)) {
      const name = entry.name.replace(/\.[^.]+$/, '');
      if (!(name in taken)) out[name] = path.join(baseUrl, name);
    }
  }
  return out;
}
