// `--trace` on a PR check of a 100-migration history (the first 100 commits of the drizzle-kit
// history fixture, see history-fixture.mjs): the same `--base HEAD~N` run without --trace, then
// with it and node_modules/.cache/nexiom-lint in three states, to say what the trace adds and what
// each cache saves:
// - warm: the base's replay saved by an earlier run (replay-states/, db/replay-state.ts): copied, opened, the new migrations traced;
// - base not saved: the PGlite template cached (pglite-*/), the base's migrations replayed (then saved);
// - cold: nothing cached: initdb, replay, save.
// The repository has node_modules of its own, so the cold runs delete only its cache.
//
//   node bench/trace.bench.mjs [runs]
import { rmSync, symlinkSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, fmt, git, GIT_ENV, ownModules, printTable, sideBySide, timeOnce } from './lib.mjs';
import { historyFixture } from './history-fixture.mjs';
import { execFileSync } from 'node:child_process';

export const title = '--trace: a PR check on a 100-migration history';

function fixture100() {
  const source = historyFixture(500);
  const dir = path.join(os.tmpdir(), `nexiom-lint-bench-trace-100-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  execFileSync('git', ['clone', '-q', source, dir], { env: GIT_ENV });
  const hundredth = git(dir, 'rev-list', '--reverse', 'HEAD').split('\n')[99];
  git(dir, 'checkout', '-q', '-B', 'main', hundredth);
  symlinkSync(path.join(source, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  ownModules(dir);
  return dir;
}

/** Deletes the saved replays, and the PGlite template too when `template`. */
function dropCache(dir, template) {
  const cache = path.join(dir, 'node_modules/.cache/nexiom-lint');
  for (const name of safeList(cache)) {
    if (name === 'replay-states' || (template && name.startsWith('pglite-'))) {
      rmSync(path.join(cache, name), { recursive: true });
    }
  }
}

function safeList(dir) {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

export async function run(runs = 5) {
  const dir = fixture100();
  try {
    const rows = [
      `load average at the start: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    ];
    for (const back of [1, 5]) {
      const base = ['--base', `HEAD~${back}`, '--format', 'json'];
      const plain = [BIN, ...base, '--no-trace'];
      const traced = [BIN, ...base, '--trace'];
      const first = timeOnce(process.execPath, traced, dir);
      if (first.code === 2) throw new Error(`--trace failed: ${first.stderr}`);
      const findings = JSON.parse(first.stdout).findings.length;
      const cold = (template) => () => {
        dropCache(dir, template);
        return timeOnce(process.execPath, traced, dir);
      };
      const [a, b, c, d] = sideBySide(
        [
          { name: 'no trace', run: () => timeOnce(process.execPath, plain, dir) },
          { name: 'trace, warm', run: () => timeOnce(process.execPath, traced, dir) },
          { name: 'trace, base not saved', run: cold(false) },
          { name: 'trace, cold', run: cold(true) },
        ],
        runs,
        1,
      );
      rows.push(
        `--base HEAD~${back} (${back} new migration${back > 1 ? 's' : ''} on ${100 - back}; ${findings} finding(s))`,
        `  without --trace                          ${fmt(a.median)}`,
        `  --trace, warm (base replay saved)        ${fmt(b.median)}   (+${fmt(b.median - a.median)}, target <= +2000 ms)`,
        `  --trace, template cached, base replayed  ${fmt(c.median)}   (+${fmt(c.median - a.median)}; saving the base saves ${fmt(c.median - b.median)})`,
        `  --trace, cold (initdb, replay)           ${fmt(d.median)}   (+${fmt(d.median - a.median)}; the template saves ${fmt(d.median - c.median)})`,
      );
    }
    rows.push(
      `load average at the end: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} (${os.cpus().length} cores)`,
    );
    printTable(title, rows);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await run(Number(process.argv[2] ?? 5));
