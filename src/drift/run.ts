/**
 * Starts the drift worker (worker.ts) as a child process (process/child.ts: stdin closed, so a
 * prompt can never wait for input, and the `drift.timeout` limit) and reads its answer.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, EnvironmentError } from '../errors.js';
import type { WorkerRequest, WorkerResponse } from './protocol.js';
import { howItEnded, runChild, type ChildEnded } from '../process/child.js';
import { idle } from '../process/idle.js';
import { removeSync, tempDirSync } from '../temp.js';
import type { Kit } from './kit.js';
import { askLive, loaderTmp, startAndAsk, workerEnv } from './prestart.js';

const WORKER = fileURLToPath(new URL('./worker.js', import.meta.url));

export interface RunOptions {
  timeoutMs: number;
  /** For messages: the drizzle config whose schema is loaded. */
  configFile: string;
  /** The drizzle-kit and the repository: a live worker of that drizzle-kit takes the request (prestart.ts). */
  live?: { kit: Kit; repoRoot: string };
}

export async function runWorker(request: WorkerRequest, options: RunOptions): Promise<WorkerResponse> {
  const dir = tempDirSync('drift');
  const requestFile = path.join(dir, 'request.json');
  const responseFile = path.join(dir, 'response.json');
  try {
    writeFileSync(requestFile, JSON.stringify(request));
    // drizzle-kit's loader (tsx) keeps a transform cache in TMPDIR: beside the compile cache in
    // node_modules/.cache, never in the user's temp folder (or in this run's folder, removed after).
    const tmp = loaderTmp(request.compileCache, dir);
    mkdirSync(tmp, { recursive: true });
    let ended: ChildEnded;
    try {
      // A live worker (prestart.ts): one that already serialized these files, one started while
      // the config loaded, or a new one that stays for later questions; else one of its own.
      const files: [string, string] = [requestFile, responseFile];
      const { live } = options;
      const asked = live
        ? (askLive(request, live.kit.dir, files, options.timeoutMs) ??
          startAndAsk(live.kit, live.repoRoot, request, files, options.timeoutMs))
        : null;
      idle(); // This process only waits now: what it can do meanwhile (the SQL parser) starts.
      const settled = asked ? await asked : 'retry';

      // vm's USE_MAIN_CONTEXT_DEFAULT_LOADER (compile-cache.ts) is "experimental" in Node 20: quiet.
      ended =
        settled !== 'retry'
          ? settled
          : await runChild(
              [process.execPath, '--disable-warning=ExperimentalWarning', WORKER, requestFile, responseFile],
              {
                cwd: request.cwd,
                env: workerEnv(tmp),
                timeoutMs: options.timeoutMs,
              },
            );
    } catch (error) {
      throw new EnvironmentError(`Could not start the drift worker: ${(error as Error).message}`, { cause: error });
    }
    const { output } = ended;
    if (ended.timedOut) {
      throw new EnvironmentError(
        `Serializing the schema of ${options.configFile} took longer than ${Math.round(options.timeoutMs / 1000)} s and was stopped. ` +
          'A schema module may wait on something at import time (a database connection, a prompt). ' +
          'Raise the limit with "drift": { "timeout": <seconds> } in nexiom-lint.config.json if the schema is just large.' +
          (output.trim() ? `\nOutput:\n${output.trim()}` : ''),
      );
    }
    if (!existsSync(responseFile)) {
      throw new ConfigError(
        `drizzle-kit stopped while serializing the schema of ${options.configFile} ` +
          `(${howItEnded(ended)}); it said:\n${output.trim() || '(nothing)'}\n` +
          `Fix the schema (\`npx drizzle-kit generate\` shows the same error), then run nexiom-lint again.`,
      );
    }
    const response = JSON.parse(readFileSync(responseFile, 'utf8')) as WorkerResponse;
    // drizzle-kit's own process.exit: what it printed is the reason.
    const said = output.trim().split('\n').slice(-20).join('\n');
    if (response.ok && response.exitedAt && said) response.exitOutput = said;
    if (!response.ok && response.kind === 'exit' && said) response.message += `; it said:\n${said}`;
    return response;
  } finally {
    removeSync(dir);
  }
}
