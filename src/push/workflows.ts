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
 */
import { isMap, isSeq, type YAMLMap } from 'yaml';
import { callsInText, type ScriptResolver } from './command.js';
import type { PushFinding } from './types.js';
import { loadYaml, scalarLine, stringOf, type YamlFile } from './yaml.js';

/** Shells whose `run:` is not shell text. */
const NOT_SHELL = /^(python|cmd)\b/;

function stepsOf(yaml: YamlFile): Array<{ job: string | null; steps: unknown }> {
  const root = yaml.doc.contents;
  if (!isMap(root)) return [];
  const out: Array<{ job: string | null; steps: unknown }> = [];
  const jobs = root.get('jobs', true);
  if (isMap(jobs)) {
    for (const pair of jobs.items) {
      const job = pair.value;
      if (isMap(job)) out.push({ job: String((pair.key as { value?: unknown })?.value ?? pair.key), steps: job.get('steps', true) });
    }
  }
  const runs = root.get('runs', true);
  if (isMap(runs)) out.push({ job: null, steps: runs.get('steps', true) });
  return out;
}

function stepLabel(step: YAMLMap, index: number, job: string | null): string {
  const name = stringOf(step.get('name', true)) ?? stringOf(step.get('id', true));
  const label = name ? `Step "${name}"` : `Step ${index + 1}`;
  return job ? `${label} (job ${job})` : label;
}

export function checkWorkflow(file: string, text: string, resolve?: ScriptResolver): PushFinding[] {
  const yaml = loadYaml(file, text);
  const findings: PushFinding[] = [];
  for (const { job, steps } of stepsOf(yaml)) {
    if (!isSeq(steps)) continue;
    steps.items.forEach((step, index) => {
      if (!isMap(step)) return;
      const run = step.get('run', true);
      const script = stringOf(run);
      if (!script || NOT_SHELL.test(stringOf(step.get('shell', true)) ?? '')) return;
      for (const call of callsInText(script, resolve)) {
        findings.push({ surface: 'workflow', file, line: scalarLine(yaml, run as never, call.line), where: stepLabel(step, index, job), call });
      }
    });
  }
  return findings;
}
