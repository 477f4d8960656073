/**
 * The two sides of a corpus case: what drizzle-kit's own `generate` does at the commit (the truth)
 * and what nexiom-lint says about the same project, and whether they agree.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { run } from './proc.mjs';

/** Files `generate` changed or added under the checkout (tracked changes and untracked files). */
function written(root) {
  const out = execFileSync('git', ['-C', root, 'status', '--porcelain', '-z', '--untracked-files=all'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return out
    .split('\0')
    .filter(Boolean)
    .map((l) => l.slice(3))
    .filter((f) => f && !f.startsWith('node_modules/') && !f.includes('/node_modules/'));
}

/** Puts the checkout back as committed (keeps the node_modules links). */
export function resetTree(root) {
  execFileSync('git', ['-C', root, 'reset', '-q', '--hard'], { stdio: 'ignore' });
  execFileSync('git', ['-C', root, 'clean', '-ffdq', '-e', 'node_modules'], { stdio: 'ignore' });
}

const kitVersion = (kitModules) =>
  JSON.parse(readFileSync(join(kitModules, 'drizzle-kit', 'package.json'), 'utf8')).version;
const older = (v, major, minor) => {
  const [a, b] = v.split('.').map((x) => parseInt(x, 10));
  return a < major || (a === major && b < minor);
};

/** The first line of output that says something (skips banners and blank lines). */
export function firstLine(text) {
  const lines = text
    // eslint-disable-next-line no-control-regex -- terminal colour codes
    .replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')
    .split('\n')
    .map((l) => l.trim())
    .filter(
      (l) =>
        l &&
        !/^(drizzle-kit|drizzle-orm|No config path provided|Reading config file|Using '|\[[✓i]\] |\[⣷|\[⣯|\[⣟|\[⡿|\[⢿|\[⣻|\[⣽|\[⣾)/.test(
          l,
        ),
    );
  const err = lines.find((l) => /error|cannot|failed|refus|invalid|not |malformed|collision|TTY|renamed/i.test(l));
  return (err ?? lines[0] ?? '').slice(0, 240);
}

/**
 * Runs the commit's drizzle-kit `generate` for one project, from the folder that runs it, stdin
 * closed, and classifies the result: new | none | refused | ambiguous | error | timeout.
 */
export async function runGenerate(root, project, kitModules, env, timeoutMs) {
  const version = kitVersion(kitModules);
  const cwd = join(root, project.pkgDir);
  const command = older(version, 0, 21) ? 'generate:pg' : 'generate';
  const config = relative(cwd, join(root, project.config)) || project.config;
  const r = await run(process.execPath, [join(kitModules, 'drizzle-kit', 'bin.cjs'), command, '--config', config], {
    cwd,
    env,
    timeoutMs,
  });
  const output = `${r.stdout}\n${r.stderr}`;
  const files = written(root);
  const sql = files.filter((f) => /\.sql$/.test(f));
  let cls;
  if (sql.length) cls = 'new';
  else if (r.timedOut) cls = /renam|created or|❯|\?/i.test(output) ? 'ambiguous' : 'timeout';
  else if (/TTY|created or renamed|renamed from another|rename/i.test(output) && !/No schema changes/i.test(output)) {
    cls = 'ambiguous';
  } else if (/No schema changes/i.test(output)) cls = 'none';
  else if (/Cannot find (module|package)|Could not resolve/.test(output)) cls = 'error';
  else if (
    /snapshot|journal|prevId|collision|malformed|outdated|upgrade|drizzle-kit up|migrations folder|not (a )?valid|unsupported|not supported/i.test(
      output,
    )
  ) {
    cls = 'refused';
  } else cls = 'error';
  return {
    cls,
    ms: r.ms,
    code: r.code,
    kit: version,
    command,
    written: files.slice(0, 20),
    line: firstLine(output),
    output,
  };
}

const normPath = (p) => (p ? posix.normalize(p.replace(/\\/g, '/')).replace(/^\.\//, '') : p);

/**
 * What the tool said about one project, kept in the cache (the verdict is derived from it at report
 * time, so a better reading of it never needs a rerun): its exit code, whether it saw the project,
 * the drift status when the build reports one, and its findings' rule, severity and first line.
 */
export function toolFacts(json, code, stderr, config) {
  if (code === 2 || !json) return { exit: code, stderr: firstLine(stderr || '') };
  const project = (json.summary?.projects ?? []).find((p) => normPath(p.configFile) === config);
  const findings = (json.findings ?? [])
    .filter((f) => !f.project || normPath(f.project) === config)
    .map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      message: String(f.message ?? '')
        .split('\n')[0]
        .slice(0, 300),
    }));
  return {
    exit: code,
    found: !!project,
    checked: project?.checked ?? null,
    status: project?.drift?.status ?? null,
    findings,
  };
}

/**
 * The tool's verdict from those facts: exit2 | not-found | ambiguous | refused | unusable | differs |
 * missing | same | unchecked | clean. A drift error (schema-drift or schema-without-migration)
 * counts as "drift claimed" whatever the status says: it blocks the commit. Builds without the
 * status field: a drift message about a rename question is "ambiguous", a migration-conflict
 * "refused", nothing "clean" (or "unchecked" when the project was not checked).
 */
export function toolVerdict(facts) {
  if (!facts) return { claim: 'missing-run', message: '' };
  if (facts.exit === 2 || facts.exit === 'timeout' || !facts.findings) {
    return { claim: facts.exit === 'timeout' ? 'timeout' : 'exit2', message: facts.stderr ?? '' };
  }
  const { status, findings } = facts;
  const drift = findings.find(
    (f) => f.severity === 'error' && (f.ruleId === 'schema-drift' || f.ruleId === 'schema-without-migration'),
  );
  const message = (drift ?? findings.find((f) => f.severity === 'error') ?? findings[0])?.message ?? '';
  let claim;
  if (!facts.found) claim = 'not-found';
  else if (status === 'ambiguous' || status === 'refused' || status === 'unusable') claim = status;
  else if (drift && /has to ask|renamed/i.test(drift.message)) claim = 'ambiguous';
  else if (drift) claim = drift.ruleId === 'schema-drift' ? 'differs' : 'missing';
  else if (status) claim = status;
  else if (findings.some((f) => f.ruleId === 'migration-conflict')) claim = 'refused';
  else claim = facts.checked === false ? 'unchecked' : 'clean';
  return { claim, message, rules: [...new Set(findings.map((f) => f.ruleId))] };
}

/** Runs the tool once at the commit (all projects), `--base HEAD~1`, JSON out. */
export async function runTool(root, tool, env, timeoutMs, { peak = false } = {}) {
  const args = [tool, '--base', 'HEAD~1', '--format', 'json'];
  // GNU time's maximum resident set size (KiB) of the tool and its children, on stderr's last line.
  const timed = peak && existsSync('/usr/bin/time');
  const r = timed
    ? await run('/usr/bin/time', ['-f', 'peak-rss-kb %M', process.execPath, ...args], { cwd: root, env, timeoutMs })
    : await run(process.execPath, args, { cwd: root, env, timeoutMs });
  const peakKb = timed ? Number(/peak-rss-kb (\d+)\s*$/.exec(r.stderr)?.[1]) || null : null;
  let json = null;
  const start = r.stdout.indexOf('{');
  if (start >= 0) {
    try {
      json = JSON.parse(r.stdout.slice(start));
    } catch {
      json = null;
    }
  }
  return { code: r.timedOut ? 'timeout' : r.code, ms: r.ms, json, stderr: r.stderr.slice(0, 4000), peakKb };
}

/** The truth classes where generate really ran on the schema (what agreement is measured on). */
export const RAN = new Set(['new', 'none', 'refused', 'ambiguous']);
const DRIFT = new Set(['differs', 'missing']);
const CLEAN = new Set(['same', 'unchecked', 'clean']);

/** `{ agree, falseClean, falseDrift, exit2 }` for one case. */
export function compare(truth, claim) {
  if (!RAN.has(truth)) return null;
  const exit2 = claim === 'exit2';
  let agree;
  if (truth === 'new') agree = DRIFT.has(claim);
  else if (truth === 'none') agree = CLEAN.has(claim);
  else agree = claim === truth;
  return {
    agree,
    exit2,
    falseClean: truth === 'new' && (CLEAN.has(claim) || claim === 'not-found'),
    falseDrift: truth === 'none' && DRIFT.has(claim),
  };
}
