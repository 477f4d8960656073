/**
 * Scripts a file can run by name: a workflow step's `npm run db:sync`, a Dockerfile's
 * `RUN pnpm db:sync` run the scripts of the nearest package.json above the file (the repository
 * root for workflows and files under `.gitlab/`). Each package.json is read once per run.
 */
import type { Tree } from '../git/tree.js';
import type { ScriptResolver } from './command.js';
import { readScripts } from './package-scripts.js';

export class ScriptIndex {
  private readonly packages = new Map<string, Promise<Map<string, string> | null>>();
  constructor(private readonly tree: Tree) {}

  private scriptsAt(packageJson: string): Promise<Map<string, string> | null> {
    let cached = this.packages.get(packageJson);
    if (!cached) {
      cached = this.tree
        .read(packageJson)
        .then((text) =>
          text === undefined ? null : new Map(readScripts(packageJson, text).map((s) => [s.name, s.command] as const)),
        );
      this.packages.set(packageJson, cached);
    }
    return cached;
  }

  /** The resolver for scripts run from `file`: the nearest package.json's, or none. */
  async resolverFor(file: string): Promise<ScriptResolver | undefined> {
    // Workflows and GitLab's included files run from the repository root.
    const parts = /^\.git(hub|lab)\//.test(file) ? [] : file.split('/').slice(0, -1);
    for (let depth = parts.length; depth >= 0; depth--) {
      const dir = parts.slice(0, depth).join('/');
      const candidate = dir ? `${dir}/package.json` : 'package.json';
      if (!(await this.tree.exists(candidate))) continue;
      const scripts = await this.scriptsAt(candidate);
      if (scripts) return (name) => scripts.get(name);
    }
    return undefined;
  }
}
