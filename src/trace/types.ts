/**
 * What `--trace` saw Postgres do (see observe.ts): the shapes findings and reporters carry. No
 * imports: the finding types and every reporter use them.
 */

/** Postgres's table lock modes as `LOCK TABLE` spells them (sql/locks.ts orders them). */
export type ObservedLock =
  | 'ACCESS SHARE'
  | 'ROW SHARE'
  | 'ROW EXCLUSIVE'
  | 'SHARE UPDATE EXCLUSIVE'
  | 'SHARE'
  | 'SHARE ROW EXCLUSIVE'
  | 'EXCLUSIVE'
  | 'ACCESS EXCLUSIVE';

/** One table that existed before the change, as one statement left it. */
export interface Observation {
  /** `schema.table`, as the SQL rules key tables (`public.users`). */
  table: string;
  /** The strongest lock the transaction held on it once the statement had run (earlier statements' included). */
  lock: ObservedLock | null;
  /** Its storage was replaced (pg_class.relfilenode changed): every row was copied. */
  rewrite: boolean;
  /** A full scan ran (pg_stat_xact_user_tables.seq_scan grew). */
  scan: boolean;
  /** An index of it was built or rebuilt (a new index, or an index's relfilenode changed). */
  indexBuild: boolean;
}
