// The one way a program is started and waited for (src/process/child.ts), on real processes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import {
  ChildStartError,
  failed,
  howItEnded,
  OUTPUT_LIMIT,
  runChild,
  runNode,
  startChild,
} from '../../src/process/child.js';

const node = (code: string, options: Parameters<typeof runNode>[2] = { cwd: process.cwd() }) =>
  runNode('-e', [code], options);

/** Whether a process still runs (a zombie left for PID 1 to reap has stopped). */
function running(pid: number): boolean {
  try {
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

describe('runChild', () => {
  it('reports the exit code and both streams, apart and in order', async () => {
    const ended = await node("process.stdout.write('a'); process.stderr.write('b'); process.exitCode = 3");
    expect(ended).toMatchObject({ code: 3, signal: null, timedOut: false, stdout: 'a', stderr: 'b' });
    expect(ended.output).toHaveLength(2);
    expect(failed(ended)).toBe(true);
    expect(howItEnded(ended)).toBe('exit code 3');
  });

  it('keeps the last bytes of a long output, characters whole', async () => {
    const ended = await node(
      "for (let i = 0; i < 5000; i++) process.stdout.write('é' + i + '\\n'); process.stdout.write('END')",
    );
    expect(Buffer.byteLength(ended.stdout)).toBeLessThanOrEqual(OUTPUT_LIMIT);
    expect(ended.stdout.endsWith('4999\nEND')).toBe(true);
    expect(ended.stdout).not.toContain('\uFFFD');
  });

  it('names a signal', async () => {
    const ended = await node("process.kill(process.pid, 'SIGTERM')");
    expect(howItEnded(ended)).toBe('the signal SIGTERM');
  });

  it('stops the child and what it started at the time limit', async () => {
    const started = Date.now();
    const ended = await node(
      "const c = require('node:child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' }); console.log(c.pid); setInterval(() => {}, 1000)",
      { cwd: process.cwd(), timeoutMs: 1500 },
    );
    expect(ended.timedOut).toBe(true);
    expect(howItEnded(ended, 1500)).toBe('the 2 s time limit');
    expect(Date.now() - started).toBeLessThan(10_000);
    const grandchild = Number(ended.stdout.trim());
    await new Promise((r) => setTimeout(r, 300));
    expect(running(grandchild)).toBe(false);
  });

  it('ends the wait on the answer over IPC, and stops the child then', async () => {
    const ended = await node('process.send(JSON.stringify({ ok: 1 })); setInterval(() => {}, 1000)', {
      cwd: process.cwd(),
      timeoutMs: 20_000,
      ipc: (message) => JSON.parse(String(message)),
    });
    expect(ended.answer).toEqual({ ok: 1 });
    expect(ended.timedOut).toBe(false);
  });

  it('does not wait for a grandchild that holds the pipes after the child exited', async () => {
    const started = Date.now();
    const ended = await node(
      "require('node:child_process').spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'inherit' }).unref(); process.exit(0)",
    );
    expect(ended.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('a program that is not there is a start error', async () => {
    const error = await runChild(['nexiom-lint-no-such-program'], { cwd: process.cwd() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChildStartError);
    expect((error as ChildStartError).code).toBe('ENOENT');
  });

  it('streams output as it arrives', async () => {
    const seen: string[] = [];
    await node("console.log('one'); console.error('two')", {
      cwd: process.cwd(),
      onOutput: (text, stream) => seen.push(`${stream}:${text}`),
    });
    expect(seen.sort()).toEqual(['stderr:two\n', 'stdout:one\n']);
  });
});

describe('startChild with a child already started (adopt)', () => {
  const spawnNode = (code: string) =>
    spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], detached: true });

  it('takes over a running child: its output, its messages and its end', async () => {
    const child = spawnNode(
      "process.stdout.write('early '); process.on('message', (m) => { process.send({ echo: m }); process.stdout.write('late'); process.disconnect(); })",
    );
    // Taken over a while after it started, as bin/ hands its spare worker to the CLI.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const messages: unknown[] = [];
    const started = startChild(['unused'], {
      cwd: process.cwd(),
      adopt: child,
      ipc: (message) => {
        messages.push(message);
        return undefined;
      },
    });
    expect(started.running()).toBe(true);
    expect(started.send('hi')).toBe(true);
    const ended = await started.ended;
    expect(messages).toEqual([{ echo: 'hi' }]);
    expect(ended).toMatchObject({ code: 0, stdout: 'early late' });
  });

  it('a child that ended before it was taken over has ended', async () => {
    const child = spawnNode('process.exit(7)');
    await new Promise((resolve) => child.on('exit', resolve));
    const started = startChild(['unused'], { cwd: process.cwd(), adopt: child, ipc: () => undefined });
    expect(started.running()).toBe(false);
    expect(started.send('hi')).toBe(false);
    expect((await started.ended).code).toBe(7);
  });

  it('a child that never started is a start error', async () => {
    const child = spawn('nexiom-lint-no-such-program', [], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.on('error', () => {});
    const error = await startChild(['nexiom-lint-no-such-program'], { cwd: process.cwd(), adopt: child }).ended.catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ChildStartError);
  });
});
