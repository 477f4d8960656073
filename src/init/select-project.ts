/**
 * Which drizzle project init sets up: the one named with --config, the only one, or (in a
 * monorepo with several) the one the user picks; without a terminal to ask, the list is printed
 * and the run stops (exit 2) so that CI never guesses.
 */
import path from 'node:path';
import { ConfigError, UsageError } from '../errors.js';
import * as messages from '../messages.js';
import type { SerializedProject } from '../project/cache.js';
import { listConfigFiles } from '../project/discover.js';
import { NotCheckedError } from '../project/dialect.js';
import { loadProject, toRepoPath } from '../project/drizzle-config.js';
import { severalConfigs } from './messages.js';

export interface Selection {
  project: SerializedProject;
  /** Every drizzle config in the repository (repository-relative). */
  allConfigs: string[];
}

export type Chooser = (question: string, choices: string[]) => Promise<string>;

/**
 * Folders whose configs are not the project's live database: hidden ones (`.deprecated/`),
 * retired code, and examples, fixtures and test data kept beside it.
 */
const NOT_IN_USE = /^(\..+|_*deprecated|archived?|examples?|fixtures?|__fixtures__|samples?|__tests__|tests?)$/i;

/** The configs outside such folders, or all of them when none is. */
function inUse(configs: string[]): string[] {
  const kept = configs.filter(
    (config) =>
      !config
        .split('/')
        .slice(0, -1)
        .some((dir) => NOT_IN_USE.test(dir)),
  );
  return kept.length ? kept : configs;
}

/**
 * The configs worth offering when there are several: not those of another dialect or without a
 * schema (dialect.ts). A config that does not load stays: picking it shows why.
 */
async function postgresOnly(repoRoot: string, configs: string[]): Promise<string[]> {
  if (configs.length < 2) return configs;
  const kept: string[] = [];
  for (const config of configs) {
    try {
      await loadProject({ repoRoot, configPath: path.join(repoRoot, config) });
      kept.push(config);
    } catch (error) {
      if (!(error instanceof NotCheckedError)) kept.push(config);
    }
  }
  return kept.length ? kept : configs;
}

export async function selectProject(
  repoRoot: string,
  cwd: string,
  explicit: string | undefined,
  choose: Chooser | null,
): Promise<Selection> {
  const allConfigs = await listConfigFiles(repoRoot);
  let config: string;
  if (explicit !== undefined) {
    config = toRepoPath(repoRoot, path.resolve(cwd, explicit));
    if (config.startsWith('..')) {
      throw new ConfigError(`--config ${explicit} is outside the git repository ${repoRoot}.`);
    }
  } else {
    if (!allConfigs.length) throw new ConfigError(messages.noDrizzleConfig(repoRoot));
    const here = toRepoPath(repoRoot, cwd);
    const under = here ? allConfigs.filter((c) => c.startsWith(`${here}/`)) : [];
    const candidates = await postgresOnly(repoRoot, inUse(under.length ? under : allConfigs));
    if (candidates.length === 1) config = candidates[0]!;
    else if (choose) config = await choose('Which drizzle project should init set up?', candidates);
    else throw new UsageError(severalConfigs(candidates));
  }
  const project = await loadProject({ repoRoot, configPath: path.join(repoRoot, config) });
  return { project, allConfigs: allConfigs.includes(config) ? allConfigs : [...allConfigs, config].sort() };
}
