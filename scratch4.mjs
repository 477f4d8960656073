import { readFileSync, readdirSync } from 'node:fs';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
const dir = '/tmp/nexiom-bench-sql-v4-500/drizzle';
if (isMainThread) {
  const t0 = performance.now();
  const files = readdirSync(dir).filter(f => f.endsWith('.sql'));
  const texts = files.map(f => readFileSync(`${dir}/${f}`, 'utf8'));
  const half = Math.floor(texts.length / 2);
  const worker = new Worker(new URL(import.meta.url), { workerData: texts.slice(half) });
  const fromWorker = new Promise((resolve) => worker.once('message', resolve));
  const m = await import('libpg-query'); await m.loadModule();
  const mine = texts.slice(0, half).map((t) => m.parseSync(t));
  const theirs = await fromWorker;
  await worker.terminate();
  console.log(mine.length + theirs.length, (performance.now() - t0).toFixed(0), 'ms wall');
} else {
  const m = await import('libpg-query'); await m.loadModule();
  parentPort.postMessage(workerData.map((t) => m.parseSync(t)));
}
