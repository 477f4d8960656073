#!/usr/bin/env node
// The only place that sets the exit code: the CLI returns it. The process then ends as soon as
// its output is written, whatever handle is still open, and a run that did not finish (ended by
// something else, or a promise that never settled) is exit 2 (128+N after a signal), never 0 or 1.
//
// CommonJS (bin/package.json), unlike the rest of the package: a CommonJS entry starts ~3 ms
// sooner than an ES module (Node sets up its ES module loader only at the first import()), which
// the commit path's shortcut (dist/cli/staged-fast.cjs, CommonJS too) never reaches.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS entry (bin/package.json): see above */
const { existsSync, fstatSync, writeSync } = require('node:fs');
const { dirname, join } = require('node:path');

const argv = process.argv.slice(2);
let finished = false;

process.on('exit', (code) => {
  if (finished) return;
  // Only synchronous writes work here.
  const message = `nexiom-lint stopped before it finished (exit code ${code}); nothing was decided. Run again with --debug.`;
  const end = argv.indexOf('--');
  const options = end >= 0 ? argv.slice(0, end) : argv;
  const json = options.some(
    (a, i) =>
      a === '--format=json' || a === '-fjson' || ((a === '--format' || a === '-f') && options[i + 1] === 'json'),
  );
  try {
    if (json) writeSync(1, `${JSON.stringify({ version: 1, error: { message } }, null, 2)}\n`);
    writeSync(2, `nexiom-lint: ${message}\n`);
  } catch {
    // Nowhere to write: the exit code still says it.
  }
  // 0 and 1 are verdicts; a signal's 128+N (the temp-folder cleanup's exit) already says it did not finish.
  if (code === 0 || code === 1) process.exitCode = 2;
});

const fail = async (error) => {
  const { reportError } = await import('../dist/cli/main.js');
  const { processIo, wantsJson } = await import('../dist/cli/io.js');
  await end(reportError(error, processIo(), argv.includes('--debug'), wantsJson(argv)));
};
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);

async function end(code) {
  finished = true;
  process.exitCode = code;
  const flushed = (stream) => new Promise((resolve) => stream.write('', resolve));
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit(code);
}

/**
 * The hook's arguments: `--staged`, the configs a monorepo's hook names (`--config <path>`), and
 * after `--` the file list lint-staged appends to a data config's command (--staged ignores it).
 * Null for anything else: the full CLI parses it.
 */
function hookConfigs(args) {
  if (args[0] !== '--staged') return null;
  const configs = [];
  for (let i = 1; i < args.length && args[i] !== '--'; i++) {
    if (args[i] === '--config' && i + 1 < args.length) configs.push(args[++i]);
    else if (args[i].startsWith('--config=')) configs.push(args[i].slice('--config='.length));
    else return null;
  }
  return configs;
}

/**
 * Colour as the full CLI decides it with no --color flag (cli/options.ts colorEnabled). Whether
 * stdout is a terminal is asked without creating process.stdout: a pipe or a file is never one.
 */
function wantsColor(env) {
  if (env.FORCE_COLOR !== undefined) return !['0', 'false'].includes(env.FORCE_COLOR);
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (!fstatSync(1, { throwIfNoEntry: false })?.isCharacterDevice()) return false;
  return require('node:tty').isatty(1);
}

/** Writes the whole text to stdout synchronously (a short answer: one write, no stream set up). */
function writeOut(text) {
  const bytes = Buffer.from(text);
  for (let at = 0; at < bytes.length;) {
    try {
      at += writeSync(1, bytes, at);
    } catch (error) {
      if (error.code !== 'EAGAIN') throw error;
    }
  }
}

/**
 * The check (no command word), not the commit path, in a repository where no project model that
 * still holds is cached (a fresh checkout, CI, a cache restored onto a new checkout): every drizzle
 * config will run in a drift worker, and the first worker's Node can start now, while the CLI
 * itself loads (dist/drift/spare.cjs, taken over by dist/drift/prestart.js). A wrong guess costs
 * one idle process, stopped at the end.
 */
function wantsSpare(args) {
  if (args.length && !args[0].startsWith('-')) return false;
  const options = args.includes('--') ? args.slice(0, args.indexOf('--')) : args;
  if (options.some((a) => ['--staged', '--help', '-h', '--version', '-V'].includes(a))) return false;
  for (let dir = process.cwd(); ; dir = dirname(dir)) {
    // The model the CLI would read (project/cache.ts, checked the same way as on the commit path).
    if (existsSync(join(dir, '.git'))) return require('../dist/cli/staged-fast.cjs').readCacheFast(dir) === null;
    if (dirname(dir) === dir) return false;
  }
}

/** Starts a drift worker now (CommonJS, a few ms), taken over once prestart.js has loaded. */
function spare() {
  const started = require('../dist/drift/spare.cjs').spawnSpare(process.cwd());
  import('../dist/drift/prestart.js')
    .then(({ spareWorker }) => spareWorker(started))
    .catch(() => started?.kill('SIGKILL'));
}

// The commit path (`nexiom-lint --staged` from a hook): a shortcut that loads almost nothing
// answers when no staged file concerns any rule; otherwise the full CLI runs, with the staged
// diff the shortcut already read.
async function start() {
  const configs = hookConfigs(argv);
  if (configs !== null) {
    const { stagedShortcut, colored } = require('../dist/cli/staged-fast.cjs');
    const { text, root, diff, newWork } = await stagedShortcut(process.cwd(), process.env, configs);
    if (text !== null) {
      writeOut(wantsColor(process.env) ? colored(text) : text);
      finished = true;
      process.exit(0);
    }
    // A new edit staged: the schema will likely be serialized, and the worker's Node can start now.
    if (newWork) spare();
    if (root && diff) (await import('../dist/git/staged.js')).keepPrefetch(root, diff);
  } else if (wantsSpare(argv)) {
    spare();
  }
  const { main } = await import('../dist/cli/main.js');
  const { processIo } = await import('../dist/cli/io.js');
  await end(await main(argv, processIo()));
}

start().catch(fail);
