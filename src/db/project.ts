/**
 * The project a `db` command works on. A migrator container or a release step may run outside a
 * git checkout, so a missing repository is not an error here: the current folder is the root and
 * the drizzle config is looked for there.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { GitError, UsageError } from '../errors.js';
import { findRepo } from '../git/changeset.js';
import { WorktreeTree } from '../git/tree.js';
import { discoverProjects } from '../project/discover.js';
import { readMigrations, type MigrationSet } from '../project/migrations.js';
import type { Project } from '../project/model.js';
import { CONFIG_NAMES } from '../project/names.js';
import { ConfigError } from '../errors.js';
import * as messages from '../messages.js';

export interface DbProject {
  root: string;
  project: Project;
  migrations: MigrationSet;
}

export async function loadDbProject(cwd: string, configs: string[]): Promise<DbProject> {
  let root = cwd;
  let inGit = true;
  try {
    root = (await findRepo(cwd)).root;
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    inGit = false;
  }
  let explicit = configs;
  if (!inGit && !explicit.length) {
    const found = CONFIG_NAMES.find((name) => existsSync(path.join(cwd, name)));
    if (!found) throw new ConfigError(messages.noDrizzleConfig(cwd));
    explicit = [found];
  }
  const { projects } = await discoverProjects(root, cwd, explicit, { fresh: true });
  if (projects.length > 1) {
    throw new UsageError(
      `Several drizzle configs were found (${projects.map((p) => p.configFile).join(', ')}): name the one whose ` +
        'database this is with --config <path>.',
    );
  }
  const project = projects[0]!;
  const migrations = await readMigrations(new WorktreeTree(root, inGit), project.out);
  return { root, project, migrations };
}
