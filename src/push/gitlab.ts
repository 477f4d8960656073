/**
 * GitLab CI: `.gitlab-ci.yml` and the files it includes.
 *
 *   default:
 *     before_script: [npm ci]           ← runs before every job: checked
 *   .db: &db                            ← a hidden job is a template: checked, named as one
 *     script:
 *       - npx drizzle-kit push          ← reported on this line
 *   deploy:
 *     extends: .db                      ← takes `script` from .db: "Job "deploy" (script, from ".db")"
 *   review:
 *     <<: *db                           ← a merge key does the same
 *     script:
 *       - !reference [.db, script]      ← a reference to another job's key, followed
 *   db:push:unsafe:                     ← a job named *unsafe may push (by hand: `when: manual`)
 *     script: npx drizzle-kit push
 *
 * Every top-level map that is not a global keyword is a job. Its `before_script`, `script` and
 * `after_script` are a string or a list of strings (lists may nest); each string is shell text.
 * A key a job lacks comes from the templates it `extends` (the last one listed wins, as in GitLab),
 * so a job that extends a template named *unsafe is judged by its own name. Templates and jobs
 * defined in other files (`include:`) are not followed here; those files are checked on their own.
 */
import { isScalar, isSeq, type Scalar, type YAMLMap } from 'yaml';
import { callsInText, isUnsafeName, type ScriptResolver } from './command.js';
import type { PushFinding } from './types.js';
import {
  entriesOf,
  FindingSet,
  getKey,
  loadYamlDocuments,
  mapOf,
  MAX_DEPTH,
  scalarLine,
  stringOf,
  tagOf,
  wordsOf,
  type YamlFile,
} from './yaml.js';

/** Top-level keys that are not jobs. */
const GLOBAL_KEYWORDS = new Set([
  'stages',
  'types',
  'variables',
  'default',
  'include',
  'workflow',
  'image',
  'services',
  'cache',
  'before_script',
  'after_script',
  'spec',
]);

const SCRIPT_KEYS = ['before_script', 'script', 'after_script'] as const;
type ScriptKey = (typeof SCRIPT_KEYS)[number];

/** What `!reference [.job, key, ...]` points at in this file, or undefined (another file, a typo). */
function referenced(yaml: YamlFile, root: YAMLMap, path: unknown): unknown {
  const keys = wordsOf(yaml, path) ?? [];
  let node: unknown = root;
  for (const key of keys) {
    const map = mapOf(yaml, node);
    if (!map || !key) return undefined;
    node = getKey(yaml, map, key);
  }
  return keys.length ? node : undefined;
}

/** The shell texts of a script value: a string, a list (nested lists flattened), `!reference` followed. */
function scriptLines(yaml: YamlFile, root: YAMLMap, node: unknown, depth = 0): Scalar[] {
  const value = yaml.resolve(node);
  if (depth > MAX_DEPTH) return [];
  if (isScalar(value)) return typeof value.value === 'string' ? [value] : [];
  if (!isSeq(value)) return [];
  if (tagOf(value) === '!reference') return scriptLines(yaml, root, referenced(yaml, root, value), depth + 1);
  return value.items.flatMap((item) => scriptLines(yaml, root, item, depth + 1));
}

function extendsOf(yaml: YamlFile, job: YAMLMap): string[] {
  const value = getKey(yaml, job, 'extends');
  const one = stringOf(yaml, value);
  return one !== undefined ? [one] : (wordsOf(yaml, value) ?? []);
}

/** A job's `key`: its own (merge keys included), else from the templates it extends, with the chain it came through. */
function keyOf(
  yaml: YamlFile,
  jobs: Map<string, YAMLMap>,
  job: YAMLMap,
  key: ScriptKey,
  depth = 0,
): { node: unknown; from: string[] } | undefined {
  const own = getKey(yaml, job, key);
  if (own !== undefined) return { node: own, from: [] };
  if (depth >= MAX_DEPTH) return undefined;
  for (const name of extendsOf(yaml, job).reverse()) {
    const template = jobs.get(name);
    const found = template && keyOf(yaml, jobs, template, key, depth + 1);
    if (found) return { node: found.node, from: [name, ...found.from] };
  }
  return undefined;
}

/** YAML under a top-level `ci/` folder is read in case it is a pipeline (see surfaces.ts). */
const MAYBE_PIPELINE = /^ci\//;

function documentsOf(file: string, text: string): ReturnType<typeof loadYamlDocuments> {
  try {
    return loadYamlDocuments(file, text);
  } catch (error) {
    // A file under ci/ that is not YAML (a Helm template, say) is no pipeline GitLab could run:
    // nothing to read there. GitLab's own files (.gitlab-ci.yml, .gitlab/) must parse.
    if (!MAYBE_PIPELINE.test(file) || file.endsWith('gitlab-ci.yml') || file.endsWith('gitlab-ci.yaml')) throw error;
    return [];
  }
}

export function checkGitlabCi(file: string, text: string, resolve?: ScriptResolver): PushFinding[] {
  const found = new FindingSet();
  for (const yaml of documentsOf(file, text)) {
    const root = mapOf(yaml, yaml.doc.contents);
    if (!root) continue;
    const check = (node: unknown, where: string, user: string, name?: string) => {
      for (const line of scriptLines(yaml, root, node)) {
        callsInText(line.value as string, resolve).forEach((call, n) => {
          const finding: PushFinding = {
            surface: 'gitlab',
            file,
            line: scalarLine(yaml, line, call.line),
            where,
            call,
          };
          found.add(line, n, name === undefined ? finding : { ...finding, name }, user);
        });
      }
    };
    // Global scripts run in every job.
    const defaults = mapOf(yaml, getKey(yaml, root, 'default'));
    for (const key of ['before_script', 'after_script'] as const) {
      check(getKey(yaml, root, key), `Top-level ${key}`, `top-level ${key}`);
      if (defaults) check(getKey(yaml, defaults, key), `Default ${key}`, `default ${key}`);
    }
    const jobs = new Map<string, YAMLMap>();
    for (const [name, value] of entriesOf(yaml, root)) {
      const job = mapOf(yaml, value);
      if (job && !GLOBAL_KEYWORDS.has(name)) jobs.set(name, job);
    }
    // Real jobs first: a line reached by a job and by the template it uses is named by the job.
    const ordered = [...jobs].sort(([a], [b]) => Number(a.startsWith('.')) - Number(b.startsWith('.')));
    for (const [name, job] of ordered) {
      if (isUnsafeName(name)) continue;
      const kind = name.startsWith('.') ? 'Template' : 'Job';
      for (const key of SCRIPT_KEYS) {
        const value = keyOf(yaml, jobs, job, key);
        if (!value) continue;
        const from = value.from.length ? `, from "${value.from.at(-1)!}"` : '';
        check(value.node, `${kind} "${name}" (${key}${from})`, `${kind.toLowerCase()} "${name}"`, name);
      }
    }
  }
  return found.list();
}
