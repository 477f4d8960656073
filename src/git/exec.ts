/**
 * The one way nexiom-lint runs git: an argv array (never a shell string), `core.quotepath=off` so
 * non-ASCII names come back as UTF-8, submodules never recursed. Failures become `GitError` with
 * git's own stderr as the message and the original error as `cause`.
 */
import { execFile, spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { GitError } from '../errors.js';

const GIT_PREFIX = ['-c', 'core.quotepath=off', '-c', 'submodule.recurse=false'];

export interface GitResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** Runs git and resolves with its output whatever the exit code; rejects only when git cannot run. */
export function gitRaw(args: readonly string[], cwd: string): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      [...GIT_PREFIX, ...args],
      { cwd, maxBuffer: 512 * 1024 * 1024, encoding: 'utf8', windowsHide: true, env: gitEnv() },
      (error, stdout, stderr) => {
        if (error && typeof (error as NodeJS.ErrnoException).code === 'string') {
          const code = (error as NodeJS.ErrnoException).code;
          // execFile reports a missing working folder as ENOENT too: that is not a missing git.
          if (code === 'ENOENT' && !isDirectory(cwd)) {
            reject(
              new GitError(`The folder ${cwd} does not exist (or is not a folder): run nexiom-lint in your project.`, {
                cause: error,
              }),
            );
            return;
          }
          if (code === 'ENOENT') {
            reject(
              new GitError('git was not found on PATH. Install git (https://git-scm.com) and try again.', {
                cause: error,
              }),
            );
            return;
          }
          reject(new GitError(`git ${args.join(' ')} failed: ${error.message}`, { cause: error }));
          return;
        }
        const exit = error ? Number((error as { code?: number }).code ?? 1) : 0;
        resolve({ stdout, stderr, code: exit });
      },
    );
  });
}

/** Runs git and returns stdout; a non-zero exit is a `GitError` carrying git's stderr. */
export async function git(args: readonly string[], cwd: string): Promise<string> {
  const result = await gitRaw(args, cwd);
  if (result.code !== 0) {
    const stderr = result.stderr.trim() || `exit code ${result.code}`;
    throw new GitError(`git ${args.join(' ')}: ${stderr}`, { cause: result });
  }
  return result.stdout;
}

function isDirectory(dir: string): boolean {
  return statSync(dir, { throwIfNoEntry: false })?.isDirectory() === true;
}

function gitEnv(): NodeJS.ProcessEnv {
  // A hook runs with GIT_INDEX_FILE etc. set for the repository being committed to; keep them.
  // Only make git's messages predictable.
  return { ...process.env, LC_ALL: 'C', LANG: 'C' };
}

/**
 * Reads many blobs through one `git cat-file --batch` process instead of one `git show` each
 * (500 snapshots would otherwise cost 500 process starts).
 *
 * Request:  `<object name>\n`, e.g. `HEAD:drizzle/0000_init.sql` or `:drizzle/0000_init.sql`
 * Response: `<sha> blob <size>\n<size bytes>\n`, or `<object name> missing\n`
 *
 * git writes a large blob in 64 kB pipe chunks: they are kept in a list and joined once, when the
 * whole body is there (joining on every chunk made reading a 30 MB snapshot take half a minute).
 */
export class BlobReader {
  private child: ReturnType<typeof spawn> | null = null;
  private readonly pending = new ChunkQueue();
  /** The header of the response being received, once its line is complete. */
  private header: { type: string; size: number } | null = null;
  private queue: Array<{ resolve: (value: Buffer | undefined) => void; reject: (e: Error) => void }> = [];
  private failed: Error | null = null;

  constructor(private readonly cwd: string) {}

  read(objectName: string): Promise<Buffer | undefined> {
    if (/[\n\0]/.test(objectName)) {
      return Promise.reject(
        new GitError(
          `cannot read ${JSON.stringify(objectName)} through git: the name holds a newline or NUL. Rename the file (git mv) to a name without one.`,
        ),
      );
    }
    if (this.failed) return Promise.reject(this.failed);
    const child = this.start();
    return new Promise((resolve, reject) => {
      this.queue.push({ resolve, reject });
      this.setRef(true);
      child.stdin!.write(`${objectName}\n`);
    });
  }

  close(): void {
    if (this.child) {
      this.child.stdin!.end();
      this.child = null;
    }
  }

  private start(): ReturnType<typeof spawn> {
    if (this.child) return this.child;
    const child = spawn('git', [...GIT_PREFIX, 'cat-file', '--batch'], {
      cwd: this.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: gitEnv(),
      windowsHide: true,
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      this.pending.push(chunk);
      this.drain();
    });
    const fail = (error: Error) => {
      this.failed = error;
      for (const pending of this.queue.splice(0)) pending.reject(error);
    };
    child.on('error', (error) => fail(new GitError(`git cat-file failed: ${error.message}`, { cause: error })));
    child.on('close', (code) => {
      if (this.queue.length) fail(new GitError(`git cat-file exited with ${code}: ${stderr.trim()}`));
      this.child = null;
    });
    this.child = child;
    return child;
  }

  /** Keeps the process alive while reads are pending, and only then (an idle reader never blocks exit). */
  private setRef(on: boolean): void {
    const child = this.child;
    if (!child) return;
    const handles = [child, child.stdout, child.stdin, child.stderr] as unknown as Array<{
      ref?: () => void;
      unref?: () => void;
    }>;
    for (const h of handles) (on ? h?.ref : h?.unref)?.call(h);
  }

  private drain(): void {
    while (this.queue.length) {
      if (!this.header) {
        const newline = this.pending.indexOf(10);
        if (newline < 0) return;
        const line = this.pending.take(newline + 1).toString('utf8', 0, newline);
        if (line.endsWith(' missing') || line.endsWith(' ambiguous')) {
          this.settle((p) => p.resolve(undefined));
          continue;
        }
        const parts = line.split(' ');
        const size = Number(parts[2]);
        if (parts.length !== 3 || !Number.isSafeInteger(size) || size < 0) {
          this.settle((p) => p.reject(new GitError(`unexpected git cat-file output: ${line}`)));
          continue;
        }
        this.header = { type: parts[1]!, size };
      }
      // The body, then the newline git writes after it.
      if (this.pending.length < this.header.size + 1) return;
      const body = this.pending.take(this.header.size);
      this.pending.take(1);
      const type = this.header.type;
      this.header = null;
      // Trees and commits are not files.
      this.settle((p) => p.resolve(type === 'blob' ? body : undefined));
    }
  }

  private settle(
    how: (pending: { resolve: (value: Buffer | undefined) => void; reject: (e: Error) => void }) => void,
  ): void {
    how(this.queue.shift()!);
    if (!this.queue.length) this.setRef(false);
  }
}

/**
 * Bytes received and not yet consumed, as the list of chunks they came in: taking n bytes copies
 * them once, so reading a blob costs time linear in its size however many chunks it spans.
 */
export class ChunkQueue {
  private chunks: Buffer[] = [];
  private head = 0; // bytes of chunks[0] already taken
  length = 0;

  push(chunk: Buffer): void {
    if (!chunk.length) return;
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  /** The offset of the first `byte`, or -1. */
  indexOf(byte: number): number {
    let seen = 0;
    for (let i = 0; i < this.chunks.length; i++) {
      const chunk = this.chunks[i]!;
      const from = i === 0 ? this.head : 0;
      const at = chunk.indexOf(byte, from);
      if (at >= 0) return seen + at - from;
      seen += chunk.length - from;
    }
    return -1;
  }

  /** Removes and returns the first n bytes (n <= length), as a buffer of its own. */
  take(n: number): Buffer {
    const parts: Buffer[] = [];
    let left = n;
    while (left > 0) {
      const chunk = this.chunks[0]!;
      const available = chunk.length - this.head;
      const used = Math.min(available, left);
      parts.push(chunk.subarray(this.head, this.head + used));
      left -= used;
      if (used === available) {
        this.chunks.shift();
        this.head = 0;
      } else this.head += used;
    }
    this.length -= n;
    // A copy: the caller keeps the body, and must not keep the 64 kB chunks around it alive.
    return Buffer.concat(parts, n);
  }
}
