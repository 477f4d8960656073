/**
 * The drift worker: a child process that loads the user's schema with the user's drizzle-kit,
 * serializes it and compares it with one or more snapshot histories. A child, because drizzle-kit
 * calls `process.exit(1)` on some schema errors, throws or waits for a prompt on an ambiguous
 * rename, and because the user's modules may leave handles open or print: none of that may reach
 * the CLI. Started by run.ts as `node worker.js <request.json> <response.json>`, stdin closed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { installCompileCache } from './compile-cache.js';
import { legacyRenameQuestions, sameDdl, sameLegacySnapshot } from './compare.js';
import { LoadFailure, loadKitApi, loadSchema } from './load.js';
import type { PrevInput, Verdict, WorkerRequest, WorkerResponse } from './protocol.js';

type Json = Record<string, unknown>;

interface LegacyApi {
  generateDrizzleJson(imports: Json, prevId?: string, schemaFilters?: string[], casing?: string): Json;
  generateMigration(prev: Json, cur: Json): Promise<string[]>;
}

interface PostgresApi {
  generateDrizzleJson(imports: Json): Promise<Json & { ddl: unknown[] }>;
  generateMigration(prev: Json, cur: Json): Promise<string[]>;
  reconstruct(files: Record<string, unknown>): Promise<Json & { ddl: unknown[] }>;
}

const errorText = (error: unknown) => (error as Error)?.message ?? String(error);

async function legacyVerdict(api: LegacyApi, cur: Json, prev: PrevInput): Promise<Verdict> {
  let before: Json;
  if (prev.snapshot == null) before = api.generateDrizzleJson({});
  else {
    try {
      before = JSON.parse(prev.snapshot) as Json;
    } catch (error) {
      return { status: 'unusable', message: `it is not valid JSON (${errorText(error)})` };
    }
    if (String(before.version) !== '7') {
      return {
        status: 'unusable',
        message: `it is a version ${String(before.version)} snapshot; drizzle-kit generate stops and asks for \`drizzle-kit up\` first`,
      };
    }
  }
  if (sameLegacySnapshot(before, cur)) return { status: 'same' };
  try {
    const statements = await api.generateMigration(before, cur);
    return statements.length ? { status: 'differs', statements } : { status: 'same' };
  } catch (error) {
    // 0.31.11: "Interactive prompts require a TTY terminal ..." from the rename prompt.
    if (/TTY|interactive|prompt/i.test(errorText(error))) {
      const questions = legacyRenameQuestions(before, cur);
      return { status: 'ambiguous', questions: questions.length ? questions : ['a rename drizzle-kit asks about'] };
    }
    return { status: 'unusable', message: `drizzle-kit could not diff it: ${errorText(error)}` };
  }
}

interface MissingHint {
  type?: string;
  kind?: string;
  entity?: string[];
}

async function postgresVerdict(api: PostgresApi, cur: Json, prev: PrevInput): Promise<Verdict> {
  const folders = prev.folders ?? {};
  let before: Json;
  if (!Object.keys(folders).length) before = await api.generateDrizzleJson({});
  else {
    const files: Record<string, unknown> = {};
    for (const [folder, text] of Object.entries(folders)) {
      try {
        files[folder] = JSON.parse(text);
      } catch (error) {
        return { status: 'unusable', message: `${folder}/snapshot.json is not valid JSON (${errorText(error)})` };
      }
    }
    try {
      before = await api.reconstruct(files);
    } catch (error) {
      return { status: 'unusable', message: errorText(error) };
    }
  }
  if (sameDdl(before as { ddl?: unknown[] }, cur as { ddl?: unknown[] })) return { status: 'same' };
  try {
    const statements = await api.generateMigration(before, cur);
    return statements.length ? { status: 'differs', statements } : { status: 'same' };
  } catch (error) {
    const missing = (error as { missingHints?: MissingHint[] }).missingHints;
    if ((error as Error)?.name === 'MissingHintsError' && Array.isArray(missing)) {
      return {
        status: 'ambiguous',
        questions: missing.map(
          (h) => `${h.kind ?? 'entity'} ${(h.entity ?? []).join('.')}: ${h.type === 'rename_or_create' ? 'renamed, or new?' : (h.type ?? 'question')}`,
        ),
      };
    }
    return { status: 'unusable', message: `drizzle-kit could not diff it: ${errorText(error)}` };
  }
}

async function handle(request: WorkerRequest): Promise<WorkerResponse> {
  process.chdir(request.cwd);
  let api: unknown;
  let kitRequire: NodeJS.Require;
  try {
    ({ api, kitRequire } = loadKitApi(request.line, request.cwd));
  } catch (error) {
    return { ok: false, kind: 'kit', message: errorText(error) };
  }
  let loaded;
  try {
    loaded = await loadSchema(request.line, request.cwd, request.files, kitRequire);
  } catch (error) {
    if (!(error instanceof LoadFailure)) throw error;
    return { ok: false, kind: 'load', message: error.message, file: error.file, ...(error.at ? { at: error.at } : {}) };
  }
  const verdicts: Record<string, Verdict> = {};
  if (request.line === '0.31') {
    const legacy = api as LegacyApi;
    const cur = legacy.generateDrizzleJson(loaded.imports, undefined, undefined, request.casing);
    for (const prev of request.prevs) verdicts[prev.key] = await legacyVerdict(legacy, cur, prev);
  } else {
    const postgres = api as PostgresApi;
    const cur = await postgres.generateDrizzleJson(loaded.imports);
    for (const prev of request.prevs) verdicts[prev.key] = await postgresVerdict(postgres, cur, prev);
  }
  return { ok: true, graph: loaded.graph, verdicts };
}

const [requestFile, responseFile] = process.argv.slice(2);
if (!requestFile || !responseFile) {
  process.stderr.write('usage: worker.js <request.json> <response.json>\n');
  process.exit(2);
}
const request = JSON.parse(readFileSync(requestFile, 'utf8')) as WorkerRequest;
const compileCache = request.compileCache ? installCompileCache(request.compileCache) : null;
const response = await handle(request);
writeFileSync(responseFile, JSON.stringify(response));
compileCache?.save();
// The user's modules may hold handles open (a database pool created at import time): the answer
// is written, nothing else matters.
process.exit(0);
