/**
 * Child process: loads the project's TypeScript schema and prints the DDL that creates it from
 * nothing, with the project's own drizzle-kit (`generateDrizzleJson`, then `generateMigration`
 * from an empty schema, the same path `db:generate` takes for a first migration): through
 * `drizzle-kit/api` (or `drizzle-kit/payload` before 0.23.2) on the 0.x lines, `drizzle-kit/api-postgres`
 * on the 1.0 line.
 *
 *   node schema-worker.js <request.json> <answer.json>
 *   request: { line, cwd, files: [absolute schema files], casing? }
 *   answer:  { ok: true, statements: [...] } | { ok: false, message }
 *
 * A child, because schema modules run arbitrary code and drizzle-kit may `process.exit(1)` on a
 * schema error: then no answer file exists and the parent reports this process's output.
 * The modules load as that drizzle-kit loads them (src/drift/load.ts: tsx on 0.31, jiti with the
 * tsconfig `paths` on 1.0), the same schema the drift check sees.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { LoadFailure, loadKitApi, loadSchema } from '../drift/load.js';
import type { KitLine } from '../drift/protocol.js';

interface Request {
  line: KitLine;
  cwd: string;
  files: string[];
  casing?: 'snake_case' | 'camelCase';
}

interface Api {
  /** 0.31: synchronous, with the casing; 1.0: a promise. */
  generateDrizzleJson(
    imports: Record<string, unknown>,
    prevId?: string,
    schemaFilters?: string[],
    casing?: string,
  ): unknown;
  generateMigration(prev: unknown, cur: unknown): Promise<string[]>;
}

async function run(request: Request): Promise<string[]> {
  const { api, kitRequire } = loadKitApi<Api>(request.line, request.cwd);
  let imports: Record<string, unknown>;
  try {
    ({ imports } = await loadSchema(request.line, request.cwd, request.files, kitRequire));
  } catch (error) {
    if (!(error instanceof LoadFailure)) throw error;
    throw new Error(`${path.relative(request.cwd, error.file)} could not be loaded: ${error.message.split('\n')[0]}`, {
      cause: error,
    });
  }
  const serialize = (from: Record<string, unknown>) =>
    request.line === '1.0'
      ? api.generateDrizzleJson(from)
      : api.generateDrizzleJson(from, undefined, undefined, request.casing);
  const empty = await serialize({});
  const current = await serialize(imports);
  return api.generateMigration(empty, current);
}

const [requestFile, answerFile] = process.argv.slice(2);
if (!requestFile || !answerFile) {
  process.stderr.write('usage: schema-worker <request.json> <answer.json>\n');
  process.exitCode = 2;
} else {
  const request = JSON.parse(readFileSync(requestFile, 'utf8')) as Request;
  // Kept before the schema loads: a module may replace process.exit.
  const exit = process.exit.bind(process);
  try {
    const statements = await run(request);
    writeFileSync(answerFile, JSON.stringify({ ok: true, statements }));
  } catch (error) {
    writeFileSync(answerFile, JSON.stringify({ ok: false, message: (error as Error)?.message ?? String(error) }));
  }
  // The schema's modules may hold handles open (a timer, a pool created at import): the answer is
  // written, nothing else matters.
  exit(0);
}
