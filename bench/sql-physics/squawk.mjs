// squawk's findings of the kinds the trace can judge (a rewrite, a scan or an index build under a
// lock), per file and line, for bench/sql-physics.mjs. squawk-cli is installed on demand outside
// the project (sql.bench.mjs).
import { spawnSync } from 'node:child_process';
import { GIT_ENV } from '../lib.mjs';
import { SQUAWK, ensureSquawk } from '../sql.bench.mjs';

/** squawk rules that claim what a PHYSICAL_CLAIMS rule of nexiom-lint claims (trace/apply.ts). */
export const SQUAWK_PHYSICAL = new Set([
  'adding-field-with-default',
  'adding-foreign-key-constraint',
  'adding-not-nullable-field',
  'adding-serial-primary-key-field',
  'changing-column-type',
  'constraint-missing-not-valid',
  'disallowed-unique-constraint',
  'prefer-repack',
  'require-concurrent-index-creation',
  'require-concurrent-reindex',
]);

/** [{ file, line (1-based), rule }] of squawk's physical findings on `files` (relative to `dir`). */
export function squawkFlags(dir, files) {
  ensureSquawk();
  const r = spawnSync(SQUAWK, ['--assume-in-transaction', '--reporter', 'json', ...files], {
    cwd: dir,
    env: GIT_ENV,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  let found;
  try {
    found = JSON.parse(r.stdout);
  } catch {
    throw new Error(`squawk gave no JSON: ${(r.stderr || r.stdout).slice(0, 300)}`);
  }
  // squawk counts lines from 0.
  return found
    .filter((s) => SQUAWK_PHYSICAL.has(s.rule_name))
    .map((s) => ({ file: s.file, line: s.line + 1, rule: s.rule_name }));
}
