/**
 * Child process: loads the project's TypeScript schema and prints the DDL that creates it from
 * nothing, with the project's own drizzle-kit (`drizzle-kit/api`: `generateDrizzleJson`, then
 * `generateMigration` from an empty snapshot, the same path `db:generate` takes for a first
 * migration).
 *
 *   node schema-worker.js <request.json> <answer.json>
 *   request: { cwd, files: [absolute schema files], casing? }
 *   answer:  { ok: true, statements: [...] } | { ok: false, message }
 *
 * A child, because schema modules run arbitrary code and drizzle-kit may `process.exit(1)` on a
 * schema error: then no answer file exists and the parent reports this process's output.
 * (A minimal loader: the drift worker of src/drift can replace it.)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

interface Request {
  cwd: string;
  files: string[];
  casing?: 'snake_case' | 'camelCase';
}

interface Api {
  generateDrizzleJson(imports: Record<string, unknown>, prevId?: string, schemaFilters?: string[], casing?: string): unknown;
  generateMigration(prev: unknown, cur: unknown): Promise<string[]>;
}

async function run(request: Request): Promise<string[]> {
  const require = createRequire(path.join(request.cwd, 'package.json'));
  let api: Api;
  try {
    api = require('drizzle-kit/api') as Api;
  } catch (error) {
    throw new Error(`drizzle-kit is not installed in ${request.cwd} (npm i -D drizzle-kit): ${(error as Error).message}`);
  }
  const { createJiti } = await import('jiti');
  const jiti = createJiti(pathToFileURL(path.join(request.cwd, 'package.json')).href, { moduleCache: true, fsCache: false });
  const imports: Record<string, unknown> = {};
  for (const file of request.files) {
    try {
      Object.assign(imports, await jiti.import(file));
    } catch (error) {
      throw new Error(`${path.relative(request.cwd, file)} could not be loaded: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  const empty = api.generateDrizzleJson({}, undefined, undefined, request.casing);
  const current = api.generateDrizzleJson(imports, undefined, undefined, request.casing);
  return api.generateMigration(empty, current);
}

const [requestFile, answerFile] = process.argv.slice(2);
if (!requestFile || !answerFile) {
  process.stderr.write('usage: schema-worker <request.json> <answer.json>\n');
  process.exitCode = 2;
} else {
  const request = JSON.parse(readFileSync(requestFile, 'utf8')) as Request;
  try {
    const statements = await run(request);
    writeFileSync(answerFile, JSON.stringify({ ok: true, statements }));
  } catch (error) {
    writeFileSync(answerFile, JSON.stringify({ ok: false, message: (error as Error)?.message ?? String(error) }));
  }
}
