// Shared helpers for the benchmarks: throwaway repositories, timing, medians, ratios.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = path.join(ROOT, 'bin/nexiom-lint.js');
export const DRIZZLE_KIT = path.join(ROOT, 'node_modules/.bin/drizzle-kit');

export const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Bench',
  GIT_AUTHOR_EMAIL: 'bench@example.com',
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'bench@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  NO_COLOR: '1',
};

export function tempRepo(files = {}) {
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'nexiom-bench-')));
  execFileSync('git', ['init', '-q', '-b', 'main', dir], { env: GIT_ENV });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  writeTree(dir, { '.gitignore': 'node_modules\n', ...files });
  return dir;
}

/** node_modules of its own (packages linked), so the nexiom-lint cache is this repository's. */
export function ownModules(dir) {
  const own = path.join(dir, 'node_modules');
  rmSync(own, { recursive: true, force: true });
  mkdirSync(own);
  for (const name of readdirSync(path.join(ROOT, 'node_modules'))) {
    if (name !== '.cache') symlinkSync(path.join(ROOT, 'node_modules', name), path.join(own, name));
  }
}

export function writeTree(dir, files) {
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), content);
  }
}

export function git(dir, ...args) {
  return execFileSync('git', args, { cwd: dir, env: GIT_ENV, encoding: 'utf8' });
}

/** Wall time of one run of a command, in ms; also its exit code and peak RSS (KiB) via /usr/bin/time if present. */
export function timeOnce(cmd, args, cwd, env = GIT_ENV) {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { ms, code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Runs the candidates interleaved (a, b, a, b ...) so that machine noise hits both alike, and
 * returns the median per candidate.
 */
export function sideBySide(candidates, runs = 15, warmup = 2) {
  const times = candidates.map(() => []);
  for (let i = 0; i < warmup + runs; i++) {
    candidates.forEach((c, j) => {
      const r = c.run();
      if (i >= warmup) times[j].push(r.ms);
    });
  }
  return candidates.map((c, j) => ({ name: c.name, median: median(times[j]) }));
}

/** Peak resident memory of a command in MiB, read from GNU time if installed, else null. */
export function peakMemoryMiB(cmd, args, cwd, env = GIT_ENV) {
  const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { cwd, env, encoding: 'utf8' });
  if (r.error) return null;
  const kib = Number(r.stderr.trim().split('\n').pop());
  return Number.isFinite(kib) ? Math.round(kib / 1024) : null;
}

export function printTable(title, rows) {
  console.log(`\n## ${title}`);
  for (const row of rows) console.log(`  ${row}`);
}

export const fmt = (ms) => `${ms.toFixed(1)} ms`;
