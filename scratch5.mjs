import { readFileSync, readdirSync } from 'node:fs';
const dir = '/tmp/nexiom-bench-sql-v4-500/drizzle';
const t0 = performance.now();
const files = readdirSync(dir).filter(f => f.endsWith('.sql'));
const texts = files.map(f => readFileSync(`${dir}/${f}`, 'utf8'));
const m = await import('libpg-query'); await m.loadModule();
const all = texts.map((t) => m.parseSync(t));
console.log(all.length, (performance.now() - t0).toFixed(0), 'ms wall');
