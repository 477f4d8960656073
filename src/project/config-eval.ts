/**
 * Evaluates a drizzle config in a child process (config-worker.ts) and explains, as a
 * `ConfigError`, every way that can go wrong: the config threw, exited, never finished, or
 * exported something that is not a config.
 *
 * The child runs in the directory drizzle-kit would run in, so a config that computes `schema`
 * from `process.cwd()` means the same thing whatever folder nexiom-lint was started from. It is
 * killed as soon as it has answered: a timer, a socket or a pool the config leaves open never
 * keeps the CLI waiting. Measured against evaluating in-process, the cost is one Node start
 * (about 0.1 s of CPU) on a run that loads a config at all; the commit path reads the cached
 * project model and starts no child.
 */
import { ciInstallCommand, detectPackageManager, hasLockfile } from './package-manager.js';
import { installHintFrom } from './install-hint.js';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, EnvironmentError } from '../errors.js';
import { runNode, type ChildEnded } from '../process/child.js';
import { EXIT_MARK, type ConfigAnswer } from './config-protocol.js';
import { envWrapperHint, lastLine, placeholderHint, unsetVariables } from './user-code.js';

/** The compiled worker; from the sources (the tests import src/), the build's copy in dist/. */
const WORKER =
  [new URL('./config-worker.js', import.meta.url), new URL('../../dist/project/config-worker.js', import.meta.url)]
    .map((url) => fileURLToPath(url))
    .find((file) => existsSync(file)) ?? fileURLToPath(new URL('./config-worker.js', import.meta.url));

export type RawConfig = Record<string, unknown>;

export interface EvaluateOptions {
  /** The directory the config runs in (drizzle-kit's working directory). */
  cwd: string;
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
  /** How messages name the config (repository-relative); default the path given. */
  label?: string;
  /** The package's scripts: how it runs drizzle-kit (an env loader first?), for messages. */
  scripts?: Record<string, string>;
}

interface Ended extends ChildEnded {
  answer: ConfigAnswer | null;
}

export async function evaluateConfig(file: string, options: EvaluateOptions): Promise<RawConfig> {
  const env = options.env ?? process.env;
  const ended = await runWorker(file, options.cwd, options.timeoutMs, env);
  const { answer } = ended;
  const label = options.label ?? file;
  if (ended.timedOut) throw timedOut(label, options.timeoutMs, ended);
  if (!answer) throw stopped(label, file, ended, env, envWrapperHint(options.scripts ?? {}));
  if (!answer.ok) throw threw(label, answer, ended, env, envWrapperHint(options.scripts ?? {}), options.cwd);
  if (answer.kind !== 'object') {
    throw new ConfigError(
      `${label} does not export a config object (export default defineConfig({...})); its default export is ` +
        `${answer.kind === 'undefined' ? 'missing' : `a${/^[aeiou]/.test(answer.kind) ? 'n' : ''} ${answer.kind}`}.`,
    );
  }
  return JSON.parse(answer.json) as RawConfig;
}

async function runWorker(file: string, cwd: string, timeoutMs: number, env: NodeJS.ProcessEnv): Promise<Ended> {
  let ended: ChildEnded;
  try {
    // Its own process group (POSIX): whatever the config starts (a dev server, a watcher) is
    // stopped with it, as soon as it has answered.
    ended = await runNode(WORKER, [file], { cwd, env, timeoutMs, ipc: readAnswer });
  } catch (error) {
    throw new EnvironmentError(`Could not start node to load the drizzle config: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return { ...ended, answer: (ended.answer as ConfigAnswer | undefined) ?? null };
}

/** The worker's one message, or undefined for anything else (the wait goes on). */
function readAnswer(message: unknown): ConfigAnswer | undefined {
  try {
    return JSON.parse(String(message)) as ConfigAnswer;
  } catch {
    return undefined;
  }
}

/**
 * stderr without the exit mark, and what the mark says. The mark is written synchronously, so
 * output the config queued before it may arrive after it: only the mark's line is cut out.
 */
function splitMark(stderr: string): { text: string; code?: number; called?: boolean } {
  const at = stderr.lastIndexOf(EXIT_MARK);
  if (at < 0) return { text: stderr };
  const lineEnd = stderr.indexOf('\n', at);
  const text = stderr.slice(0, at) + (lineEnd < 0 ? '' : stderr.slice(lineEnd + 1));
  try {
    const mark = JSON.parse(stderr.slice(at + EXIT_MARK.length, lineEnd < 0 ? undefined : lineEnd)) as {
      code: number;
      called: boolean;
    };
    return { text, code: mark.code, called: mark.called };
  } catch {
    return { text };
  }
}

function printed(stdout: string, stderr: string): string {
  const line = lastLine(stderr) ?? lastLine(stdout);
  return line ? ` after printing "${line}"` : ' without printing anything';
}

function stopped(file: string, source: string, ended: Ended, env: NodeJS.ProcessEnv, wrapper: string): ConfigError {
  const mark = splitMark(ended.stderr);
  const said = printed(ended.stdout, mark.text);
  const hint = wrapper || placeholderHint(unsetVariables([mark.text, ended.stdout], env, source));
  if (ended.signal) {
    return new ConfigError(`Loading ${file} was ended by the signal ${ended.signal}${said}.${hint}`);
  }
  const code = mark.code ?? ended.code ?? 0;
  if (mark.called === false) {
    // The loop ran dry before the config's value settled (nothing is left that could settle it).
    return new ConfigError(
      `${file} never finished loading: its default export waits on a promise that never settles${said}. ` +
        'drizzle-kit cannot read it either: fix the config.' +
        hint,
    );
  }
  return new ConfigError(
    `The drizzle config ${file} exited with code ${code}${said}, before nexiom-lint could read it; ` +
      `nothing was checked.${hint}`,
  );
}

function threw(
  file: string,
  answer: Extract<ConfigAnswer, { ok: false }>,
  ended: Ended,
  env: NodeJS.ProcessEnv,
  wrapper: string,
  cwd: string,
): ConfigError {
  const message = answer.message.split('\n').find((l) => l.trim()) ?? answer.message;
  const at = answer.at ? ` (at ${answer.at})` : '';
  const missing = /Cannot find (?:module|package) ['"]?([^'"\s]+)/.exec(answer.message);
  let hint: string;
  if (missing && /^drizzle-kit(\/|$)/.test(missing[1]!)) {
    hint = ` drizzle-kit is not installed in this project: ${installHintFrom(cwd, 'drizzle-kit')}.`;
  } else if (missing && !/^[./]/.test(missing[1]!)) {
    hint = ` The config imports ${missing[1]}, which is not installed: install the project's dependencies (\`${installCommandFor(cwd)}\`) first.`;
  } else {
    const names = unsetVariables([answer.message, ended.stderr, answer.background ?? ''], env);
    hint =
      wrapper ||
      placeholderHint(names) ||
      (/\benv(ironment)?\b/i.test(answer.message)
        ? ' The config checks environment variables that are not set here: set them (placeholder values are enough, nothing connects to a database during a check) or load your env file first, as your drizzle-kit scripts do.'
        : ' Fix the error in the config file (nexiom-lint loads it the way drizzle-kit does, in the package that owns it).');
  }
  // What a validator printed (`❌ Invalid environment variables: [...]`) names what is wrong.
  const said = ended.stderr.trim() ? `\nIt printed:\n${ended.stderr.trim().slice(-1500)}` : '';
  return new ConfigError(`Could not load ${file}: ${message}${at}.${hint}${said}`);
}

function timedOut(file: string, timeoutMs: number, ended: Ended): EnvironmentError {
  return configTimedOut(file, timeoutMs, `${ended.stdout}\n${splitMark(ended.stderr).text}`.trim());
}

/** A config that did not finish loading within the limit (here, or in a drift worker: prestart.ts). */
export function configTimedOut(file: string, timeoutMs: number, output = ''): EnvironmentError {
  return new EnvironmentError(
    `Loading ${file} took longer than ${Math.round(timeoutMs / 1000)} s and was stopped. A config may wait on ` +
      'something when it loads (a database connection, a prompt, a loop); drizzle-kit would wait too. ' +
      'Raise the limit with "drift": { "timeout": <seconds> } in nexiom-lint.config.json if it is just slow.' +
      (output ? `\nIt printed:\n${output.slice(-2000)}` : ''),
  );
}

/** The install command of the package manager whose lockfile is nearest above `dir` (npm without one). */
function installCommandFor(dir: string): string {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    if (hasLockfile(at)) return ciInstallCommand(detectPackageManager(at));
    if (path.dirname(at) === at) return 'npm install';
  }
}
