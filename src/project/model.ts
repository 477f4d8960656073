/**
 * The project model: one drizzle config and what it says, with every path resolved the way
 * drizzle-kit resolves it and made repository-relative.
 */
export type MigrationPrefix = 'index' | 'timestamp' | 'supabase' | 'unix' | 'none';

export interface Project {
  /** Repository-relative path of the drizzle config file (the project's name in output). */
  configFile: string;
  /**
   * Repository-relative directory drizzle-kit resolves relative paths against: the package that
   * owns the config (nearest package.json above it). `''` is the repository root.
   */
  baseDir: string;
  dialect: 'postgresql';
  /** Schema entries from the config, repository-relative; may be globs. */
  schema: string[];
  /** Repository-relative migrations folder (`out`, default `drizzle`). */
  out: string;
  prefix: MigrationPrefix;
  breakpoints: boolean;
  casing?: 'snake_case' | 'camelCase';
  migrationsTable: string;
  migrationsSchema: string;
  /** `dbCredentials.url` if the config gives one (never printed unmasked, never cached: see discoverProjects `fresh`). */
  databaseUrl?: string;
  /** Schema filter (`schemaFilter`), default ['public']. */
  schemaFilter?: string[];
  tablesFilter?: string[];
  /** The command a user runs to generate, for messages: `npm run db:generate` when that script exists. */
  generateCommand: string;
  /** The project's package.json scripts, for messages and rules. */
  scripts: Record<string, string>;
  /** True when a file matches the schema entries (globs, files, folders). */
  isSchemaFile(file: string): boolean;
  /** True when a file lies under `out`. */
  isMigrationFile(file: string): boolean;
}
