#!/usr/bin/env node
/**
 * The corpus harness: nexiom-lint against the truth drizzle-kit itself gives, on the history of real
 * public Drizzle + Postgres projects (bare git mirrors). Run by hand; needs the npm registry.
 *
 *   node bench/corpus.mjs --mirrors <dir> [--repos a,b] [--max-commits N] [--tool bin/nexiom-lint.js]
 *                         [--out bench/corpus-results.md] [--jobs 1] [--fresh] [--timeout 120] [--cached] [--skip N]
 *                         [--side-by-side N]
 *
 * For each commit that touches a project's schema, migrations or config: a checkout of the commit
 * (its parent resolvable), drizzle-kit and drizzle-orm at the lockfile's versions, `generate` on the
 * checkout (the truth: new | none | refused | ambiguous; `error` when the schema does not load),
 * then `nexiom-lint --base HEAD~1 --format json`, both timed. Results are cached per commit under
 * ~/.cache/nexiom-corpus/results/, the tool side keyed by a hash of the tool's build, so a rerun
 * with another `--tool` only reruns the tool; `--cached` writes the report from the cache alone.
 * `--side-by-side N` also times generate, the tool cold (its cache removed) and warm, in turn, N
 * times per commit, and the cold run's peak memory.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extrasFile, load } from './corpus/cache.mjs';
import { doCommit } from './corpus/commit.mjs';
import { discoverConfigs, interestingCommits } from './corpus/discover.mjs';
import { buildId, mirrors, parseArgs } from './corpus/options.mjs';
import { markdown } from './corpus/report.mjs';

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
  const opts = parseArgs(process.argv.slice(2), fileURLToPath(import.meta.url));
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
