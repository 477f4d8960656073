/**
 * The DDL that builds the project's TypeScript schema on an empty database, computed by
 * schema-worker.ts in a child process.
 *
 * The schema is read from the working tree (a minimal loader: in --staged mode the index may
 * differ; src/drift's worker, which materialises the judged side, can take its place).
 */
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, EnvironmentError } from '../errors.js';
import type { Tree } from '../git/tree.js';
import type { Project } from '../project/model.js';
import { findKit } from '../drift/kit.js';
import { remove, tempDir, trackChild } from '../temp.js';

const SOURCE = /\.(ts|mts|cts|tsx|js|mjs|cjs)$/;
const TIMEOUT_MS = 120_000;

export async function schemaFiles(project: Project, tree: Tree): Promise<string[]> {
  const files = await tree.list('');
  return files.filter((f) => project.isSchemaFile(f) && SOURCE.test(f) && !f.endsWith('.d.ts')).sort();
}

export async function schemaStatements(project: Project, repoRoot: string, tree: Tree): Promise<string[]> {
  const files = await schemaFiles(project, tree);
  if (!files.length) throw new ConfigError(`${project.configFile}: no schema file matches ${project.schema.join(', ')}.`);
  const dir = await tempDir('schema');
  try {
    const requestFile = path.join(dir, 'request.json');
    const answerFile = path.join(dir, 'answer.json');
    const cwd = path.join(repoRoot, project.baseDir);
    // The project's own drizzle-kit decides the API (0.31 or 1.0); none installed is exit 2, saying so.
    const { line } = findKit(cwd, repoRoot);
    await writeFile(
      requestFile,
      JSON.stringify({ line, cwd, files: files.map((f) => path.join(repoRoot, f)), ...(project.casing ? { casing: project.casing } : {}) }),
    );
    const worker = fileURLToPath(new URL('./schema-worker.js', import.meta.url));
    // tsx keeps a cache in TMPDIR (tsx-<user>): give it this run's folder, removed with it.
    const output = await runChild(process.execPath, [worker, requestFile, answerFile], cwd, { ...process.env, TMPDIR: dir });
    let answer: { ok: boolean; statements?: string[]; message?: string };
    try {
      answer = JSON.parse(await readFile(answerFile, 'utf8'));
    } catch {
      throw new ConfigError(
        `The TypeScript schema of ${project.configFile} could not be loaded (drizzle-kit stopped the process):\n${output.trim().slice(-2000)}`,
      );
    }
    if (!answer.ok) throw new ConfigError(`The TypeScript schema of ${project.configFile} could not be loaded: ${answer.message}`);
    return answer.statements ?? [];
  } finally {
    await remove(dir);
  }
}

function runChild(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    trackChild(child);
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new EnvironmentError(`Loading the TypeScript schema took longer than ${TIMEOUT_MS / 1000} s; it was stopped.`));
    }, TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new EnvironmentError(`Could not start node to load the schema: ${error.message}`, { cause: error }));
    });
    child.on('close', () => {
      clearTimeout(timer);
      resolve(output);
    });
  });
}
