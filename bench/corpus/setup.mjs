/**
 * Making a checkout loadable without installing the project: drizzle-kit and drizzle-orm at the
 * versions the commit's lockfile names (installed once per pair into a cache folder), the repo's
 * workspace packages linked by name, and any other package the schema needs installed on demand
 * (once per name and range) and linked into the checkout's node_modules.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, lstatSync } from 'node:fs';
import { join, posix, dirname } from 'node:path';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { run } from './proc.mjs';
import { declaredRange } from './versions.mjs';

const safe = (s) => s.replace(/[^\w.@+-]+/g, '_');

/** Installs `specs` (`name@version`) into `<dir>/node_modules` once; returns that node_modules, or throws. */
async function installInto(dir, deps, peers) {
  const modules = join(dir, 'node_modules');
  if (existsSync(join(dir, '.done'))) return modules;
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'corpus-cache', private: true, dependencies: deps }, null, 2),
  );
  const args = ['install', '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'];
  // A package's peers (zod for @t3-oss/env-*) must sit next to it: ESM imports ignore NODE_PATH.
  let r = peers ? await run('npm', args, { cwd: dir, timeoutMs: 300_000 }) : { code: 1 };
  if (r.code !== 0) r = await run('npm', [...args, '--legacy-peer-deps'], { cwd: dir, timeoutMs: 300_000 });
  if (r.code !== 0) {
    throw new Error(
      `npm install ${Object.entries(deps)
        .map(([n, v]) => `${n}@${v}`)
        .join(' ')}: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' ')}`,
    );
  }
  writeFileSync(join(dir, '.done'), '');
  return modules;
}

/** One install at a time per folder, across parallel jobs. */
const pending = new Map();
function installOnce(dir, deps, peers = false) {
  if (!pending.has(dir)) {
    pending.set(
      dir,
      installInto(dir, deps, peers).finally(() => pending.delete(dir)),
    );
  }
  return pending.get(dir);
}

export async function kitModules(cache, kit, orm) {
  return installOnce(join(cache, 'kits', safe(`${kit}+${orm}`)), { 'drizzle-kit': kit, 'drizzle-orm': orm });
}

export async function extraModules(cache, name, range) {
  return installOnce(join(cache, 'pkgs', safe(`${name}@${range}+peers`)), { [name]: range }, true);
}

/**
 * drizzle-kit, drizzle-orm and the other packages the schema needs (`{ name: range }`), installed
 * together once per set: a package and the plugins that extend it (a Pothos builder and its relay
 * plugin, drizzle-orm and drizzle-zod) then share one copy, as in the project's own install. Apart,
 * each plugin got its own copy of its peer, and the schema failed to load under generate too.
 */
export async function moduleSet(cache, kit, orm, extras) {
  const deps = { ...extras, 'drizzle-kit': kit, 'drizzle-orm': orm };
  if (Object.keys(deps).length === 2) return kitModules(cache, kit, orm);
  const key = createHash('sha256')
    .update(JSON.stringify(Object.entries(deps).sort()))
    .digest('hex')
    .slice(0, 16);
  return installOnce(join(cache, 'sets', key), deps, true);
}

/** Points `<nodeModules>/<name>` at `target` (replacing what is there). */
export function link(nodeModules, name, target) {
  const at = join(nodeModules, name);
  mkdirSync(dirname(at), { recursive: true });
  try {
    lstatSync(at);
    rmSync(at, { recursive: true, force: true });
  } catch {
    /* nothing there */
  }
  symlinkSync(target, at, 'dir');
}

/** The repo's own packages: package.json name → folder (relative to the checkout). */
export function workspacePackages(root) {
  const files = execFileSync('git', ['-C', root, 'ls-files', '-z', '--', 'package.json', '*/package.json'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
    .split('\0')
    .filter((f) => f && !f.includes('node_modules/'));
  const byName = new Map();
  for (const f of files) {
    try {
      const name = JSON.parse(readFileSync(join(root, f), 'utf8')).name;
      if (typeof name === 'string' && !byName.has(name)) {
        byName.set(name, posix.dirname(f) === '.' ? '' : posix.dirname(f));
      }
    } catch {
      /* not JSON: skip */
    }
  }
  return byName;
}

/** The package name in a module specifier (`@a/b/c` → `@a/b`, `x/y` → `x`), or null for a path. */
export function packageName(spec) {
  if (!spec || spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('node:') || spec.startsWith('#')) {
    return null;
  }
  const parts = spec.split('/');
  return spec.startsWith('@') ? (parts.length >= 2 ? `${parts[0]}/${parts[1]}` : null) : parts[0];
}

/** Packages a failed run could not find, from its output. */
export function missingPackages(output) {
  const names = new Set();
  for (const m of output.matchAll(/Cannot find (?:module|package) '([^']+)'/g)) {
    const n = packageName(m[1]);
    if (n) names.add(n);
  }
  for (const m of output.matchAll(/Could not resolve "([^"]+)"/g)) {
    const n = packageName(m[1]);
    if (n) names.add(n);
  }
  return [...names];
}

/**
 * Links the kit pair and `extras` (`[{ name, modules }]`) and the repo's workspace packages into the
 * node_modules of the checkout root and of the package that runs drizzle-kit.
 */
export function linkAll(root, pkgDir, kitModulesDir, extras, workspace) {
  const dirs = [...new Set([join(root, 'node_modules'), join(root, pkgDir, 'node_modules')])];
  for (const nm of dirs) {
    for (const [name, dir] of workspace) if (name && !name.startsWith('drizzle-')) link(nm, name, join(root, dir));
    for (const { name, modules } of extras) link(nm, name, join(modules, name));
    link(nm, 'drizzle-kit', join(kitModulesDir, 'drizzle-kit'));
    link(nm, 'drizzle-orm', join(kitModulesDir, 'drizzle-orm'));
  }
}

/**
 * The range to install for a missing package: what the package running drizzle-kit (or a folder
 * above it) declares, else what any workspace package declares, else latest.
 */
export function rangeFor(root, pkgDir, name, workspace = new Map()) {
  const usable = (r) => r && !/^(workspace|link|file|catalog):/.test(r);
  const own = declaredRange(root, pkgDir, name);
  if (usable(own)) return own;
  for (const dir of workspace.values()) {
    const r = declaredRange(root, dir, name);
    if (usable(r)) return r;
  }
  return 'latest';
}

/** An environment in which configs that read connection settings load without a database. */
export function projectEnv(configText) {
  const url = 'postgres://postgres:postgres@127.0.0.1:5432/test';
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LANG: 'C.UTF-8',
    CI: '1',
    NO_COLOR: '1',
    SKIP_ENV_VALIDATION: '1',
    DATABASE_URL: url,
    POSTGRES_URL: url,
    DB_URL: url,
    DIRECT_URL: url,
    DB_DIALECT: 'postgresql',
    DB_DRIVER: 'node-postgres',
  };
  for (const m of configText.matchAll(/process\.env(?:\.|\[["'])([A-Z_][A-Z0-9_]*)/g)) {
    const n = m[1];
    if (env[n]) continue;
    env[n] = /PORT/.test(n)
      ? '5432'
      : /HOST/.test(n)
        ? '127.0.0.1'
        : /USER/.test(n)
          ? 'postgres'
          : /PASS/.test(n)
            ? 'postgres'
            : /(^|_)(NAME|DATABASE|DB)$/.test(n)
              ? 'test'
              : /SSL/.test(n)
                ? 'false'
                : url;
  }
  return env;
}
