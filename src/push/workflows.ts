/**
 * GitHub Actions: the `run:` of every step, in workflows (`jobs.<id>.steps[]`) and composite
 * actions (`runs.steps[]`).
 *
 *   jobs:
 *     deploy:
 *       steps:
 *         - name: Sync schema        ← the step's name (or id) names the finding
 *           run: |                   ← a literal block: one value line per source line
 *             npm ci
 *             npx drizzle-kit push   ← reported on this line
 *
 * Anchors, aliases and merge keys are followed (src/push/yaml.ts): `run: *sync` is reported on
 * the anchored text's line, named by the step that uses it; a step reused by several jobs is one
 * finding naming them all.
 */
import { isSeq, type Node, type YAMLMap } from 'yaml';
import { callsInText, type ScriptResolver } from './command.js';
import type { PushFinding } from './types.js';
import { entriesOf, FindingSet, getKey, loadYaml, mapOf, scalarLine, stringOf, type YamlFile } from './yaml.js';

/** Shells whose `run:` is not shell text. */
const NOT_SHELL = /^(python|cmd)\b/;

function stepsOf(yaml: YamlFile): Array<{ job: string | null; steps: unknown }> {
  const root = mapOf(yaml, yaml.doc.contents);
  if (!root) return [];
  const out: Array<{ job: string | null; steps: unknown }> = [];
  const jobs = mapOf(yaml, getKey(yaml, root, 'jobs'));
  for (const [name, value] of jobs ? entriesOf(yaml, jobs) : []) {
    const job = mapOf(yaml, value);
    if (job) out.push({ job: name, steps: getKey(yaml, job, 'steps') });
  }
  const runs = mapOf(yaml, getKey(yaml, root, 'runs'));
  if (runs) out.push({ job: null, steps: getKey(yaml, runs, 'steps') });
  return out;
}

function stepLabel(yaml: YamlFile, step: YAMLMap, index: number, job: string | null): string {
  const name = stringOf(yaml, getKey(yaml, step, 'name')) ?? stringOf(yaml, getKey(yaml, step, 'id'));
  const label = name ? `Step "${name}"` : `Step ${index + 1}`;
  return job ? `${label} (job ${job})` : label;
}

/**
 * GitHub replaces each `${{ ... }}` expression before the shell sees the script: read one as a
 * plain word (shell syntax does not allow `${{`), keeping the lines where they are.
 */
export function withoutExpressions(script: string): string {
  return script.replace(/\$\{\{[\s\S]*?\}\}/g, (expr) => `__expr__${expr.replace(/[^\n]/g, '')}`);
}

export function checkWorkflow(file: string, text: string, resolve?: ScriptResolver): PushFinding[] {
  const yaml = loadYaml(file, text);
  const found = new FindingSet();
  for (const { job, steps } of stepsOf(yaml)) {
    if (!isSeq(steps)) continue;
    steps.items.forEach((item, index) => {
      const step = mapOf(yaml, item);
      if (!step) return;
      // An anchored `run:` (`run: *migrate`) is reported where its text is written.
      const run = getKey(yaml, step, 'run');
      const written = stringOf(yaml, run);
      if (!written || NOT_SHELL.test(stringOf(yaml, getKey(yaml, step, 'shell')) ?? '')) return;
      const script = withoutExpressions(written);
      const where = stepLabel(yaml, step, index, job);
      callsInText(script, resolve).forEach((call, n) => {
        const line = scalarLine(yaml, run as Node, call.line);
        found.add(run as Node, n, { surface: 'workflow', file, line, where, call }, job ? `job ${job}` : 'the action');
      });
    });
  }
  return found.list();
}
