#!/usr/bin/env node
// The static SQL rules against what Postgres does (issue 15, part 6): precision and recall over the
// real migrations of real projects, read at run time from bare git mirrors (nothing of them is
// kept). Run by hand:
//
//   node bench/sql-physics.mjs --mirrors <dir> [--repos a,b] [--list 15] [--squawk]
//
// For each drizzle migrations folder of each mirror at its newest commit (sql-physics/folders.mjs),
// `nexiom-lint --all --trace` runs every migration as its own transaction on PGlite, on what the
// ones before it built, and observes each statement on the tables that existed before its
// migration (trace/observe.ts). A statement is a HAZARD when Postgres rewrote, scanned or built an
// index of such a table while a write-blocking lock was held on it (the definition of
// sql-traced-hazard). It is FLAGGED when a rule that claims a rewrite, a scan or an index build
// (trace/apply.ts PHYSICAL_CLAIMS) reports it. Per statement, the first migration left out:
// TP = hazard and flagged; FN = hazard, not flagged (what sql-traced-hazard reports); FP = flagged,
// no hazard. Statements that fail on PGlite (not traced) are counted apart.
//
// With --squawk (squawk-cli installed by sql.bench.mjs's ensureSquawk), squawk's rules of the same
// kind are scored on the same statements.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { BIN, ROOT, timeOnce } from './lib.mjs';
import { migrationFolders, sqlFiles, unpack } from './sql-physics/folders.mjs';
import { squawkFlags } from './sql-physics/squawk.mjs';

export const title = 'SQL rules against the trace: precision and recall on real migrations';

function args(argv) {
  const get = (name) => {
    const i = argv.indexOf(`--${name}`);
    return i < 0 ? undefined : argv[i + 1];
  };
  const mirrors = get('mirrors');
  if (!mirrors) {
    throw new Error('usage: node bench/sql-physics.mjs --mirrors <dir> [--repos a,b] [--list N] [--squawk]');
  }
  return {
    mirrors,
    repos: get('repos')?.split(',') ?? null,
    list: Number(get('list') ?? 15),
    squawk: argv.includes('--squawk'),
  };
}

async function dist(module) {
  return import(path.join(ROOT, 'dist', module));
}

/** Scores one folder: its statements, and per statement what the trace saw and who flagged it. */
async function scoreFolder(gitDir, folder, opts) {
  const [{ PHYSICAL_CLAIMS, TRACED_HAZARD }, { traceStatements }, { isHazard }] = await Promise.all([
    dist('trace/apply.js'),
    dist('trace/statements.js'),
    dist('trace/observe.js'),
  ]);
  const dir = unpack(gitDir, folder.out);
  try {
    const rules = [...Object.keys(PHYSICAL_CLAIMS), TRACED_HAZARD].flatMap((r) => ['--rule', r]);
    const run = timeOnce(process.execPath, [BIN, '--all', '--trace', '--format', 'json', ...rules], dir);
    if (run.code === 2) return { error: (run.stderr || run.stdout).trim().split('\n').slice(0, 3).join(' ') };
    const report = JSON.parse(run.stdout);
    const files = sqlFiles(dir, folder.out, folder.layout);
    const statements = [];
    for (const [i, file] of files.entries()) {
      const sql = readFileSync(path.join(dir, file), 'utf8');
      for (const s of await traceStatements({ tag: file, file, sql })) statements.push({ ...s, first: i === 0 });
    }
    const at = (file, line) => statements.find((s) => s.file === file && line >= s.line && line <= s.endLine);
    for (const f of report.findings) {
      const s = at(f.file, f.line);
      if (!s) continue;
      if (f.notTraced) s.notTraced = f.notTraced;
      if (f.ruleId === TRACED_HAZARD) s.hazard = true;
      else if (f.ruleId in PHYSICAL_CLAIMS) {
        (s.rules ??= new Set()).add(f.ruleId);
        if (f.observed?.some(isHazard)) s.hazard = true;
      }
    }
    if (opts.squawk) {
      for (const { file, line, rule } of squawkFlags(dir, files)) {
        const s = at(file, line);
        if (s) (s.squawk ??= new Set()).add(rule);
      }
    }
    const notes = (report.notes ?? []).filter((n) => /--trace/.test(n));
    return { statements: statements.filter((s) => !s.first), notes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The bare mirrors under `dir` (`<name>/HEAD`, `<name>/repo/HEAD` or `<name>.git/HEAD`), by name. */
function mirrors(dir, only) {
  const found = [];
  for (const e of readdirSync(dir).sort()) {
    const name = e.replace(/\.git$/, '');
    const gitDir = [path.join(dir, e, 'repo'), path.join(dir, e)].find((d) => existsSync(path.join(d, 'HEAD')));
    if (gitDir && (!only || only.includes(name))) found.push({ name, gitDir });
  }
  return found;
}

function score(statements, flaggedBy) {
  const traced = statements.filter((s) => !s.notTraced);
  const c = {
    statements: traced.length,
    notTraced: statements.length - traced.length,
    hazards: 0,
    tp: 0,
    fp: 0,
    fn: 0,
  };
  const fp = [];
  const fn = [];
  for (const s of traced) {
    const flagged = flaggedBy(s);
    if (s.hazard) c.hazards++;
    if (s.hazard && flagged) c.tp++;
    else if (s.hazard) {
      c.fn++;
      fn.push(s);
    } else if (flagged) {
      c.fp++;
      fp.push(s);
    }
  }
  return { ...c, fpCases: fp, fnCases: fn };
}

const ratio = (a, b) => (b ? (a / b).toFixed(3) : 'n/a');
const head = (s) =>
  s.sql
    .replace(/--[^\n]*\n/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 90);

function row(name, c) {
  return `| ${name} | ${c.statements} | ${c.notTraced} | ${c.hazards} | ${c.tp} | ${c.fp} | ${c.fn} | ${ratio(c.tp, c.tp + c.fp)} | ${ratio(c.tp, c.tp + c.fn)} |`;
}

export async function run(argv = process.argv.slice(2)) {
  const opts = args(argv);
  const all = [];
  const lines = [
    `# ${title}`,
    '',
    `Run ${new Date().toISOString().slice(0, 10)} with \`node bench/sql-physics.mjs --mirrors <dir>${opts.squawk ? ' --squawk' : ''}\`.`,
    '',
  ];
  const table = [
    '| project (folder) | statements | not traced | hazards | TP | FP | FN | precision | recall |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  const squawkTable = [...table];
  for (const m of mirrors(opts.mirrors, opts.repos)) {
    for (const folder of migrationFolders(m.gitDir)) {
      const name = `${m.name} (${folder.out}, ${folder.migrations} migrations)`;
      if (folder.migrations < 2) {
        lines.push(`- ${name}: nothing after the first migration`);
        continue;
      }
      const result = await scoreFolder(m.gitDir, folder, opts);
      if (result.error) {
        lines.push(`- ${name}: the run failed: ${result.error}`);
        continue;
      }
      for (const n of result.notes) lines.push(`- ${name}: ${n.slice(0, 300)}`);
      for (const s of result.statements) s.where = `${m.name}:${s.file}:${s.line}`;
      all.push(...result.statements);
      table.push(
        row(
          name,
          score(result.statements, (s) => s.rules),
        ),
      );
      if (opts.squawk) {
        squawkTable.push(
          row(
            name,
            score(result.statements, (s) => s.squawk),
          ),
        );
      }
    }
  }
  const ours = score(all, (s) => s.rules);
  table.push(row('**overall**', ours));
  lines.push('', '## nexiom-lint', '', ...table);
  if (opts.squawk) {
    squawkTable.push(
      row(
        '**overall**',
        score(all, (s) => s.squawk),
      ),
    );
    lines.push('', '## squawk (rules of the same kind)', '', ...squawkTable);
  }
  lines.push('', `## False negatives (${ours.fnCases.length}; first ${opts.list})`, '');
  for (const s of ours.fnCases.slice(0, opts.list)) lines.push(`- ${s.where}: \`${head(s)}\``);
  lines.push('', `## False positives (${ours.fpCases.length}; first ${opts.list})`, '');
  for (const s of ours.fpCases.slice(0, opts.list)) {
    lines.push(`- ${s.where} [${[...s.rules].join(', ')}]: \`${head(s)}\``);
  }
  console.log(lines.join('\n'));
  return ours;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await run();
