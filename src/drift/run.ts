/**
 * Starts the drift worker (worker.ts) as a child process and waits for its answer, with stdin
 * closed (a prompt can never wait for input) and a time limit.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, EnvironmentError } from '../errors.js';
import type { WorkerRequest, WorkerResponse } from './protocol.js';
import { removeSync, tempDirSync, trackChild } from '../temp.js';

const WORKER = fileURLToPath(new URL('./worker.js', import.meta.url));
const OUTPUT_LIMIT = 16 * 1024;

export interface RunOptions {
  timeoutMs: number;
  /** For messages: the drizzle config whose schema is loaded. */
  configFile: string;
}

export async function runWorker(request: WorkerRequest, options: RunOptions): Promise<WorkerResponse> {
  const dir = tempDirSync('drift');
  const requestFile = path.join(dir, 'request.json');
  const responseFile = path.join(dir, 'response.json');
  try {
    writeFileSync(requestFile, JSON.stringify(request));
    // drizzle-kit's loader (tsx) keeps a transform cache in TMPDIR: beside the compile cache in
    // node_modules/.cache, never in the user's temp folder (or in this run's folder, removed after).
    const tmp = request.compileCache ? path.join(path.dirname(request.compileCache), 'tmp') : dir;
    mkdirSync(tmp, { recursive: true });
    const { code, signal, output, timedOut } = await new Promise<{
      code: number | null;
      signal: NodeJS.Signals | null;
      output: string;
      timedOut: boolean;
    }>((resolve, reject) => {
      // vm's USE_MAIN_CONTEXT_DEFAULT_LOADER (compile-cache.ts) is "experimental" in Node 20: quiet.
      const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', WORKER, requestFile, responseFile], {
        cwd: request.cwd,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', TMPDIR: tmp },
        windowsHide: true,
      });
      trackChild(child);
      let output = '';
      const collect = (chunk: Buffer) => {
        output = (output + chunk.toString('utf8')).slice(-OUTPUT_LIMIT);
      };
      child.stdout.on('data', collect);
      child.stderr.on('data', collect);
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, options.timeoutMs);
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(new EnvironmentError(`Could not start the drift worker: ${error.message}`, { cause: error }));
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal, output, timedOut });
      });
    });
    if (timedOut) {
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
          `(${signal ? `signal ${signal}` : `exit code ${code}`}); it said:\n${output.trim() || '(nothing)'}\n` +
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
