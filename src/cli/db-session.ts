/** What every db command starts from: the project, a connection and its migrations table. */
import path from 'node:path';
import { connect, type Db } from '../db/connect.js';
import { loadDbProject, type DbProject } from '../db/project.js';
import type { TableRef } from '../db/table.js';
import { resolveTarget } from '../db/target.js';
import { resolveCwd } from './cwd.js';
import type { DbOptions } from './db-options.js';
import type { Io } from './io.js';

export interface Session {
  dbProject: DbProject;
  db: Db;
  table: TableRef;
}

/** Project, database and migrations table for a db command; the caller closes `db`. */
export async function openSession(options: DbOptions, io: Io): Promise<Session> {
  const cwd = resolveCwd(io.cwd, options.cwd);
  const dbProject = await loadDbProject(cwd, options.configs);
  const { project } = dbProject;
  const target = resolveTarget({
    ...(options.url !== undefined ? { flag: options.url } : {}),
    env: io.env,
    ...(project.databaseUrl ? { credentials: { url: project.databaseUrl } } : {}),
    configFile: project.configFile,
  });
  // "Run as if started in <dir>": a relative PGlite folder is relative to it.
  if (target.kind === 'pglite' && target.dataDir !== null) target.dataDir = path.resolve(cwd, target.dataDir);
  const db = await connect(target, { timeoutSeconds: options.timeoutSeconds });
  return { dbProject, db, table: { schema: project.migrationsSchema, table: project.migrationsTable } };
}
