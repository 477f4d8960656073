/**
 * What happens when the run is stopped with Ctrl-C (SIGINT), SIGTERM or SIGHUP: every child
 * process still running is stopped (a worker would otherwise keep writing into a temp folder being
 * removed, or a config's dev server would outlive the run), then the process exits with 128 + the
 * signal's number, as a shell reports it, which runs the `exit` listeners (temp.ts removes its
 * folders there).
 */
import os from 'node:os';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const stoppers = new Set<() => void>();
let installed = false;

/** Makes our signals end the run through `process.exit`, so that `exit` listeners run. */
export function exitOnSignals(): void {
  if (installed) return;
  installed = true;
  for (const signal of SIGNALS) {
    process.once(signal, () => {
      for (const stop of [...stoppers]) {
        try {
          stop();
        } catch {
          // Already gone.
        }
      }
      stoppers.clear();
      // The one process.exit outside bin/: a signal handler must end the run it took over.
      process.exit(128 + os.constants.signals[signal]);
    });
  }
}

/** Runs `stop` when the run is stopped by a signal; the returned function cancels it. */
export function stopOnSignals(stop: () => void): () => void {
  exitOnSignals();
  stoppers.add(stop);
  return () => stoppers.delete(stop);
}
