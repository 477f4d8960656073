/**
 * The DDL that builds the project's TypeScript schema on an empty database, computed by
 * schema-worker.ts in a child process.
 *
 * The schema is read from the working tree (a minimal loader: in --staged mode the index may
 * differ; src/drift's worker, which materialises the judged side, can take its place).
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, EnvironmentError } from '../errors.js';
import type { Tree } from '../git/tree.js';
import type { Project } from '../project/model.js';
import { findKit, type Kit } from '../drift/kit.js';
import { howItEnded, runNode, type ChildEnded, type ChildOptions } from '../process/child.js';
import { remove, tempDir } from '../temp.js';

const SOURCE = /\.(ts|mts|cts|tsx|js|mjs|cjs)$/;

/**
 * The files drizzle-kit serializes: the ones the drift check loads (a folder's own files, not its
 * subfolders', as drizzle-kit reads them), so `--all` and `--staged` judge the same schema.
 */
export async function schemaFiles(project: Project, tree: Tree): Promise<string[]> {
  const { entryFiles } = await import('../drift/inputs.js');
  return (await entryFiles(tree, project.schema)).filter((f) => SOURCE.test(f) && !f.endsWith('.d.ts')).sort();
}

export async function schemaStatements(project: Project, repoRoot: string, tree: Tree): Promise<string[]> {
  const files = await schemaFiles(project, tree);
  if (!files.length) {
    throw new ConfigError(`${project.configFile}: no schema file matches ${project.schema.join(', ')}.`);
  }
  const dir = await tempDir('schema');
  try {
    const requestFile = path.join(dir, 'request.json');
    const answerFile = path.join(dir, 'answer.json');
    const cwd = path.join(repoRoot, project.baseDir);
    // The project's own drizzle-kit decides the API (0.31 or 1.0); none installed is exit 2, saying so.
    const kit = findKit(cwd, repoRoot);
    const { line } = kit;
    if (!kit.api) return await generatedStatements(project, repoRoot, tree, kit);
    await writeFile(
      requestFile,
      JSON.stringify({
        line,
        cwd,
        files: files.map((f) => path.join(repoRoot, f)),
        ...(project.casing ? { casing: project.casing } : {}),
      }),
    );
    const worker = fileURLToPath(new URL('./schema-worker.js', import.meta.url));
    // tsx keeps a cache in TMPDIR (tsx-<user>): give it this run's folder, removed with it.
    const { userCodeTimeoutMs } = await import('../project/user-code.js');
    const timeoutMs = await userCodeTimeoutMs(repoRoot);
    const ended = await runWorker(worker, [requestFile, answerFile], {
      cwd,
      env: { ...process.env, TMPDIR: dir },
      timeoutMs,
    });
    let answer: { ok: boolean; statements?: string[]; message?: string };
    try {
      answer = JSON.parse(await readFile(answerFile, 'utf8'));
    } catch {
      throw await stopped(project, ended);
    }
    if (!answer.ok) {
      throw new ConfigError(`The TypeScript schema of ${project.configFile} could not be loaded: ${answer.message}`);
    }
    return answer.statements ?? [];
  } finally {
    await remove(dir);
  }
}

/**
 * A release with no API to serialize with (before 0.20.17): its own generate, on a copy with no
 * migrations, writes the whole schema as one migration.
 */
async function generatedStatements(project: Project, repoRoot: string, tree: Tree, kit: Kit): Promise<string[]> {
  const { userCodeTimeoutMs } = await import('../project/user-code.js');
  const { generateOnCopy } = await import('../drift/generate.js');
  const verdict = await generateOnCopy({
    repoRoot,
    tree,
    project,
    kit,
    set: null,
    timeoutMs: await userCodeTimeoutMs(repoRoot),
  });
  if (verdict.status === 'differs') return verdict.statements;
  if (verdict.status === 'same') return [];
  const why = verdict.status === 'ambiguous' ? `it asks: ${verdict.questions.join('; ')}` : verdict.message;
  throw new ConfigError(
    `The TypeScript schema of ${project.configFile} could not be turned into SQL by drizzle-kit ${kit.version} generate: ${why}`,
  );
}

/** The worker's run; a time limit reached is an error here, any other end is read from its answer. */
async function runWorker(
  worker: string,
  args: string[],
  options: ChildOptions & { timeoutMs: number },
): Promise<ChildEnded> {
  let ended: ChildEnded;
  try {
    ended = await runNode(worker, args, options);
  } catch (error) {
    throw new EnvironmentError(`Could not start node to load the schema: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (ended.timedOut) {
    throw new EnvironmentError(
      `Loading the TypeScript schema took longer than ${Math.round(options.timeoutMs / 1000)} s; it was stopped. A schema module ` +
        'may wait on something when it loads (a database connection, a prompt, a loop). Raise the limit with ' +
        '"drift": { "timeout": <seconds> } in nexiom-lint.config.json if the schema is just large.',
    );
  }
  return ended;
}

/** No answer: a schema module (or drizzle-kit on a schema error) ended the process first. */
async function stopped(project: Project, ended: ChildEnded): Promise<ConfigError> {
  const { lastLine, placeholderHint, unsetVariables } = await import('../project/user-code.js');
  const how = howItEnded(ended);
  const said = lastLine(ended.output);
  return new ConfigError(
    `The TypeScript schema of ${project.configFile} could not be loaded: the process loading it ended with ${how} ` +
      `before it answered (a schema module called process.exit, or drizzle-kit stopped on a schema error)` +
      (said ? `; the last line it printed: "${said}"` : '; it printed nothing') +
      `.${placeholderHint(unsetVariables([ended.output], process.env))}` +
      (ended.output.trim() ? `\nOutput:\n${ended.output.trim().slice(-2000)}` : ''),
  );
}
