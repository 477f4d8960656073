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
 * The modules load as drizzle-kit 0.31 loads them (src/drift/load.ts: tsx, so tsconfig `paths`
 * aliases resolve), the same schema the drift check sees.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { LoadFailure, loadSchema } from '../drift/load.js';

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
  let kitRequire: NodeJS.Require;
  try {
    const resolved = require.resolve('drizzle-kit/api');
    kitRequire = createRequire(resolved);
    api = require(resolved) as Api;
  } catch (error) {
    throw new Error(`drizzle-kit is not installed in ${request.cwd} (npm i -D drizzle-kit): ${(error as Error).message}`);
  }
  let imports: Record<string, unknown>;
  try {
    ({ imports } = await loadSchema('0.31', request.cwd, request.files, kitRequire));
  } catch (error) {
    if (!(error instanceof LoadFailure)) throw error;
    throw new Error(`${path.relative(request.cwd, error.file)} could not be loaded: ${error.message.split('\n')[0]}`);
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
