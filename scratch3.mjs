import { lint } from './dist/engine/run.js';
import { sqlRules } from './dist/rules/sql/index.js';
const cwd = '/tmp/nexiom-bench-sql-v4-500';
const time = async (only) => { const t = performance.now(); const c = process.cpuUsage(); await lint({ cwd, mode: 'all', only }); const u = process.cpuUsage(c); return (u.user + u.system) / 1000; };
await time(['sql-syntax']); // warm everything
const base = [];
for (let i = 0; i < 3; i++) base.push(await time(['sql-syntax']));
const b = Math.min(...base);
console.log('sql-syntax (read+parse, warm)', b.toFixed(0));
for (const r of sqlRules) {
  if (r.meta.id === 'sql-syntax') continue;
  const ts = [];
  for (let i = 0; i < 3; i++) ts.push(await time(['sql-syntax', r.meta.id]));
  const d = Math.min(...ts) - b;
  if (d > 5) console.log(r.meta.id, d.toFixed(0));
}
