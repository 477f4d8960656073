// `npm run bench`: every bench/*.bench.mjs, side by side against the tool a user would otherwise
// run, in one run. `npm run bench -- hook drift` runs only those.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => !only.length || only.includes(f.replace('.bench.mjs', '')))
  .sort((a, b) => (a === 'hook.bench.mjs' ? -1 : b === 'hook.bench.mjs' ? 1 : a.localeCompare(b)));

console.log(`nexiom-lint benchmarks (${process.platform}, node ${process.version}, medians of interleaved runs)`);
let failed = false;
for (const file of files) {
  const mod = await import(pathToFileURL(path.join(dir, file)).href);
  try {
    await mod.run();
  } catch (error) {
    failed = true;
    console.log(`\n## ${mod.title ?? file}\n  failed: ${error.message}`);
  }
}
process.exitCode = failed ? 1 : 0;
