// The corpus harness's command line, the mirrors it is given, and the build of the tool it runs.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The options of `node bench/corpus.mjs`; `entry` is that file, whose header is the `--help` text and
 * whose folder the default paths are relative to.
 */
export function parseArgs(argv, entry) {
  const here = dirname(entry);
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
      console.log(headerOf(readFileSync(entry, 'utf8')));
      process.exit(0);
    } else throw new Error(`unknown option ${a} (see --help)`);
  }
  if (!o.mirrors) {
    throw new Error('--mirrors <dir> is required: a folder of bare clones (<dir>/<name>/repo or <dir>/<name>.git)');
  }
  return o;
}

/** `[{ name, gitDir }]` for `<dir>/<x>/repo` and `<dir>/<x>.git`. */
export function mirrors(dir, only) {
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
export function buildId(tool) {
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

/** The entry file's header comment (after the shebang and `/**`, up to its end), as plain text. */
function headerOf(text) {
  const lines = text.split('\n').slice(2);
  return lines
    .slice(0, lines.indexOf(' */'))
    .map((l) => l.replace(/^ \* ?/, ''))
    .join('\n');
}
