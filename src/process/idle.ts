/**
 * Work this process can do while it only waits for a child (the drift worker serializing the
 * schema): loading the WebAssembly SQL parser, for one. A task registered with `whenIdle` runs
 * the first time a waiter calls `idle()`, at most once; `clearIdle` drops what never ran (the end
 * of a run). Nothing here is needed for a result: a task that never runs only costs its caller
 * the work later, where it is needed.
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
