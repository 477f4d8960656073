/** `nexiom-lint db status`. */
import path from 'node:path';
import { connect, type Db } from '../db/connect.js';
import { localMigrations } from '../db/local.js';
import { loadDbProject, type DbProject } from '../db/project.js';
import { statusJson, statusPretty } from '../db/report.js';
import { computeStatus } from '../db/status.js';
import { readTable, type TableRef } from '../db/table.js';
import { resolveTarget } from '../db/url.js';
import type { DbOptions } from './db.js';
import type { Io } from './io.js';

export interface Session {
  dbProject: DbProject;
  db: Db;
  table: TableRef;
}

/** Project, database and migrations table for a db command; the caller closes `db`. */
export async function openSession(options: DbOptions, io: Io): Promise<Session> {
  const cwd = options.cwd ? path.resolve(io.cwd, options.cwd) : io.cwd;
  const dbProject = await loadDbProject(cwd, options.configs);
  const { project } = dbProject;
  const target = resolveTarget({
    ...(options.url !== undefined ? { flag: options.url } : {}),
    env: io.env,
    ...(project.databaseUrl ? { configUrl: project.databaseUrl } : {}),
    configFile: project.configFile,
  });
  const db = await connect(target, { timeoutSeconds: options.timeoutSeconds });
  return { dbProject, db, table: { schema: project.migrationsSchema, table: project.migrationsTable } };
}

export async function dbStatus(options: DbOptions, io: Io): Promise<number> {
  const { dbProject, db, table } = await openSession(options, io);
  try {
    const local = await localMigrations(dbProject.migrations);
    const status = computeStatus(local, await readTable(db, table), dbProject.migrations.layout);
    const ctx = { database: db.label, table, out: dbProject.project.out };
    io.stdout(options.format === 'json' ? statusJson(status, ctx) : statusPretty(status, ctx));
    return status.problems ? 1 : 0;
  } finally {
    await db.close();
  }
}
