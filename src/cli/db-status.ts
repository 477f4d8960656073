/** `nexiom-lint db status`. */
import { localMigrations } from '../db/local.js';
import { statusJson, statusPretty } from '../db/report.js';
import { computeStatus } from '../db/status.js';
import { readTable } from '../db/table.js';
import type { DbOptions } from './db-options.js';
import { openSession } from './db-session.js';
import type { Io } from './io.js';

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
