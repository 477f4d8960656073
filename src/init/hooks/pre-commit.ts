/**
 * The pre-commit framework: a `repo: local` hook in `.pre-commit-config.yaml`, appended to its
 * `repos`. It runs the project's installed nexiom-lint (the version in package.json, no download
 * of its own) through the same `sh` check husky's hook runs (hook-pattern.ts `hookCheck`), with
 * `always_run` and `pass_filenames: false`: the framework's `files:` filter sees only added and
 * modified files, so a commit that only deletes a migration would skip the check; the `sh` check
 * looks at both sides and starts no Node when nothing relevant is staged.
 *
 * No `stages:` key: its values were renamed in pre-commit 3.2 (`commit` → `pre-commit`) and the
 * hook should load with Debian's 3.0 as with the current release; the framework installs its git
 * hook for `pre-commit` unless told otherwise.
 *
 * Projects that prefer the remote hook of this repository's `.pre-commit-hooks.yaml` (id
 * `nexiom-lint`) keep it: any hook whose id or entry names nexiom-lint is left as it is.
 */
import type { Document } from 'yaml';
import type { InitContext } from '../context.js';
import { HOOK_MARKER, hookCheck, replaceHookCheck } from '../hook-pattern.js';
import type { Plan } from '../plan.js';
import type { YamlEdit } from '../yaml-edit.js';
import { PRE_COMMIT_FILE } from './detect.js';
import { editManagerYaml, literalBlock, type ManagerEdit } from './yaml.js';

function script(ctx: InitContext, plan: Plan): { text: string; block: string[] } {
  const block = hookCheck(ctx, plan, { bin: 'node_modules/.bin/nexiom-lint', file: PRE_COMMIT_FILE });
  return { text: `${[...(ctx.installRoot ? [`cd ${ctx.installRoot}`] : []), ...block].join('\n')}\n`, block };
}

interface Found {
  path: Array<string | number>;
  script: string | null;
}

/** A hook that runs nexiom-lint already, and the script of the one init wrote. */
function existing(doc: Document): Found | null {
  const repos = (doc.toJS() as { repos?: unknown } | null)?.repos;
  for (const [r, repo] of (Array.isArray(repos) ? repos : []).entries()) {
    const hooks = (repo as { hooks?: unknown } | null)?.hooks;
    for (const [h, hook] of (Array.isArray(hooks) ? hooks : []).entries()) {
      const { id, entry, args } = (hook ?? {}) as { id?: unknown; entry?: unknown; args?: unknown };
      const first = Array.isArray(args) && typeof args[0] === 'string' ? args[0] : null;
      if (id === 'nexiom-lint' || String(entry).includes('nexiom-lint') || first?.includes('nexiom-lint')) {
        return { path: ['repos', r, 'hooks', h, 'args', 0], script: first };
      }
    }
  }
  return null;
}

function edit(text: string, block: string[]): (e: YamlEdit) => ManagerEdit {
  return ({ doc, YAML }) => {
    const found = existing(doc);
    if (found) {
      if (found.script === null || !found.script.split('\n').includes(HOOK_MARKER)) return 'kept';
      const replaced = replaceHookCheck(found.script, block);
      if (replaced === null || replaced === found.script) return 'kept';
      doc.setIn(found.path, literalBlock(YAML, doc, replaced));
      return 'updated';
    }
    if (!YAML.isMap(doc.contents)) return 'unusable';
    const repos = doc.get('repos');
    const hook = {
      id: 'nexiom-lint',
      name: 'nexiom-lint',
      language: 'system',
      entry: 'sh -c',
      args: [literalBlock(YAML, doc, text)],
      pass_filenames: false,
      always_run: true,
    };
    const node = doc.createNode({ repo: 'local', hooks: [hook] });
    if (YAML.isSeq(repos)) {
      // `repos: []` is a flow sequence, which cannot hold the `|` block: the list becomes a block.
      repos.flow = false;
      repos.add(node);
    } else if (repos === undefined || repos === null) doc.set('repos', doc.createNode([node]));
    else return 'unusable';
    return 'added';
  };
}

export async function planPreCommit(ctx: InitContext, plan: Plan): Promise<void> {
  const { text, block } = script(ctx, plan);
  const snippet = [
    '  - repo: local',
    '    hooks:',
    '      - id: nexiom-lint',
    '        name: nexiom-lint',
    '        language: system',
    '        entry: sh -c',
    '        args:',
    '          - |',
    ...text
      .replace(/\n$/, '')
      .split('\n')
      .map((l) => `            ${l}`),
    '        pass_filenames: false',
    '        always_run: true',
  ].join('\n');
  await editManagerYaml(plan, {
    file: PRE_COMMIT_FILE,
    manager: 'pre-commit',
    created: null,
    edit: edit(text, block),
    snippet,
  });
}
