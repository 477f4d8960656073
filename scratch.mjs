const t0 = performance.now();
const m = await import('libpg-query');
const t1 = performance.now();
await m.loadModule();
console.log(t1 - t0, performance.now() - t1);
