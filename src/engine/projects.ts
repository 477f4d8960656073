/**
 * Phase 2: the drizzle projects of the run, which changed files belong to each (schema, through
 * the schema's import graph; migrations; config), and which projects the change touches.
 */
import type { ChangeSet, ChangedFile, ResolvedMode, RepoInfo } from '../git/changeset.js';
import { headCommit } from '../git/changeset.js';
import { rememberGraph, type Discovered } from '../project/discover.js';
import { graphMatcher, isTsconfigName, mergeGraphs } from '../project/graph.js';
import type { Project } from '../project/model.js';
import { isDrizzleConfigName, isSourceFile, SETTINGS_FILE } from '../project/names.js';
import { UNCHECKED } from '../drift/summary.js';
import type { ProjectChanges } from '../rules/types.js';
import type { ProjectResult } from './result.js';

const NO_CHANGES: ProjectChanges = { schema: [], migrations: [], config: [] };

function touches(file: ChangedFile, test: (p: string) => boolean): boolean {
  return test(file.path) || (file.oldPath !== undefined && test(file.oldPath));
}

/** The files of the change set that belong to the project; `graph` is its schema's import graph. */
export function projectChangesOf(
  project: Project,
  changeSet: ChangeSet | null,
  graph: readonly string[] = [],
): ProjectChanges {
  if (!changeSet) return NO_CHANGES;
  const inGraph = graphMatcher(graph);
  const ownPackage = project.baseDir ? `${project.baseDir}/package.json` : 'package.json';
  return {
    schema: changeSet.files.filter((f) => touches(f, (p) => project.isSchemaFile(p) || inGraph(p))),
    migrations: changeSet.files.filter((f) => touches(f, project.isMigrationFile)),
    config: changeSet.files.filter((f) => touches(f, (p) => p === project.configFile || p === ownPackage)),
  };
}

export interface ProjectPlan {
  changes: ReadonlyMap<Project, ProjectChanges>;
  /** True when the change touches the project (always in `--all`), or the settings or a drizzle config changed. */
  touched(project: Project): boolean;
  summaries: ProjectResult[];
}

export async function planProjects(
  repo: RepoInfo,
  resolved: ResolvedMode,
  discovered: Discovered,
): Promise<ProjectPlan> {
  const { changeSet } = resolved;
  const { projects } = discovered;
  const staticGraph = await importGraphs(repo, resolved, discovered);
  const changes = new Map<Project, ProjectChanges>();
  for (const p of projects) {
    const graph = mergeGraphs(staticGraph[p.configFile] ?? [], discovered.learned[p.configFile]);
    changes.set(p, projectChangesOf(p, changeSet, graph));
  }
  const settingsChanged =
    changeSet?.files.some((f) => f.path === SETTINGS_FILE || isDrizzleConfigName(f.path)) ?? false;
  const touched = (p: Project) => {
    if (!changeSet) return true;
    const c = changes.get(p)!;
    return c.schema.length + c.migrations.length + c.config.length > 0 || settingsChanged;
  };
  const summaries = projects.map((p) => {
    const c = changes.get(p)!;
    const paths = (files: ChangedFile[]) => files.map((f) => f.path);
    return {
      configFile: p.configFile,
      out: p.out,
      changes: { schema: paths(c.schema), migrations: paths(c.migrations), config: paths(c.config) },
      checked: touched(p),
      drift: UNCHECKED,
    };
  });
  return { changes, touched, summaries };
}

/** The summaries of projects no rule looked at. */
export function uncheckedSummaries(projects: readonly Project[]): ProjectResult[] {
  return projects.map((p) => ({
    configFile: p.configFile,
    out: p.out,
    changes: { schema: [], migrations: [], config: [] },
    checked: false,
    drift: UNCHECKED,
  }));
}

/**
 * The schema's import graph per project. On the commit path the graph of HEAD is enough (a new
 * import can only come from a changed file, which is then checked anyway) and is cached per HEAD;
 * other modes compute it on both sides.
 */
async function importGraphs(
  repo: RepoInfo,
  resolved: ResolvedMode,
  discovered: Discovered,
): Promise<Record<string, string[]>> {
  const { projects } = discovered;
  // The graph only decides which changed files are schema files: `--all` has no change set.
  if (!resolved.changeSet) return {};
  // Only source files and tsconfigs can be in an import graph: a README or SQL change needs none.
  const graphFile = (p: string) => isSourceFile(p) || isTsconfigName(p);
  if (!resolved.changeSet.files.some((f) => graphFile(f.path) || graphFile(f.oldPath ?? ''))) {
    return {};
  }
  if (repo.head === undefined && repo.hasHead) repo.head = await headCommit(repo.root);
  if (
    resolved.mode === 'staged' &&
    repo.head &&
    discovered.graphHead === repo.head &&
    projects.every((p) => discovered.graph[p.configFile] !== undefined)
  ) {
    return discovered.graph;
  }
  const { schemaImportGraph } = await import('../project/import-graph.js');
  const trees = resolved.mode === 'staged' ? [resolved.base ?? resolved.target] : [resolved.target, resolved.base];
  const graph: Record<string, string[]> = {};
  for (const project of projects) {
    const files = new Set<string>();
    for (const tree of trees) {
      if (tree && tree.kind !== 'empty') for (const f of await schemaImportGraph(project, tree)) files.add(f);
    }
    if (resolved.mode === 'staged' && resolved.base?.kind === 'empty') {
      for (const f of await schemaImportGraph(project, resolved.target)) files.add(f);
    }
    graph[project.configFile] = [...files].sort();
  }
  if (resolved.mode === 'staged' && repo.head) rememberGraph(repo.root, graph, repo.head);
  return graph;
}
