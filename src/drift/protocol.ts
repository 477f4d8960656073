/**
 * What the parent and the drift worker (worker.ts, a child process) say to each other. The
 * request is a JSON file whose path is the worker's first argument; the worker writes its answer
 * as JSON to the path in its second argument. Not stdout: schema modules may print, and
 * drizzle-kit prints and may `process.exit(1)` on a schema error, in which case no answer file
 * exists and the parent reports the worker's output instead.
 */

/** 0.31: `drizzle-kit/api`, journal layout. 1.0: `drizzle-kit/api-postgres`, folder layout. */
export type KitLine = '0.31' | '1.0';

/** One snapshot history to compare the serialized schema with (the target's, the base's ...). */
export interface PrevInput {
  key: string;
  /** 0.31: the latest snapshot's JSON text; null when there is none yet (`generate` diffs against an empty schema). */
  snapshot?: string | null;
  /** 1.0: every `<folder>/snapshot.json` text by folder name (`drizzle-kit` reconstructs the state from them). */
  folders?: Record<string, string>;
}

export interface WorkerRequest {
  line: KitLine;
  /** The directory drizzle-kit runs in (the project's package); modules resolve from here. */
  cwd: string;
  /** Absolute paths of the schema entry files, in drizzle-kit's order. */
  files: string[];
  casing?: 'snake_case' | 'camelCase';
  prevs: PrevInput[];
  /** Where to keep V8's code cache of drizzle-kit and drizzle-orm (compile-cache.ts); none when absent. */
  compileCache?: string;
}

export type Verdict =
  | { status: 'same' }
  | { status: 'differs'; statements: string[] }
  /** drizzle-kit would ask whether something was renamed: only an interactive `generate` can answer. */
  | { status: 'ambiguous'; questions: string[] }
  /** The snapshot history could not be used (wrong version, malformed, several leaves ...). */
  | { status: 'unusable'; message: string }
  /** drizzle-kit generate would refuse the migrations folder (a collision, a malformed history ...). */
  | { status: 'refused'; message: string; files: string[] };

export type WorkerResponse =
  | {
      ok: true;
      /** Every file the schema loaded (absolute paths), node_modules excluded. */
      graph: string[];
      verdicts: Record<string, Verdict>;
    }
  | {
      ok: false;
      /** `load`: a schema module threw; `kit`: drizzle-kit could not be loaded. */
      kind: 'load' | 'kit';
      message: string;
      /** The entry file being loaded (absolute). */
      file?: string;
      /** `file:line` of the first frame of the project's own code in the error's stack. */
      at?: string;
    };
