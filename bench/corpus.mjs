#!/usr/bin/env node
/**
 * The corpus harness: nexiom-lint against the truth drizzle-kit itself gives, on the history of real
 * public Drizzle + Postgres projects (bare git mirrors). Run by hand; needs the npm registry.
 *
 *   node bench/corpus.mjs --mirrors <dir> [--repos a,b] [--max-commits N] [--tool bin/nexiom-lint.js]
 *                         [--out bench/corpus-results.md] [--jobs 1] [--fresh] [--timeout 120] [--cached] [--skip N]
 *
 * For each commit that touches a project's schema, migrations or config: a checkout of the commit
 * (its parent resolvable), drizzle-kit and drizzle-orm at the lockfile's versions, `generate` on the
 * checkout (the truth: new | none | refused | ambiguous; `error` when the schema does not load),
 * then `nexiom-lint --base HEAD~1 --format json`, both timed. Results are cached per commit under
 * ~/.cache/nexiom-corpus/results/, the tool side keyed by a hash of the tool's build, so a rerun
 * with another `--tool` only reruns the tool; `--cached` writes the report from the cache alone.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { discoverConfigs, interestingCommits, projectsAt } from './corpus/discover.mjs';
import { resolveVersion } from './corpus/versions.mjs';
import {
  extraModules,
  kitModules,
  linkAll,
  moduleSet,
  missingPackages,
  projectEnv,
  rangeFor,
  workspacePackages,
} from './corpus/setup.mjs';
import { RAN, resetTree, runGenerate, runTool, toolFacts, toolVerdict } from './corpus/judge.mjs';
import { median } from './corpus/proc.mjs';
import { markdown } from './corpus/report.mjs';

const here = dirname(fileURLToPath(import.meta.url));

function parseArgs(argv) {
  const o = {
    skip: 0,
    cached: false,
    mirrors: null,
    repos: null,
    max: 40,
    tool: join(here, '..', 'bin', 'nexiom-lint.js'),
    out: join(here, 'corpus-results.md'),
    jobs: 1,
    fresh: false,
    timeout: 120,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i];
    if (a === '--mirrors') o.mirrors = next();
    else if (a === '--repos') o.repos = next().split(',').filter(Boolean);
    else if (a === '--max-commits') o.max = Number(next());
    else if (a === '--skip') o.skip = Number(next());
    else if (a === '--tool') o.tool = resolve(next());
    else if (a === '--out') o.out = resolve(next());
    else if (a === '--jobs') o.jobs = Math.max(1, Number(next()));
    else if (a === '--fresh') o.fresh = true;
    else if (a === '--cached') o.cached = true;
    else if (a === '--timeout') o.timeout = Number(next());
    else if (a === '--side-by-side') o.sideBySide = Math.max(1, Number(next()));
    else if (a === '--help' || a === '-h') {
      console.log(
        readFileSync(fileURLToPath(import.meta.url), 'utf8')
          .split('\n')
          .slice(2, 7)
          .map((l) => l.replace(/^ \* ?/, ''))
          .join('\n'),
      );
      process.exit(0);
    } else throw new Error(`unknown option ${a} (see --help)`);
  }
  if (!o.mirrors) {
    throw new Error('--mirrors <dir> is required: a folder of bare clones (<dir>/<name>/repo or <dir>/<name>.git)');
  }
  return o;
}

/** `[{ name, gitDir }]` for `<dir>/<x>/repo` and `<dir>/<x>.git`. */
function mirrors(dir, only) {
  const found = [];
  for (const e of readdirSync(dir)) {
    const full = join(dir, e);
    if (!statSync(full).isDirectory()) continue;
    if (existsSync(join(full, 'repo', 'HEAD'))) found.push({ name: e, gitDir: join(full, 'repo') });
    else if (e.endsWith('.git') && existsSync(join(full, 'HEAD'))) found.push({ name: e.slice(0, -4), gitDir: full });
  }
  return found.filter((m) => !only || only.includes(m.name)).sort((a, b) => a.name.localeCompare(b.name));
}

/** A hash of the tool's build (its dist/ folder, or the file itself): the cache key of the tool side. */
function buildId(tool) {
  const h = createHash('sha256');
  const dist = join(dirname(tool), '..', 'dist');
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(js|mjs|cjs|json)$/.test(e.name)) h.update(p.slice(dist.length)).update(readFileSync(p));
    }
  };
  h.update(readFileSync(tool));
  if (existsSync(dist)) walk(dist);
  return h.digest('hex').slice(0, 12);
}

const MEDIA = [
  'gif',
  'png',
  'jpg',
  'jpeg',
  'webp',
  'avif',
  'ico',
  'svg',
  'mp4',
  'mov',
  'webm',
  'mp3',
  'wav',
  'pdf',
  'zip',
  'woff',
  'woff2',
  'ttf',
  'otf',
  'psd',
  'sketch',
  'fig',
];
const KEEP = '<!-- written by hand: kept by reruns -->';
const CACHE = join(homedir(), '.cache', 'nexiom-corpus');
const resultFile = (repo, commit) => join(CACHE, 'results', repo, `${commit}.json`);
const load = (f) => (existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')) : null);
const save = (f, v) => {
  mkdirSync(dirname(f), { recursive: true });
  writeFileSync(f, `${JSON.stringify(v, null, 1)}\n`);
};

/** Extra packages a repository's schemas needed so far (name list), shared by its commits. */
const extrasFile = (repo) => join(CACHE, 'extras', `${repo}.json`);

async function setUpProject(root, repo, project, workspace, extrasKnown) {
  // Not named by the package or its lockfile (drizzle-orm declared by a workspace sibling, a binary
  // bun.lockb): the range another workspace package declares.
  const fromWorkspace = (name) => {
    const range = rangeFor(root, project.pkgDir, name, workspace);
    return range === 'latest' ? null : { version: range, source: 'a workspace package.json' };
  };
  const kit = resolveVersion(root, project.pkgDir, 'drizzle-kit') ?? fromWorkspace('drizzle-kit');
  const orm = resolveVersion(root, project.pkgDir, 'drizzle-orm') ?? fromWorkspace('drizzle-orm');
  if (!kit || !orm) {
    return { failed: `no ${kit ? 'drizzle-orm' : 'drizzle-kit'} version in the lockfile or package.json` };
  }
  const setup = { kit, orm, ranges: {}, extras: [], kitDir: null };
  for (const name of extrasKnown) {
    if (!workspace.has(name)) setup.ranges[name] = rangeFor(root, project.pkgDir, name, workspace);
  }
  try {
    await installSet(setup);
  } catch (e) {
    return { failed: `install drizzle-kit ${kit.version} / drizzle-orm ${orm.version}: ${e.message.slice(0, 160)}` };
  }
  linkAll(root, project.pkgDir, setup.kitDir, setup.extras, workspace);
  return setup;
}

/**
 * Installs the setup's packages as one set; when the set cannot be installed together (a range
 * with no release, a peer conflict), drizzle-kit and drizzle-orm alone and each other package
 * apart, leaving out those that cannot be installed at this commit's range.
 */
async function installSet(setup) {
  const { kit, orm, ranges } = setup;
  try {
    const dir = await moduleSet(CACHE, kit.version, orm.version, ranges);
    setup.kitDir = dir;
    setup.extras = Object.keys(ranges).map((name) => ({ name, modules: dir }));
    return;
  } catch {
    /* apart, below */
  }
  setup.kitDir = await kitModules(CACHE, kit.version, orm.version);
  setup.extras = [];
  for (const [name, range] of Object.entries(ranges)) {
    try {
      setup.extras.push({ name, modules: await extraModules(CACHE, name, range) });
    } catch {
      delete ranges[name]; // Not installable at this range: the run says if it is needed.
    }
  }
}

/** generate, installing what the schema cannot find and retrying; `{ truth }` or `{ failed }`. */
async function truthFor(root, repo, project, setup, workspace, extrasKnown, env, timeoutMs) {
  const tried = new Set();
  for (let attempt = 0; attempt < 10; attempt++) {
    const t = await runGenerate(root, project, setup.kitDir, env, timeoutMs);
    resetTree(root);
    const missing = missingPackages(t.output).filter(
      (n) => !tried.has(n) && n !== 'drizzle-kit' && n !== 'drizzle-orm',
    );
    if (t.cls === 'new' || !missing.length) {
      if (/Cannot find (module|package)|Could not resolve/.test(t.output) && t.cls !== 'new' && t.cls !== 'none') {
        return { failed: `cannot load: ${t.line}` };
      }
      delete t.output;
      return { truth: t };
    }
    for (const name of missing) {
      tried.add(name);
      if (workspace.has(name)) continue;
      setup.ranges[name] = rangeFor(root, project.pkgDir, name, workspace);
      extrasKnown.add(name);
    }
    try {
      await installSet(setup);
    } catch (e) {
      return { failed: `install ${missing.join(', ')}: ${e.message.slice(0, 120)}` };
    }
    linkAll(root, project.pkgDir, setup.kitDir, setup.extras, workspace);
  }
  return { failed: 'too many missing packages' };
}

/**
 * Checks `commit` out; a blob the mirror lacks (a large dump, a video) is left out of the checkout
 * (sparse) and the checkout retried: no schema is ever such a file.
 */
function checkout(root, commit) {
  for (let attempt = 0; ; attempt++) {
    try {
      execFileSync('git', ['-C', root, 'checkout', '-q', '-f', '--detach', commit], {
        stdio: ['ignore', 'ignore', 'pipe'],
        encoding: 'utf8',
      });
      return;
    } catch (e) {
      const missing = [...String(e.stderr ?? '').matchAll(/invalid object \w+ \w+ for '([^']+)'/g)].map((m) => m[1]);
      if (!missing.length || attempt > 5) throw e;
      execFileSync('git', ['-C', root, 'sparse-checkout', 'add', ...missing.map((p) => `!/${p}`)], { stdio: 'ignore' });
    }
  }
}

async function doCommit(ctx, { commit, line }, index, total) {
  const { repo, gitDir, root, configs, opts, build, extrasKnown } = ctx;
  const file = resultFile(repo, commit);
  let result = opts.fresh ? null : load(file);
  if (result && result.tool?.[build] && !opts.fresh) return result;
  if (opts.cached) return null;
  const projects = projectsAt(gitDir, commit, configs);
  if (!projects.length) {
    result = { repo, commit, line, projects: [], tool: {} };
    save(file, result);
    process.stderr.write(`[${repo}] ${index + 1}/${total} ${commit.slice(0, 10)} no Postgres config at this commit\n`);
    return result;
  }
  checkout(root, commit);
  execFileSync('git', ['-C', root, 'clean', '-ffdxq'], { stdio: 'ignore' });
  const workspace = workspacePackages(root);
  const timeoutMs = opts.timeout * 1000;
  const env = projectEnv(projects.map((p) => p.text).join('\n'));
  // drizzle-orm lives in the cache, so the drivers it requires (postgres, pg ...) are found through
  // NODE_PATH, which points at the checkout's linked node_modules.
  env.NODE_PATH = [
    ...new Set([join(root, 'node_modules'), ...projects.map((p) => join(root, p.pkgDir, 'node_modules'))]),
  ].join(':');
  const needTruth = !result?.projects?.length;
  if (needTruth) result = { repo, commit, line, projects: [], tool: {}, ratio: {} };
  for (const project of projects) {
    const setup = await setUpProject(root, repo, project, workspace, extrasKnown);
    let entry = result.projects.find((p) => p.config === project.config);
    if (!entry) result.projects.push((entry = { config: project.config, pkgDir: project.pkgDir }));
    if (setup.failed) {
      entry.setupFailed = setup.failed;
      continue;
    }
    entry.kit = setup.kit.version;
    entry.orm = setup.orm.version;
    if (!needTruth) continue;
    const t = await truthFor(root, repo, project, setup, workspace, extrasKnown, env, timeoutMs);
    if (t.failed) entry.setupFailed = t.failed;
    else entry.truth = t.truth;
  }
  save(extrasFile(repo), [...extrasKnown]);
  resetTree(root);
  const tool = await runTool(root, opts.tool, env, timeoutMs);
  const facts = {};
  for (const p of result.projects) facts[p.config] = toolFacts(tool.json, tool.code, tool.stderr, p.config);
  result.tool = {
    ...(result.tool ?? {}),
    [build]: { code: tool.code, ms: tool.ms, facts, stderr: tool.code === 2 ? tool.stderr.slice(0, 600) : undefined },
  };
  const genMs = result.projects.filter((p) => p.truth && RAN.has(p.truth.cls)).reduce((s, p) => s + p.truth.ms, 0);
  result.ratio = { ...(result.ratio ?? {}), [build]: genMs ? tool.ms / genMs : null };
  if (opts.sideBySide && genMs && (tool.code === 0 || tool.code === 1)) {
    result.timing = {
      ...(result.timing ?? {}),
      [build]: await sideBySide(root, opts, env, timeoutMs, result.projects),
    };
  }
  save(file, result);
  const summary = result.projects
    .map(
      (p) =>
        `${p.config}: ${p.setupFailed ? `setup failed (${p.setupFailed.slice(0, 80)})` : `${p.truth.cls} ${p.truth.kit}`} → ${toolVerdict(facts[p.config]).claim}`,
    )
    .join('; ');
  process.stderr.write(
    `[${repo}] ${index + 1}/${total} ${commit.slice(0, 10)} ${summary} (tool ${tool.ms} ms, generate ${genMs} ms)\n`,
  );
  return result;
}

/**
 * `--side-by-side N`: N rounds, each in turn: drizzle-kit generate (every Postgres project that it
 * ran on, the tree reset after), the tool cold (its cache folder removed), the tool again warm;
 * medians of each, measured in one stretch on the same load, and the cold run's peak memory.
 */
async function sideBySide(root, opts, env, timeoutMs, projects) {
  const ran = projects.filter((p) => p.truth && RAN.has(p.truth.cls));
  const generate = [];
  const cold = [];
  const warm = [];
  const peak = [];
  for (let i = 0; i < opts.sideBySide; i++) {
    let ms = 0;
    for (const p of ran) {
      const modules = join(root, p.pkgDir, 'node_modules');
      ms += (
        await runGenerate(
          root,
          { config: p.config, pkgDir: p.pkgDir },
          dirname(realpathSync(join(modules, 'drizzle-kit'))),
          env,
          timeoutMs,
        )
      ).ms;
      resetTree(root);
    }
    generate.push(ms);
    for (const dir of new Set([join(root, 'node_modules'), ...ran.map((p) => join(root, p.pkgDir, 'node_modules'))])) {
      rmSync(join(dir, '.cache', 'nexiom-lint'), { recursive: true, force: true });
    }
    const c = await runTool(root, opts.tool, env, timeoutMs, { peak: true });
    cold.push(c.ms);
    if (c.peakKb) peak.push(c.peakKb);
    warm.push((await runTool(root, opts.tool, env, timeoutMs)).ms);
  }
  return { generate: median(generate), cold: median(cold), warm: median(warm), peakKb: median(peak) };
}

async function doRepo(m, opts, build) {
  const tip = execFileSync('git', ['--git-dir', m.gitDir, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  const configs = discoverConfigs(m.gitDir, tip);
  // --skip N: leave the N most recent to another run (a second checkout folder, TMPDIR=...).
  const commits = interestingCommits(m.gitDir, tip, configs, opts.skip + opts.max).slice(opts.skip);
  process.stderr.write(`[${m.name}] ${configs.length} Postgres config(s), ${commits.length} commit(s)\n`);
  const root = join(tmpdir(), 'nexiom-corpus', m.name);
  if (!existsSync(join(root, '.git'))) {
    mkdirSync(dirname(root), { recursive: true });
    execFileSync('git', ['clone', '-q', '--shared', '--no-checkout', m.gitDir, root], { stdio: 'ignore' });
  }
  // Mirrors may lack their largest blobs (media): never check those out; a schema is never one.
  execFileSync('git', ['-C', root, 'sparse-checkout', 'set', '--no-cone', '/*', ...MEDIA.map((e) => `!*.${e}`)], {
    stdio: 'ignore',
  });
  const extrasKnown = new Set(load(extrasFile(m.name)) ?? []);
  const ctx = { repo: m.name, gitDir: m.gitDir, root, configs, opts, build, extrasKnown };
  const results = [];
  for (const [i, c] of commits.entries()) {
    try {
      const r = await doCommit(ctx, c, i, commits.length);
      if (r) results.push(r);
    } catch (e) {
      process.stderr.write(`[${m.name}] ${c.commit.slice(0, 10)} skipped: ${String(e.message).split('\n')[0]}\n`);
    }
  }
  return results;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const build = buildId(opts.tool);
  const list = mirrors(opts.mirrors, opts.repos);
  process.stderr.write(
    `tool ${opts.tool} (build ${build}), ${list.length} repositories, up to ${opts.max} commits each\n`,
  );
  const queue = [...list];
  const results = [];
  await Promise.all(
    Array.from({ length: opts.jobs }, async () => {
      for (let m = queue.shift(); m; m = queue.shift()) results.push(...(await doRepo(m, opts, build)));
    }),
  );
  const md = markdown({
    results,
    buildId: build,
    tool: basename(dirname(dirname(opts.tool))) + '/bin/' + basename(opts.tool),
    repos: list.map((m) => m.name),
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
  });
  // A hand-written part after the marker (the study of the disagreements) survives a rerun.
  const previous = existsSync(opts.out) ? readFileSync(opts.out, 'utf8') : '';
  const kept = previous.includes(KEEP) ? previous.slice(previous.indexOf(KEEP)) : '';
  writeFileSync(opts.out, `${md}\n${kept}`);
  process.stdout.write(md.split('\n## ')[0]);
}

main().catch((e) => {
  process.stderr.write(`corpus: ${e.message}\n`);
  process.exit(2);
});
