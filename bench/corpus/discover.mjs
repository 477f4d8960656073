/**
 * Which drizzle projects a repository has had, and which commits touched them. Everything is read
 * from the bare mirror (no checkout): config paths over first-parent history, each config's text at
 * each version (dialect, `schema`, `out`), and the package that runs drizzle-kit for it.
 */
import { posix } from 'node:path';
import { git, show } from './proc.mjs';

const DEFAULT_CONFIG = /(^|\/)drizzle\.config\.(ts|js|mjs|cjs|mts|json)$/;
/** Configs with another name (`configs/postgresql.config.ts`) are found through `--config` in scripts. */
const OTHER_CONFIG = /(^|\/)[^/]*\.config\.(ts|js|mjs|cjs|mts|json)$/;

export function isPostgres(text) {
  return (
    /dialect\s*:\s*["'`]postgresql["'`]/.test(text) ||
    /driver\s*:\s*["'`]pg["'`]/.test(text) ||
    /"dialect"\s*:\s*"postgresql"/.test(text)
  );
}

/** The string values of `key:` in a config: `"x"` or `["a", "b"]`; [] when computed. */
export function stringValues(text, key) {
  const m = new RegExp(`\\b${key}\\s*:\\s*(\\[[^\\]]*\\]|["'\`][^"'\`]*["'\`])`).exec(text);
  if (!m) return [];
  return [...m[1].matchAll(/["'`]([^"'`]*)["'`]/g)].map((x) => x[1]).filter(Boolean);
}

/** The directory part of a schema path or glob before its first wildcard. */
function staticPrefix(p) {
  const parts = p.split('/');
  const i = parts.findIndex((s) => /[*?{[]/.test(s));
  return (i < 0 ? parts : parts.slice(0, i)).join('/');
}

const norm = (p) =>
  posix
    .normalize(p)
    .replace(/^\.\/?$/, '')
    .replace(/\/$/, '');

/** The scripts of a package.json text that run drizzle-kit, or []. */
function kitScripts(pkgText) {
  try {
    const scripts = JSON.parse(pkgText).scripts ?? {};
    return Object.values(scripts).filter((s) => typeof s === 'string' && /drizzle-kit/.test(s));
  } catch {
    return [];
  }
}

/**
 * The directory drizzle-kit runs in for `config` at `commit`: the nearest package.json above it whose
 * scripts run drizzle-kit with this config (`--config <path>`), or run it without `--config` from
 * the config's own folder; else the config's folder.
 */
export function packageDir(gitDir, commit, config) {
  const cfgDir = posix.dirname(config) === '.' ? '' : posix.dirname(config);
  let dir = cfgDir;
  for (;;) {
    const pkg = show(gitDir, commit, dir ? `${dir}/package.json` : 'package.json');
    if (pkg) {
      for (const s of kitScripts(pkg)) {
        for (const m of s.matchAll(/--config[= ]\s*["']?([^\s"'&|;]+)/g)) {
          if (norm(posix.join(dir, m[1])) === config) return dir;
        }
        if (dir === cfgDir && !/--config/.test(s) && DEFAULT_CONFIG.test(config)) return dir;
      }
    }
    if (!dir) break;
    dir = posix.dirname(dir) === '.' ? '' : posix.dirname(dir);
  }
  return cfgDir;
}

/** Every path that ever existed on the first-parent history of `tip`. */
function pathsEverSeen(gitDir, tip) {
  // --no-renames: rename detection reads blobs, and a mirror may lack some (git would stop there).
  const out = git(gitDir, ['log', '--no-renames', '--format=', '--name-only', '--diff-filter=AM', tip], { soft: true });
  return new Set(out.split('\n').filter(Boolean));
}

/**
 * Postgres drizzle configs over history: `[{ config, paths }]`, where `paths` are the pathspecs whose
 * changes make a commit interesting (the config, its `out` folder, its schema's static prefix).
 */
export function discoverConfigs(gitDir, tip) {
  const seen = pathsEverSeen(gitDir, tip);
  const candidates = [...seen].filter(
    (p) =>
      !/node_modules\//.test(p) &&
      (DEFAULT_CONFIG.test(p) || (OTHER_CONFIG.test(p) && /(^|\/)(db|database|drizzle|configs?)\//.test(p))),
  );
  const configs = [];
  for (const config of candidates) {
    const versions = git(gitDir, ['log', '--format=%H', tip, '--', config], { soft: true }).split('\n').filter(Boolean);
    const paths = new Set([config]);
    let postgres = false;
    for (const commit of versions.slice(0, 25)) {
      const text = show(gitDir, commit, config);
      if (!text || !/drizzle-kit|dialect|driver/.test(text) || !isPostgres(text)) continue;
      postgres = true;
      const dir = packageDir(gitDir, commit, config);
      const cfgDir = posix.dirname(config) === '.' ? '' : posix.dirname(config);
      const out = stringValues(text, 'out');
      for (const o of out.length ? out : ['drizzle']) paths.add(norm(posix.join(dir, o)));
      const schema = stringValues(text, 'schema').map(staticPrefix);
      for (const s of schema) paths.add(norm(posix.join(dir, s)));
      if (!schema.length) paths.add(cfgDir || ':(glob)**/*schema*');
    }
    if (postgres) configs.push({ config, paths: [...paths].filter((p) => p !== '') });
  }
  return configs;
}

/**
 * The most recent `max` non-merge commits (with a parent) touching any project: the first-parent
 * line first; a history made of merge commits (a PR merged with a merge commit) has few of those,
 * so the non-merge commits of the merged branches fill up to `max` (each still has one parent,
 * so `HEAD~1` is the commit the author built on).
 */
export function interestingCommits(gitDir, tip, configs, max) {
  const pathspecs = [...new Set(configs.flatMap((c) => c.paths))];
  // `%P` in a path-limited log shows rewritten parents: ask for the real ones, without pathspecs.
  const list = (extra) => {
    const commits = git(gitDir, ['log', ...extra, '--no-merges', '--format=%H', tip, '--', ...pathspecs], {
      soft: true,
    })
      .split('\n')
      .filter(Boolean);
    if (!commits.length) return [];
    const withParent = new Set(
      git(gitDir, ['rev-list', '--no-walk=unsorted', '--parents', ...commits], { soft: true })
        .split('\n')
        .map((l) => l.split(' '))
        .filter((parts) => parts.length === 2)
        .map((parts) => parts[0]),
    );
    return commits.filter((c) => withParent.has(c));
  };
  const first = list(['--first-parent']).slice(0, max);
  if (first.length >= max) return first.map((commit) => ({ commit, line: 'first-parent' }));
  const taken = new Set(first);
  const more = list([])
    .filter((c) => !taken.has(c))
    .slice(0, max - first.length);
  return [
    ...first.map((commit) => ({ commit, line: 'first-parent' })),
    ...more.map((commit) => ({ commit, line: 'branch' })),
  ];
}

/** The Postgres configs that exist at `commit`, with the directory drizzle-kit runs in for each. */
export function projectsAt(gitDir, commit, configs) {
  const projects = [];
  for (const { config } of configs) {
    const text = show(gitDir, commit, config);
    if (!text || !isPostgres(text)) continue;
    projects.push({ config, pkgDir: packageDir(gitDir, commit, config), text });
  }
  return projects;
}
