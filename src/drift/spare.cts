/**
 * The spare drift worker's start (prestart.ts's `spareWorker`), in CommonJS so that
 * `bin/nexiom-lint.js` starts it with its first lines, before the CLI's ES modules load: on a cold
 * PR check the worker's Node start is the longest step of the check, and starting it after the
 * import of prestart.js cost that start ~30 ms. prestart.ts adopts the child once it loads.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** The worker's Node arguments. vm's USE_MAIN_CONTEXT_DEFAULT_LOADER (compile-cache.ts) is "experimental" in Node 20: quiet. */
export const WORKER_ARGS = ['--disable-warning=ExperimentalWarning', path.join(__dirname, 'worker.js'), '--prestart'];

/**
 * Starts a worker that waits for its first message (`{ early }`), in `cwd`; null when Node could
 * not be started. Its TMPDIR comes with what it is told to load.
 */
export function spawnSpare(cwd: string): ChildProcess | null {
  try {
    const child = spawn(process.execPath, WORKER_ARGS, {
      cwd,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      // Its own group (POSIX), as process/child.ts starts its children: it stops the group.
      detached: process.platform !== 'win32',
      windowsHide: true,
    });
    // An 'error' with no listener would end the CLI: the adopter (process/child.ts) sees it on the child.
    child.on('error', () => {});
    return child;
  } catch {
    return null;
  }
}
