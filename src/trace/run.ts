/**
 * Runs units of statements on a database and observes each one (observe.ts). A unit is one
 * transaction, as drizzle's migrator runs all pending migrations; the tables that exist when a
 * unit starts are the ones watched.
 *
 * Each statement runs inside a SAVEPOINT: one that fails (an extension PGlite lacks, a platform
 * object the stand-ins do not provide, a statement that cannot run in a transaction) is rolled
 * back, reported as not traced, and the statements after it still run. A savepoint changes
 * nothing observable (checked on PGlite and on the server): locks and storage changes of a
 * released savepoint belong to the transaction, and the scan counters are not transactional.
 */
import type { Db } from '../db/connect.js';
import { existingTables, observations, snapshot, type Snapshot } from './observe.js';
import type { TraceStatement } from './statements.js';
import type { Observation } from './types.js';

export interface TracedStatement extends TraceStatement {
  /** What it did to the tables that existed before its unit; empty when nothing. */
  observed: Observation[];
  /** Set when it failed in the replay: then `observed` is empty and means nothing. */
  notTraced?: string;
}

export async function traceUnits(db: Db, units: ReadonlyArray<readonly TraceStatement[]>): Promise<TracedStatement[]> {
  const out: TracedStatement[] = [];
  for (const unit of units) {
    const tables = await existingTables(db);
    await db.exec('BEGIN');
    try {
      let before: Snapshot | null = null;
      for (const statement of unit) {
        if (TRANSACTION_CONTROL.test(statement.sql)) {
          // It would end the trace's own transaction (sql-transaction-control reports it).
          out.push({ ...statement, observed: [], notTraced: 'transaction control, which the trace does not run' });
          continue;
        }
        before ??= await snapshot(db, tables);
        await db.exec('SAVEPOINT nexiom_trace');
        try {
          await db.exec(statement.sql);
          await db.exec('RELEASE SAVEPOINT nexiom_trace');
        } catch (error) {
          await db.exec('ROLLBACK TO SAVEPOINT nexiom_trace');
          out.push({ ...statement, observed: [], notTraced: messageOf(error) });
          before = null;
          continue;
        }
        const after: Snapshot = await snapshot(db, tables);
        out.push({ ...statement, observed: observations(tables, before, after) });
        before = after;
      }
      await db.exec('COMMIT');
    } catch (error) {
      await db.exec('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }
  return out;
}

const TRANSACTION_CONTROL =
  /^\s*(?:begin|commit|rollback|end|abort|start\s+transaction|savepoint|release|prepare\s+transaction)\b/i;

function messageOf(error: unknown): string {
  const message = (error as Error)?.message ?? String(error);
  return message.split('\n')[0]!.trim();
}
