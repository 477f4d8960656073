/**
 * Child processes for the corpus harness: every command runs with a time limit, its own process
 * group (so a drizzle-kit waiting on a prompt dies with its children), and stdin closed, as in CI.
 */
import { spawn, execFileSync } from 'node:child_process';

/** Runs a command; never throws. `{ code, stdout, stderr, ms, timedOut }`. */
export function run(cmd, args, { cwd, env, timeoutMs = 120_000 } = {}) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d) => (stdout.length < 4_000_000 ? (stdout += d) : null));
    child.stderr.on('data', (d) => (stderr.length < 4_000_000 ? (stderr += d) : null));
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, timeoutMs);
    const done = (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Math.round(performance.now() - started), timedOut });
    };
    child.on('error', (e) => {
      stderr += String(e);
      done(-1);
    });
    child.on('close', (code) => done(code ?? -1));
  });
}

/** Synchronous git on a bare mirror or a checkout; returns stdout ('' on failure when `soft`). */
export function git(gitDir, args, { soft = false, maxBuffer = 512 * 1024 * 1024 } = {}) {
  try {
    return execFileSync('git', ['--git-dir', gitDir, ...args], {
      encoding: 'utf8',
      maxBuffer,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    // A mirror may lack some old objects: keep what git printed before it stopped.
    if (soft) return typeof e.stdout === 'string' ? e.stdout : '';
    throw new Error(`git ${args.slice(0, 3).join(' ')}: ${String(e.stderr ?? e.message).split('\n')[0]}`, { cause: e });
  }
}

/** A file's text at a commit, or null. */
export function show(gitDir, commit, path) {
  try {
    return execFileSync('git', ['--git-dir', gitDir, 'show', `${commit}:${path}`], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return null;
  }
}

export function median(values) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}
