/**
 * The run's temporary folders. Each is private (mkdtemp under os.tmpdir(): a new name, mode 0700,
 * never a fixed name that a second user on the machine would find taken), and each is removed:
 * by its owner when done, and otherwise when the process ends, also when it is stopped with
 * Ctrl-C (SIGINT), SIGTERM or SIGHUP: a stopped replay once left a 39 MB data folder behind.
 *
 * After a signal the process exits with 128 + the signal's number, as a shell reports it
 * (process/signals.ts), which runs the `exit` listener that removes them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EnvironmentError } from './errors.js';
import { exitOnSignals } from './process/signals.js';

const live = new Set<string>();
let installed = false;

function removeAll(): void {
  for (const dir of live) rmSync(dir, { recursive: true, force: true, maxRetries: 2 });
  live.clear();
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', removeAll);
  // Child processes are stopped first (process/child.ts registers them): a worker still running
  // would write into a folder being removed, and so recreate it.
  exitOnSignals();
}

/** Removes `dir` at exit (or on a signal) unless it was released first. */
export function track(dir: string): string {
  install();
  live.add(dir);
  return dir;
}

/** No longer ours to remove (renamed into a cache, say). */
export function release(dir: string): void {
  live.delete(dir);
}

function unusable(error: unknown): EnvironmentError {
  const reason = (error as NodeJS.ErrnoException)?.code ?? (error as Error)?.message;
  return new EnvironmentError(
    `Cannot create a temporary folder in ${os.tmpdir()} (${reason}). Point TMPDIR at a folder you can write to.`,
    { cause: error },
  );
}

export function tempDirSync(name: string): string {
  try {
    return track(mkdtempSync(path.join(os.tmpdir(), `nexiom-lint-${name}-`)));
  } catch (error) {
    throw unusable(error);
  }
}

export async function tempDir(name: string): Promise<string> {
  try {
    return track(await mkdtemp(path.join(os.tmpdir(), `nexiom-lint-${name}-`)));
  } catch (error) {
    throw unusable(error);
  }
}

export function removeSync(dir: string): void {
  rmSync(dir, { recursive: true, force: true, maxRetries: 2 });
  live.delete(dir);
}

export async function remove(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true, maxRetries: 2 });
  live.delete(dir);
}
