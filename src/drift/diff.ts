/**
 * The drift worker's diff (worker.ts): the serialized schema against one snapshot history, with the
 * project's own drizzle-kit API, and the rename prompts some releases wait on instead of throwing.
 */
import { legacyRenameQuestions, sameDdl, sameLegacySnapshot } from './compare.js';
import type { PrevInput, Verdict } from './protocol.js';

type Json = Record<string, unknown>;

export interface LegacyApi {
  generateDrizzleJson(imports: Json, prevId?: string, schemaFilters?: string[], casing?: string): Json;
  generateMigration(prev: Json, cur: Json): Promise<string[]>;
}

export interface PostgresApi {
  generateDrizzleJson(imports: Json): Promise<Json & { ddl: unknown[] }>;
  generateMigration(prev: Json, cur: Json): Promise<string[]>;
  reconstruct(files: Record<string, unknown>): Promise<Json & { ddl: unknown[] }>;
}

const errorText = (error: unknown) => (error as Error)?.message ?? String(error);

export async function legacyVerdict(api: LegacyApi, cur: Json, prev: PrevInput): Promise<Verdict> {
  let before: Json;
  if (prev.snapshot == null) before = api.generateDrizzleJson({});
  else {
    try {
      before = JSON.parse(prev.snapshot) as Json;
    } catch (error) {
      return { status: 'unusable', message: `it is not valid JSON (${errorText(error)})` };
    }
    // The parent checks every snapshot's version before asking (refusal.ts); this is the guard.
    if (String(before.version) !== String(cur.version)) {
      return {
        status: 'unusable',
        message: `it is a version ${String(before.version)} snapshot and this drizzle-kit writes version ${String(cur.version)}`,
      };
    }
  }
  if (sameLegacySnapshot(before, cur)) return { status: 'same' };
  const ambiguous = (): Verdict => {
    const questions = legacyRenameQuestions(before, cur);
    return { status: 'ambiguous', questions: questions.length ? questions : ['a rename drizzle-kit asks about'] };
  };
  try {
    const statements = await unlessPrompting(api.generateMigration(before, cur));
    if (statements === PROMPTING) return ambiguous();
    return statements.length ? { status: 'differs', statements } : { status: 'same' };
  } catch (error) {
    // 0.31.11: "Interactive prompts require a TTY terminal ..." from the rename prompt.
    if (/TTY|interactive|prompt/i.test(errorText(error))) return ambiguous();
    return { status: 'unusable', message: `drizzle-kit could not diff it: ${errorText(error)}` };
  }
}

const PROMPTING = Symbol('prompting');
let onPrompt: (() => void) | null = null;
/** A prompt was left waiting: this process answers no further request. */
export let prompted = false;

/**
 * Several 0.2x-0.31.x releases answer an ambiguous rename with a prompt that waits on stdin
 * (hanji: a `keypress` listener on process.stdin) instead of throwing. stdin is closed, so the
 * promise never settles: seen either as that listener being added, or, when the prompt library
 * is another, as the event loop running empty (`beforeExit`) while the diff is pending.
 */
function unlessPrompting<T>(work: Promise<T>): Promise<T | typeof PROMPTING> {
  return new Promise((resolve, reject) => {
    const settle = (fn: () => void) => {
      onPrompt = null;
      fn();
    };
    onPrompt = () =>
      settle(() => {
        prompted = true;
        resolve(PROMPTING);
      });
    work.then(
      (value) => settle(() => resolve(value)),
      (error) => settle(() => reject(error)),
    );
  });
}

export function watchForPrompts(): void {
  const fire = () => {
    const handler = onPrompt;
    // Let the prompt finish drawing; the diff's promise stays pending for good.
    if (handler) setImmediate(handler);
  };
  process.stdin.on('newListener', (event: string) => {
    if (event === 'keypress' || event === 'data' || event === 'readable') fire();
  });
  process.on('beforeExit', fire);
}

interface MissingHint {
  type?: string;
  kind?: string;
  entity?: string[];
}

export async function postgresVerdict(api: PostgresApi, cur: Json, prev: PrevInput): Promise<Verdict> {
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
          (h) =>
            `${h.kind ?? 'entity'} ${(h.entity ?? []).join('.')}: ${h.type === 'rename_or_create' ? 'renamed, or new?' : (h.type ?? 'question')}`,
        ),
      };
    }
    return { status: 'unusable', message: `drizzle-kit could not diff it: ${errorText(error)}` };
  }
}
