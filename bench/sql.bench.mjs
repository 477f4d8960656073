// SQL safety rules over 500 migrations: `nexiom-lint --all --rule <every SQL rule on by default>`
// against squawk (the Rust linter, from squawk-cli's bundled binary) on the same files, side by
// side. nexiom-lint keeps parse results in node_modules/.cache between runs, so both the first
// run (cold: parser loaded and run) and the usual one (warm) are measured. Target: <= 2x squawk.
// Then both linters' findings on the same files, rule by rule.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, GIT_ENV, ROOT, fmt, printTable, sideBySide, timeOnce } from './lib.mjs';
import { sqlFixture } from './sql-fixture.mjs';

export const title = 'SQL rules: 500 migrations, nexiom-lint --all vs squawk';

// squawk-cli is not a project dependency (its other-platform packages would break `npm ci`):
// installed once, on demand, into a cache folder outside the project.
const SQUAWK_DIR = path.join(os.tmpdir(), 'nexiom-bench-squawk-2.66.0');
export const SQUAWK = path.join(SQUAWK_DIR, 'node_modules/.bin/squawk');

export function ensureSquawk() {
  if (existsSync(SQUAWK)) return;
  const r = spawnSync(
    'npm',
    ['install', '--no-save', '--no-package-lock', '--prefix', SQUAWK_DIR, 'squawk-cli@2.66.0'],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  if (!existsSync(SQUAWK)) throw new Error(`could not install squawk-cli for the comparison: ${r.stderr}`);
}
const CACHE = path.join(ROOT, 'node_modules/.cache/nexiom-lint/sql-ast.json');

// squawk rule → the nexiom-lint rule covering the same problem.
export const SQUAWK_TO_NEXIOM = {
  'adding-field-with-default': 'sql-volatile-default',
  'adding-foreign-key-constraint': 'sql-add-foreign-key',
  'adding-not-nullable-field': 'sql-set-not-null',
  'adding-required-field': 'sql-add-column-not-null',
  'adding-serial-primary-key-field': 'sql-add-unique-constraint',
  'ban-alter-domain-with-add-constraint': 'sql-domain-constraint',
  'ban-char-field': 'sql-char-type',
  'ban-concurrent-index-creation-in-transaction': 'migration-concurrently',
  'ban-create-domain-with-constraint': 'sql-domain-constraint',
  'ban-drop-column': 'sql-drop-column',
  'ban-drop-database': 'sql-drop-database',
  'ban-drop-not-null': 'sql-drop-not-null',
  'ban-drop-table': 'sql-drop-table',
  'ban-duplicate-column-assignments': 'sql-duplicate-column',
  'ban-truncate-cascade': 'sql-truncate-cascade',
  'ban-uncommitted-transaction': 'sql-transaction-control',
  'changing-column-type': 'sql-column-type-change',
  'constraint-missing-not-valid': 'sql-add-foreign-key|sql-add-check-constraint',
  'disallowed-unique-constraint': 'sql-add-unique-constraint',
  'identifier-too-long': 'sql-identifier-too-long',
  'prefer-bigint-over-int': 'sql-prefer-bigint',
  'prefer-bigint-over-smallint': 'sql-prefer-bigint',
  'prefer-identity': 'sql-prefer-identity',
  'prefer-repack': 'sql-cluster|migration-concurrently',
  'prefer-text-field': 'sql-prefer-text',
  'prefer-timestamp-tz': 'sql-prefer-timestamptz',
  'renaming-column': 'sql-rename-column',
  'renaming-table': 'sql-rename-table',
  'require-concurrent-index-creation': 'sql-create-index',
  'require-concurrent-index-deletion': 'sql-drop-index',
  'require-concurrent-partition-detach': 'sql-detach-partition',
  'require-concurrent-reindex': 'sql-reindex',
  'require-lock-timeout': 'sql-require-timeouts',
  'require-statement-timeout': 'sql-require-timeouts',
  'require-timeout-settings': 'sql-require-timeouts',
  'syntax-error': 'sql-syntax',
  'transaction-nesting': 'sql-transaction-control',
  'unused-ignore': 'sql-suppression',
};

/** stdout of a command, with room for a few MB of JSON. */
function output(cmd, args, cwd) {
  return spawnSync(cmd, args, { cwd, env: GIT_ENV, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }).stdout;
}

function compare(dir, sqlRules) {
  // Every SQL rule on (the off-by-default ones too) for the comparison only.
  const rules = Object.fromEntries(
    sqlRules.map((r) => [r.meta.id, r.meta.defaultSeverity === 'off' ? 'warning' : r.meta.defaultSeverity]),
  );
  const config = path.join(dir, 'nexiom-lint.config.json');
  writeFileSync(config, JSON.stringify({ rules }));
  let nexiom;
  try {
    nexiom = JSON.parse(output(process.execPath, [BIN, '--all', '--format', 'json'], dir)).findings;
  } finally {
    unlinkSync(config);
  }
  const squawk = JSON.parse(output(SQUAWK, ['--assume-in-transaction', '--reporter', 'json', 'drizzle/*.sql'], dir));
  const at = (file, line) => `${file}:${line}`;
  const nexiomAt = new Map();
  for (const f of nexiom) {
    const key = at(f.file, f.line);
    nexiomAt.set(key, [...(nexiomAt.get(key) ?? []), f.ruleId]);
  }
  const rows = new Map();
  for (const s of squawk) {
    const target = SQUAWK_TO_NEXIOM[s.rule_name] ?? '(none)';
    const row = rows.get(s.rule_name) ?? { target, squawk: 0, both: 0, onlySquawk: [] };
    row.squawk++;
    const here = nexiomAt.get(at(s.file, s.line + 1)) ?? []; // squawk counts lines from 0
    if (target.split('|').some((t) => here.includes(t))) row.both++;
    else row.onlySquawk.push(at(s.file, s.line + 1));
    rows.set(s.rule_name, row);
  }
  const squawkAt = new Map();
  for (const s of squawk) {
    const key = at(s.file, s.line + 1);
    squawkAt.set(key, [...(squawkAt.get(key) ?? []), ...(SQUAWK_TO_NEXIOM[s.rule_name] ?? '').split('|')]);
  }
  const onlyNexiom = new Map();
  for (const f of nexiom) {
    if ((squawkAt.get(at(f.file, f.line)) ?? []).includes(f.ruleId)) continue;
    onlyNexiom.set(f.ruleId, [...(onlyNexiom.get(f.ruleId) ?? []), at(f.file, f.line)]);
  }
  const lines = [
    `findings: nexiom-lint ${nexiom.length}, squawk ${squawk.length} (same files; nexiom-lint with every SQL rule on)`,
  ];
  lines.push(
    'squawk rule                                   -> nexiom-lint rule                 squawk  same line  only squawk (e.g.)',
  );
  for (const [name, r] of [...rows].sort((a, b) => b[1].squawk - a[1].squawk)) {
    lines.push(
      `${name.padEnd(45)} -> ${r.target.padEnd(32)} ${String(r.squawk).padStart(6)} ${String(r.both).padStart(10)}  ${String(r.onlySquawk.length).padStart(4)} ${r.onlySquawk[0] ?? ''}`,
    );
  }
  lines.push('only nexiom-lint:');
  for (const [id, where] of [...onlyNexiom].sort((a, b) => b[1].length - a[1].length)) {
    lines.push(`  ${id.padEnd(32)} ${String(where.length).padStart(5)}  e.g. ${where[0]}`);
  }
  return lines;
}

export async function run() {
  ensureSquawk();
  const dir = sqlFixture(500);
  const { loadRules } = await import(path.join(ROOT, 'dist/rules/index.js'));
  const sqlRules = (await loadRules()).filter((r) => r.meta.category === 'sql');
  const ruleArgs = sqlRules.filter((r) => r.meta.defaultSeverity !== 'off').flatMap((r) => ['--rule', r.meta.id]);
  const nexiomArgs = [BIN, '--all', ...ruleArgs];
  const squawkArgs = ['--assume-in-transaction', 'drizzle/*.sql'];
  const check = timeOnce(process.execPath, nexiomArgs, dir);
  if (check.code !== 1 || check.stderr) {
    throw new Error(`nexiom-lint did not run cleanly: ${check.stderr || check.stdout.slice(-500)}`);
  }
  const dropCache = () => existsSync(CACHE) && rmSync(CACHE);
  const [warm, cold, squawk] = sideBySide(
    [
      { name: 'nexiom-lint (warm)', run: () => timeOnce(process.execPath, nexiomArgs, dir) },
      {
        name: 'nexiom-lint (cold)',
        run: () => {
          dropCache();
          return timeOnce(process.execPath, nexiomArgs, dir);
        },
      },
      { name: 'squawk', run: () => timeOnce(SQUAWK, squawkArgs, dir) },
    ],
    9,
    2,
  );
  timeOnce(process.execPath, nexiomArgs, dir); // leave the cache warm
  printTable(title, [
    `nexiom-lint --all, parse cache warm    ${fmt(warm.median)}`,
    `nexiom-lint --all, parse cache cold    ${fmt(cold.median)}`,
    `squawk --assume-in-transaction         ${fmt(squawk.median)}`,
    `ratio warm / cold                      ${(warm.median / squawk.median).toFixed(2)}x / ${(cold.median / squawk.median).toFixed(2)}x   (target <= 2x)`,
    '',
    ...compare(dir, sqlRules),
  ]);
  return { ratio: warm.median / squawk.median, coldRatio: cold.median / squawk.median };
}
