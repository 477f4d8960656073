/**
 * Work this process can do while it only waits for a child (the drift worker serializing the
 * schema): loading the WebAssembly SQL parser, for one. A task registered with `whenIdle` runs
 * the first time a waiter calls `idle()`, at most once; `clearIdle` drops what never ran (the end
 * of a run). Nothing here is needed for a result: a task that never runs only costs its caller
 * the work later, where it is needed.
 *
 * And what the end of a run stops (`atRunEnd`: drift workers started ahead that no question
 * took), registered by the module that started them, so that a run that never loaded that module
 * loads nothing to stop it.
 */
const tasks: Array<() => Promise<unknown>> = [];

export function whenIdle(task: () => Promise<unknown>): void {
  tasks.push(task);
}

/** This process is about to wait for a child: start what was registered. */
export function idle(): void {
  for (const task of tasks.splice(0)) task().catch(() => {});
}

export function clearIdle(): void {
  tasks.length = 0;
}

const enders = new Set<() => void | Promise<void>>();

export function atRunEnd(stop: () => void | Promise<void>): void {
  enders.add(stop);
}

/** Stops what was registered; resolves when all of it has ended. */
export async function runEnded(): Promise<void> {
  await Promise.all([...enders].map((stop) => stop()));
}
