/**
 * Which version of a package a commit really ran: the lockfile first (pnpm, bun, yarn, npm), then
 * the range in package.json (a pnpm `catalog:` range is looked up in pnpm-workspace.yaml).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';

const read = (p) => (existsSync(p) ? readFileSync(p, 'utf8') : null);
const esc = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const EXACT = /^\d+\.\d+\.\d+(-[\w.]+)?$/;

/** The importer block of `pkgDir` in a pnpm lockfile (or the whole root section). */
function pnpmImporter(text, pkgDir) {
  const start = text.indexOf('\nimporters:\n');
  if (start < 0) return text.split('\npackages:\n')[0];
  const key = `\n  ${pkgDir || '.'}:\n`;
  const i = text.indexOf(key, start);
  if (i < 0) return null;
  const rest = text.slice(i + key.length);
  const end = rest.search(/\n {2}\S[^\n]*:\n|\n\S/);
  return end < 0 ? rest : rest.slice(0, end);
}

function fromPnpm(text, pkgDir, name) {
  const block = pnpmImporter(text, pkgDir) ?? pnpmImporter(text, '');
  const n = esc(name);
  if (block) {
    // v6+: `drizzle-kit:\n  specifier: ^0.31\n  version: 0.31.4(...)`; v5: `drizzle-kit: 0.20.14`.
    const m =
      new RegExp(`\\n\\s+'?${n}'?:\\n\\s+specifier:[^\\n]*\\n\\s+version:\\s*'?(\\d[^\\s('_]*)`).exec(block) ??
      new RegExp(`\\n\\s+'?${n}'?:\\s*'?(\\d[^\\s('_]*)`).exec(block);
    if (m) return m[1];
  }
  const any = new RegExp(`['/\\s]${n}[@/](\\d+\\.\\d+\\.\\d+[^\\s:('_]*)`).exec(text);
  return any?.[1] ?? null;
}

function fromBun(text, name) {
  return new RegExp(`"${esc(name)}@(\\d[^"]*)"`).exec(text)?.[1] ?? null;
}

function fromYarn(text, name) {
  const n = esc(name);
  const m = new RegExp(`(^|\\n)"?${n}@[^\\n]*:\\n\\s+version:?\\s+"?(\\d[^"\\s]*)`).exec(text);
  return m?.[2] ?? null;
}

function fromNpm(text, pkgDir, name) {
  try {
    const lock = JSON.parse(text);
    const pkgs = lock.packages ?? {};
    const hit =
      pkgs[posix.join(pkgDir, 'node_modules', name)] ?? pkgs[`node_modules/${name}`] ?? lock.dependencies?.[name];
    return hit?.version ?? null;
  } catch {
    return null;
  }
}

/** The range a package.json above `pkgDir` (inclusive) declares for `name`. */
export function declaredRange(root, pkgDir, name) {
  let dir = pkgDir;
  for (;;) {
    const text = read(join(root, dir, 'package.json'));
    if (text) {
      try {
        const pkg = JSON.parse(text);
        const range = pkg.dependencies?.[name] ?? pkg.devDependencies?.[name] ?? pkg.peerDependencies?.[name];
        if (range) return resolveCatalog(root, name, range);
      } catch {
        /* a broken package.json: keep walking */
      }
    }
    if (!dir) return null;
    dir = posix.dirname(dir) === '.' ? '' : posix.dirname(dir);
  }
}

function resolveCatalog(root, name, range) {
  if (!range.startsWith('catalog:')) return range;
  const ws = read(join(root, 'pnpm-workspace.yaml')) ?? '';
  const m = new RegExp(`\\n\\s+['"]?${esc(name)}['"]?:\\s*['"]?([^'"\\n]+)`).exec(ws);
  return m ? m[1].trim() : null;
}

/** `{ version, source }`: an exact version from a lockfile, or a range; null when nothing names it. */
export function resolveVersion(root, pkgDir, name) {
  const lockers = [
    ['pnpm-lock.yaml', (t) => fromPnpm(t, pkgDir, name)],
    ['bun.lock', (t) => fromBun(t, name)],
    ['yarn.lock', (t) => fromYarn(t, name)],
    ['package-lock.json', (t) => fromNpm(t, pkgDir, name)],
  ];
  for (const [file, parse] of lockers) {
    for (const dir of [pkgDir, '']) {
      const text = read(join(root, dir, file));
      const v = text ? parse(text) : null;
      if (v && EXACT.test(v)) return { version: v, source: posix.join(dir, file) };
    }
  }
  const range = declaredRange(root, pkgDir, name);
  if (range && !/^(workspace|link|file|catalog):/.test(range)) return { version: range, source: 'package.json' };
  return null;
}
