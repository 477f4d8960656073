/**
 * lefthook: a `pre-commit` command named `nexiom-lint` in its config (created as `lefthook.yml`
 * when only the package is installed). Its `run` is the same `sh` check husky's hook runs
 * (hook-pattern.ts `hookCheck`): lefthook's own `glob` filter sees only added and modified files,
 * so a commit that only deletes a migration would skip the check. lefthook runs commands from the
 * repository root without node_modules/.bin on PATH, hence the path to the binary.
 *
 * lefthook 1.x and 2.x read `pre-commit.commands` (a map) and 2.x also `pre-commit.jobs` (a
 * list): the entry goes where the file already has its commands. Re-running init replaces the
 * block it wrote (the file list follows the drizzle config); an entry the user wrote is kept.
 */
import type { Document } from 'yaml';
import type { YamlEdit } from '../yaml-edit.js';
import type { InitContext } from '../context.js';
import { HOOK_MARKER, hookCheck, replaceHookCheck } from '../hook-pattern.js';
import type { Plan } from '../plan.js';
import { editManagerYaml, literalBlock, type ManagerEdit } from './yaml.js';

export const NEW_LEFTHOOK_FILE = 'lefthook.yml';

/** The check's block, as hookCheck writes it for a hook run in the install root. */
function block(ctx: InitContext, plan: Plan, file: string): string[] {
  return hookCheck(ctx, plan, { bin: 'node_modules/.bin/nexiom-lint', file });
}

/** The script lefthook runs (from the repository root, through `sh`). */
export function lefthookScript(ctx: InitContext, plan: Plan, file: string): string {
  return `${[...(ctx.installRoot ? [`cd ${ctx.installRoot}`] : []), ...block(ctx, plan, file)].join('\n')}\n`;
}

/** Finds the `run` string of an entry that mentions nexiom-lint, anywhere under `pre-commit`. */
function existingRun(doc: Document): { path: Array<string | number>; run: string } | null {
  const preCommit = doc.toJS()?.['pre-commit'] as Record<string, unknown> | undefined;
  if (!preCommit || typeof preCommit !== 'object') return null;
  const commands = preCommit.commands as Record<string, { run?: unknown }> | undefined;
  for (const [name, command] of Object.entries(commands ?? {})) {
    if (typeof command?.run === 'string' && command.run.includes('nexiom-lint')) {
      return { path: ['pre-commit', 'commands', name, 'run'], run: command.run };
    }
  }
  const jobs = preCommit.jobs as Array<{ run?: unknown }> | undefined;
  for (const [i, job] of (Array.isArray(jobs) ? jobs : []).entries()) {
    if (typeof job?.run === 'string' && job.run.includes('nexiom-lint')) {
      return { path: ['pre-commit', 'jobs', i, 'run'], run: job.run };
    }
  }
  return null;
}

function edit(script: string, lines: string[]): (e: YamlEdit) => ManagerEdit {
  return ({ doc, YAML }) => {
    const found = existingRun(doc);
    if (found) {
      if (!found.run.split('\n').includes(HOOK_MARKER)) return 'kept';
      const replaced = replaceHookCheck(found.run, lines);
      if (replaced === null || replaced === found.run) return 'kept';
      doc.setIn(found.path, YAML.isScalar(doc.getIn(found.path, true)) ? literalBlock(YAML, doc, replaced) : replaced);
      return 'updated';
    }
    if (doc.contents !== null && !YAML.isMap(doc.contents)) return 'unusable';
    const run = literalBlock(YAML, doc, script);
    const jobs = doc.getIn(['pre-commit', 'jobs']);
    if (YAML.isSeq(jobs)) {
      jobs.flow = false;
      jobs.add(doc.createNode({ name: 'nexiom-lint', run }));
      return 'added';
    }
    const preCommit = doc.get('pre-commit');
    if (preCommit !== undefined && preCommit !== null && !YAML.isMap(preCommit)) return 'unusable';
    const commands = doc.getIn(['pre-commit', 'commands']);
    if (commands !== undefined && commands !== null && !YAML.isMap(commands)) return 'unusable';
    doc.setIn(['pre-commit', 'commands', 'nexiom-lint'], doc.createNode({ run }));
    return 'added';
  };
}

export async function planLefthook(ctx: InitContext, plan: Plan, existing: string | null): Promise<void> {
  const file = existing ?? NEW_LEFTHOOK_FILE;
  const script = lefthookScript(ctx, plan, file);
  const entry = [
    'pre-commit:',
    '  commands:',
    '    nexiom-lint:',
    '      run: |',
    ...script
      .replace(/\n$/, '')
      .split('\n')
      .map((l) => `        ${l}`),
  ];
  await editManagerYaml(plan, {
    file,
    manager: 'lefthook',
    created:
      existing === null
        ? `# lefthook runs these on \`git commit\` (\`lefthook install\` sets up git's hook).\n${entry.join('\n')}\n`
        : null,
    edit: edit(script, block(ctx, plan, file)),
    snippet: entry.join('\n'),
  });
}
