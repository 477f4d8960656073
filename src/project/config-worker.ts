/**
 * Child process: evaluates one drizzle config and sends it back over the IPC channel, as JSON.
 * Started by config-eval.ts as `node config-worker.js <config file>`, in the directory
 * drizzle-kit would run in (the package that owns the config), with stdin closed.
 *
 * A child, because a config is a program: it may read `process.cwd()`, leave a timer or a
 * database client open, loop, print, or `process.exit(N)` (`if (!process.env.DATABASE_URL) ...`).
 * None of that may decide when the CLI ends or with which code. When the config ends this process
 * before its answer is sent, the exit listener below writes one marked line on stderr (the code,
 * and whether `process.exit` was called) for the parent to explain.
 */
import { writeSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { configAnswerOf, EXIT_MARK, type ConfigAnswer } from './config-protocol.js';

const realExit = process.exit.bind(process);
let answered = false;
let exitCalled = false;
/** An error the config's background work (a connection at import ...) raised before the answer. */
let background: string | undefined;

process.exit = ((code?: number | string | null) => {
  exitCalled = true;
  return realExit(code as number | undefined);
}) as typeof process.exit;

process.on('exit', (code) => {
  if (answered) return;
  try {
    writeSync(2, `\n${EXIT_MARK}${JSON.stringify({ code, called: exitCalled })}\n`);
  } catch {
    // stderr is gone: the parent reports the exit code alone.
  }
});

// Its own process group does not see the terminal's Ctrl-C: it ends with the parent instead.
process.on('disconnect', () => realExit(0));
// The IPC channel alone must not keep this process alive: a config whose promise never settles,
// with nothing else pending, then ends (exit 13) instead of waiting for the time limit.
process.channel?.unref();

// drizzle-kit would crash on these too, but only if they happen before it is done with the
// config; a check only needs the config's value, so they are remembered, not fatal.
const remember = (error: unknown) => {
  background ??= firstLine(error);
};
process.on('uncaughtException', remember);
process.on('unhandledRejection', remember);

function firstLine(error: unknown): string {
  const text = (error as Error)?.message ?? String(error);
  return text.split('\n').find((l) => l.trim()) ?? text;
}

/** nexiom-lint's own dist/ folder: its frames are not the user's. */
const OWN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** `file:line` of the first stack frame in the user's code (not node_modules, not node:). */
function userFrame(error: unknown): string | undefined {
  const stack = (error as Error)?.stack ?? '';
  for (const line of stack.split('\n').slice(1)) {
    const m = /\(?((?:file:\/\/)?\/[^():]+):(\d+):\d+\)?$/.exec(line.trim());
    const where = m ? m[1]!.replace(/^file:\/\//, '') : '';
    if (m && !where.includes('/node_modules/') && !where.startsWith(OWN)) return `${where}:${m[2]}`;
  }
  return undefined;
}

function send(answer: ConfigAnswer): void {
  answered = true;
  const done = () => realExit(0);
  if (!process.send) {
    process.stdout.write(JSON.stringify(answer), done);
    return;
  }
  process.send(JSON.stringify(answer), done);
}

async function evaluate(file: string): Promise<ConfigAnswer> {
  // drizzle-kit loads the config through tsx, which applies the `paths` of the tsconfig where it
  // runs (this process's folder) to every import: `@/env.js`, or a workspace package's subpath
  // that its `exports` do not list but `paths` maps to its sources.
  const { aliasesFor } = await import('../drift/tsconfig-paths.js');
  const alias = /\.[mc]?tsx?$/.test(file) ? aliasesFor(process.cwd()) : undefined;
  // The common config (plain JavaScript but for its imports) without loading jiti's transform.
  const { loadPlainConfig } = await import('./config-fast.js');
  const plain = loadPlainConfig(file, alias);
  let loaded: unknown = plain ? plain.value : await importWithJiti(file, alias);
  if (typeof loaded === 'function') loaded = await (loaded as () => unknown)();
  return configAnswerOf(loaded);
}

async function importWithJiti(file: string, alias: Record<string, string> | undefined): Promise<unknown> {
  const { createJiti } = await import('jiti');
  const jiti = createJiti(pathToFileURL(file).href, {
    interopDefault: true,
    moduleCache: false,
    fsCache: false,
    ...(alias ? { alias } : {}),
  });
  return jiti.import(file, { default: true });
}

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: config-worker <drizzle config file>\n');
  realExit(2);
} else {
  let answer: ConfigAnswer;
  try {
    answer = await evaluate(file);
  } catch (error) {
    const at = userFrame(error);
    const code = (error as NodeJS.ErrnoException)?.code;
    answer = {
      ok: false,
      message: (error as Error)?.message ?? String(error),
      ...(typeof code === 'string' ? { code } : {}),
      ...(at ? { at } : {}),
    };
  }
  if (!answer.ok && background) answer.background = background;
  send(answer);
}
