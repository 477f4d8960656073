/**
 * A project model built the way a real drizzle config's is: the schema entries compiled by the
 * same code, then hydrated from the cached form. For tests that need a project without a repo.
 */
import { hydrate } from '../../src/project/cache.js';
import { schemaRegexes } from '../../src/project/drizzle-config.js';
import type { Project } from '../../src/project/model.js';

export async function projectModel(schema: string[] = ['src/schema']): Promise<Project> {
  return hydrate({
    configFile: 'drizzle.config.ts',
    baseDir: '',
    dialect: 'postgresql',
    schema,
    out: 'drizzle',
    prefix: 'index',
    breakpoints: true,
    migrationsTable: '__drizzle_migrations',
    migrationsSchema: 'drizzle',
    generateCommand: 'npm run db:generate',
    scripts: {},
    schemaRegexes: await schemaRegexes(schema, () => true),
  });
}

/** The project of a real drizzle config in a repository, loaded as a run loads it. */
export async function projectAt(repoRoot: string, config: string): Promise<Project> {
  const { loadProject } = await import('../../src/project/drizzle-config.js');
  const path = await import('node:path');
  return hydrate(await loadProject({ repoRoot, configPath: path.join(repoRoot, config) }));
}
