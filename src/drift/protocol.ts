/**
 * What the parent and the drift worker (worker.ts, a child process) say to each other. The
 * request is a JSON file whose path is the worker's first argument; the worker writes its answer
 * as JSON to the path in its second argument. Not stdout: schema modules may print, and
 * drizzle-kit prints and may `process.exit(1)` on a schema error, in which case no answer file
 * exists and the parent reports the worker's output instead.
 */

/**
 * 0.31: every 0.x release (journal layout; `drizzle-kit/api`, or `drizzle-kit/payload` up to
 * 0.23.1). 1.0: `drizzle-kit/api-postgres`, folder layout.
 */
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
  /** The API module to load (`drizzle-kit/payload` ...); the line's default when absent. */
  entry?: string;
  /** The directory drizzle-kit runs in (the project's package); modules resolve from here. */
  cwd: string;
  /** Absolute paths of the schema entry files, in drizzle-kit's order. */
  files: string[];
  casing?: 'snake_case' | 'camelCase';
  prevs: PrevInput[];
  /** Where to keep V8's code cache of drizzle-kit and drizzle-orm (compile-cache.ts); none when absent. */
  compileCache?: string;
}

/**
 * What a request loads (its folder, files, line and casing): the key a drift worker keeps a
 * serialized schema under (worker.ts), and the parent's record of what each worker loaded (prestart.ts).
 */
export const loadKeyOf = (request: WorkerRequest) =>
  JSON.stringify([request.cwd, request.files, request.line, request.casing ?? null]);

export type Verdict =
  | { status: 'same' }
  | { status: 'differs'; statements: string[] }
  /** drizzle-kit would ask whether something was renamed: only an interactive `generate` can answer. */
  | { status: 'ambiguous'; questions: string[] }
  /**
   * `generate` would refuse to write anything: drizzle-kit 0.x validates every snapshot of meta/
   * first and stops on a malformed one, one of another version, or two with the same parent.
   * `files`: the repository-relative snapshots it names.
   */
  | { status: 'refused'; message: string; files: string[] }
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
      /**
       * Set when `process.exit` was called while diffing against this history: its verdict is
       * missing, and the parent asks again for the ones after it.
       */
      exitedAt?: { key: string; code: number };
      /** What the process printed, when it exited early (added by the parent, run.ts). */
      exitOutput?: string;
    }
  | {
      ok: false;
      /**
       * `load`: a schema module threw; `kit`: drizzle-kit could not be loaded; `exit`: something
       * (drizzle-kit's serializer, a schema module) called `process.exit` while serializing.
       */
      kind: 'load' | 'kit' | 'exit';
      message: string;
      /** The entry file being loaded (absolute). */
      file?: string;
      /** `file:line` of the first frame of the project's own code in the error's stack. */
      at?: string;
    };
