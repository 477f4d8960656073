import { readFileSync, readdirSync } from 'node:fs';
const dir = '/tmp/nexiom-bench-sql-v4-500/drizzle';
const files = readdirSync(dir).filter(f => f.endsWith('.sql'));
const texts = files.map(f => readFileSync(`${dir}/${f}`, 'utf8'));
const m = await import('libpg-query'); await m.loadModule();
const mode = process.argv[2];
if (mode === 'chunk') for (const text of texts) for (const c of text.split('--> statement-breakpoint')) { if (c.trim()) m.parseSync(c); }
if (mode === 'file') for (const text of texts) m.parseSync(text);
