/**
 * The one way nexiom-lint starts a program other than git (git/exec.ts) and waits for it: an argv
 * array, never a shell string; stdin closed, so a prompt can never wait for input; output kept as
 * the last `outputLimit` bytes of each stream, gathered as a list of chunks and decoded once (a
 * character split across two chunks stays whole); at most one time limit.
 *
 * On POSIX the child leads a process group of its own, and the whole group is stopped with
 * SIGKILL on the time limit, on our own signals (process/signals.ts) and once the child has
 * answered or ended: what it started (a dev server, a watcher, a connection pool's helper) never
 * outlives the run or keeps it waiting. A grandchild that keeps the pipes open after the child
 * exited is let go after PIPE_GRACE_MS.
 *
 * Every way a run ends is reported in one shape, `ChildEnded`, and worded by `howItEnded`; a
 * program that cannot be started at all is a `ChildStartError`.
 *
 * git keeps its own wrapper: its output is the data (all of it, not the tail), `cat-file --batch`
 * is one long-lived process fed over stdin, and git runs none of the user's code, so it needs
 * neither a time limit nor a process group.
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';
import { stopOnSignals } from './signals.js';

/** Output kept per stream unless a caller asks for more: the end of a stack trace and what led to it. */
export const OUTPUT_LIMIT = 16 * 1024;
/** How long pipes a grandchild holds open are still read after the child itself exited. */
const PIPE_GRACE_MS = 1000;

export interface ChildOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Stop the child (and its group) after this long; without it, no limit. */
  timeoutMs?: number;
  /** Bytes kept of each of stdout, stderr and both together: the last ones (default OUTPUT_LIMIT). */
  outputLimit?: number;
  /**
   * An IPC channel (a Node script): the first message `accept` returns a value for ends the wait;
   * the child and its group are stopped then.
   */
  ipc?: (message: unknown) => unknown;
  /** The terminal's stdin, stdout and stderr (a command that may ask the user): nothing is collected. */
  interactive?: boolean;
  /** Output as it arrives, decoded (a command shown live). */
  onOutput?: (text: string, stream: 'stdout' | 'stderr') => void;
  /** Through the shell on Windows, where package managers are `.cmd` files. */
  windowsShell?: boolean;
  /**
   * A child already started (drift/spare.cts, with piped stdout and stderr, its own group where
   * `interactive` is not set, an IPC channel when `ipc` is): taken over instead of started.
   */
  adopt?: ChildProcess;
}

export interface ChildEnded {
  /** The exit code; null when it ended by a signal, or before it exited (an answer, the time limit). */
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** What `ipc` accepted, when the child answered. */
  answer?: unknown;
  stdout: string;
  stderr: string;
  /** stdout and stderr in the order they arrived. */
  output: string;
}

/** The program could not be started (not installed, no such folder). */
export class ChildStartError extends Error {
  /** The system's error code: `ENOENT` for a program that is not there. */
  readonly code: string | undefined;

  constructor(
    readonly command: string,
    cause: NodeJS.ErrnoException,
  ) {
    super(cause.message, { cause });
    this.code = cause.code;
  }
}

/** How a run ended, for messages: `exit code 1`, `the signal SIGSEGV`, `the 120 s time limit`. */
export function howItEnded(ended: ChildEnded, timeoutMs?: number): string {
  if (ended.timedOut) {
    return timeoutMs === undefined ? 'the time limit' : `the ${Math.round(timeoutMs / 1000)} s time limit`;
  }
  if (ended.signal) return `the signal ${ended.signal}`;
  return `exit code ${ended.code ?? 0}`;
}

/** Whether it ended with anything but exit code 0. */
export function failed(ended: ChildEnded): boolean {
  return ended.timedOut || ended.signal !== null || ended.code !== 0;
}

/** The last `limit` bytes of a stream, kept as the chunks they came in and joined once. */
class Tail {
  private chunks: Buffer[] = [];
  private head = 0;
  private size = 0;

  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    // Whole chunks that the rest already covers are dropped; the array is compacted now and then.
    while (this.size - this.chunks[this.head]!.length >= this.limit) this.size -= this.chunks[this.head++]!.length;
    if (this.head > 64 && this.head * 2 > this.chunks.length) {
      this.chunks = this.chunks.slice(this.head);
      this.head = 0;
    }
  }

  text(): string {
    const all = Buffer.concat(this.chunks.slice(this.head));
    const cut = all.length > this.limit ? all.subarray(all.length - this.limit) : all;
    // A cut inside a character leaves a few continuation bytes: not worth a replacement character.
    let start = 0;
    while (start < 3 && start < cut.length && (cut[start]! & 0xc0) === 0x80 && all.length > this.limit) start++;
    return cut.subarray(start).toString('utf8');
  }
}

/** Runs `node <script> ...args` with this process's Node. */
export function runNode(script: string, args: readonly string[], options: ChildOptions): Promise<ChildEnded> {
  return runChild([process.execPath, script, ...args], options);
}

export function runChild(argv: readonly string[], options: ChildOptions): Promise<ChildEnded> {
  return startChild(argv, options).ended;
}

/** A child started and not waited for yet: messages can be sent to it (`ipc`), its time limit started later. */
export interface StartedChild {
  ended: Promise<ChildEnded>;
  /** Whether it is still running (not exited, not stopped). */
  running(): boolean;
  /** Sends a message over the IPC channel (`ipc` set); false when the child is gone. */
  send(message: unknown): boolean;
  /** Starts the time limit now (when `timeoutMs` was not given at the start); null lifts it. */
  limit(timeoutMs: number | null): void;
  /** Stops it and its group. */
  stop(): void;
}

export function startChild(argv: readonly string[], options: ChildOptions): StartedChild {
  const [command, ...args] = argv as [string, ...string[]];
  const limit = options.outputLimit ?? OUTPUT_LIMIT;
  // Its own group (POSIX), unless it talks to the terminal: Ctrl-C must reach a prompt.
  const group = process.platform !== 'win32' && !options.interactive;
  const stdio: StdioOptions = options.interactive
    ? 'inherit'
    : ['ignore', 'pipe', 'pipe', ...(options.ipc ? (['ipc'] as const) : [])];
  let handle!: Omit<StartedChild, 'ended'>;
  const ended = new Promise<ChildEnded>((resolve, reject) => {
    let child: ChildProcess;
    try {
      // A child that could not start has no pid (its 'error' came before it was taken over).
      if (options.adopt && options.adopt.pid === undefined) {
        throw new Error(`${command} was started before and could not start`);
      }
      child =
        options.adopt ??
        spawn(command, args, {
          cwd: options.cwd,
          env: options.env ?? process.env,
          stdio,
          detached: group,
          windowsHide: true,
          shell: options.windowsShell === true && process.platform === 'win32',
        });
    } catch (error) {
      handle = { running: () => false, send: () => false, limit: () => {}, stop: () => {} };
      reject(new ChildStartError(command, error as NodeJS.ErrnoException));
      return;
    }
    const stop = () => {
      try {
        if (group && child.pid) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // Already gone (the group ended with it).
      }
    };
    const forget = stopOnSignals(stop);
    const tails = { stdout: new Tail(limit), stderr: new Tail(limit), output: new Tail(limit) };
    for (const stream of ['stdout', 'stderr'] as const) {
      const decoder = options.onOutput ? new StringDecoder('utf8') : null;
      child[stream]?.on('data', (chunk: Buffer) => {
        tails[stream].push(chunk);
        tails.output.push(chunk);
        if (decoder) options.onOutput!(decoder.write(chunk), stream);
      });
    }
    let settled = false;
    let graceTimer: NodeJS.Timeout | undefined;
    const finish = (result: Pick<ChildEnded, 'code' | 'signal' | 'timedOut'> & { answer?: unknown }) => {
      if (settled) return;
      settled = true;
      clearTimeout(limitTimer);
      clearTimeout(graceTimer);
      forget();
      if (group) stop();
      child.stdout?.destroy();
      child.stderr?.destroy();
      if (child.connected) child.disconnect();
      child.unref();
      resolve({ ...result, stdout: tails.stdout.text(), stderr: tails.stderr.text(), output: tails.output.text() });
    };
    let limitTimer: NodeJS.Timeout | undefined;
    const startLimit = (ms: number | null) => {
      clearTimeout(limitTimer);
      if (ms === null) return;
      limitTimer = setTimeout(() => {
        stop();
        finish({ code: null, signal: null, timedOut: true });
      }, ms);
    };
    if (options.timeoutMs !== undefined) startLimit(options.timeoutMs);
    let exited = false;
    handle = {
      running: () => !settled && !exited,
      send: (message) => !settled && !exited && child.connected && child.send(message as never),
      limit: startLimit,
      stop: () => {
        stop();
        finish({ code: null, signal: 'SIGKILL', timedOut: false });
      },
    };
    if (options.ipc) {
      child.on('message', (message) => {
        const answer = options.ipc!(message);
        if (answer !== undefined) finish({ code: null, signal: null, timedOut: false, answer });
      });
    }
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (settled) return;
      settled = true;
      clearTimeout(limitTimer);
      forget();
      reject(new ChildStartError(command, error));
    });
    // An adopted child that ended before it was taken over: its events are gone.
    if (child.exitCode !== null || child.signalCode !== null) {
      exited = true;
      finish({ code: child.exitCode, signal: child.signalCode, timedOut: false });
    }
    // 'close', not 'exit': output written just before the exit arrives before the pipes close.
    child.on('close', (code, signal) => finish({ code, signal, timedOut: false }));
    child.on('exit', (code, signal) => {
      exited = true;
      graceTimer = setTimeout(() => finish({ code, signal, timedOut: false }), PIPE_GRACE_MS);
      graceTimer.unref();
    });
  });
  return { ended, ...handle };
}
