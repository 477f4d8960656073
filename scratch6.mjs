import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
const dir = '/tmp/nexiom-bench-sql-v4-500/drizzle';
const files = readdirSync(dir).filter(f => f.endsWith('.sql'));
if (process.argv[2] === 'write') {
  const m = await import('libpg-query'); await m.loadModule();
  const all = files.map(f => m.parseSync(readFileSync(`${dir}/${f}`, 'utf8')));
  writeFileSync('/tmp/astcache.json', JSON.stringify(all));
} else {
  const texts = files.map(f => readFileSync(`${dir}/${f}`, 'utf8'));
  const all = JSON.parse(readFileSync('/tmp/astcache.json', 'utf8'));
}
