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
            reject(new GitError(`The folder ${cwd} does not exist (or is not a folder): run nexiom-lint in your project.`, { cause: error }));
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
 */
export class BlobReader {
  private child: ReturnType<typeof spawn> | null = null;
  private buffer: Buffer = Buffer.alloc(0);
  private queue: Array<{ resolve: (value: Buffer | undefined) => void; reject: (e: Error) => void }> = [];
  private failed: Error | null = null;

  constructor(private readonly cwd: string) {}

  read(objectName: string): Promise<Buffer | undefined> {
    if (objectName.includes('\n')) {
      return Promise.reject(new GitError(`cannot read a path with a newline through git: ${JSON.stringify(objectName)}`));
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
      this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
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
    const handles = [child, child.stdout, child.stdin, child.stderr] as unknown as Array<{ ref?: () => void; unref?: () => void }>;
    for (const h of handles) (on ? h?.ref : h?.unref)?.call(h);
  }

  private drain(): void {
    while (this.queue.length) {
      const newline = this.buffer.indexOf(10);
      if (newline < 0) return;
      const header = this.buffer.subarray(0, newline).toString('utf8');
      if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
        this.buffer = this.buffer.subarray(newline + 1);
        this.queue.shift()!.resolve(undefined);
        if (!this.queue.length) this.setRef(false);
        continue;
      }
      const parts = header.split(' ');
      const size = Number(parts[2]);
      if (!Number.isFinite(size)) {
        this.buffer = this.buffer.subarray(newline + 1);
        this.queue.shift()!.reject(new GitError(`unexpected git cat-file output: ${header}`));
        continue;
      }
      const end = newline + 1 + size;
      if (this.buffer.length < end + 1) return;
      const body = Buffer.from(this.buffer.subarray(newline + 1, end));
      this.buffer = this.buffer.subarray(end + 1);
      const pending = this.queue.shift()!;
      // Trees and commits are not files.
      pending.resolve(parts[1] === 'blob' ? body : undefined);
    }
    if (!this.queue.length) this.setRef(false);
  }
}
