/**
 * The SQL every SQL rule looks at, parsed once per project per run (`ctx.shared`), with the
 * context the rules need:
 *
 * - which migrations: in diff modes only those the change set adds (a migration that exists at
 *   the base already ran somewhere; changing it is migration-edited's business); in `--all`
 *   every migration; in both, minus the tags listed in `sql.skip` (accepted history).
 * - the transaction they run in: drizzle's migrator applies all pending migrations in ONE
 *   transaction, so the migrations one change set adds run together on deploy. In `--all` there
 *   is no deploy to reason about, so each migration is its own unit.
 * - new tables: a table created earlier in the same unit is empty when the statement runs, so the
 *   "existing table" rules leave it alone.
 */
import type { Migration, MigrationSet } from '../project/migrations.js';
import type { ChangedFile } from '../git/changeset.js';
import { isMigrationSqlPath } from '../project/migrations.js';
import type { Report, RuleContext } from '../rules/types.js';
import type { AlterTableStmt, ColumnDef, Constraint } from 'libpg-query';
import { alterTableCommands, constraintsOf, relationKey } from './ast.js';
import { AstCache } from './cache.js';
import { SnapshotTables, type SnapshotTable } from './snapshot.js';
import { body, fromStored, loadParser, parseMigrationSql, type ParsedSql, type SqlStatement } from './parse.js';

/** Rules assume this Postgres major unless `sql.postgresVersion` says otherwise. */
export const DEFAULT_POSTGRES_VERSION = 14;

export interface LintedMigration {
  tag: string;
  file: string;
  /** Position in the project's migration list (journal or folder order). */
  position: number;
  /** The unit of work it runs in (see above): equal numbers run in one transaction. */
  unit: number;
  sql: ParsedSql;
  migration: Migration;
}

export interface StatementRef {
  migration: LintedMigration;
  statement: SqlStatement;
  /** Position of the statement in the whole run (for "before" comparisons). */
  seq: number;
}

export interface SqlAnalysis {
  mode: 'change-set' | 'all';
  postgresVersion: number;
  migrations: LintedMigration[];
  statements: StatementRef[];
  /** True when the table was created before `at`, in the same unit (it is empty when `at` runs). */
  isNewTable(key: string, at: StatementRef): boolean;
  /** Statements before `at` that run in the same transaction. */
  earlierInUnit(at: StatementRef): StatementRef[];
  /**
   * A table as the snapshot before this migration (the previous migration's) describes it: null
   * when that snapshot has no such table or there is no snapshot.
   */
  tableBefore(m: LintedMigration, tableKey: string): Promise<SnapshotTable | null>;
  /**
   * The migrations that are not linted (history, skipped), parsed only when their text matches
   * `filter`, in project order: rules that must know what an older migration did use it.
   */
  others(filter: RegExp): Promise<Array<{ tag: string; file: string; position: number; sql: ParsedSql }>>;
}

function isAddition(file: ChangedFile, out: string): boolean {
  if (file.status === 'A' || file.status === 'C') return true;
  return file.status === 'R' && !isMigrationSqlPath(file.oldPath ?? '', out);
}

function chooseMigrations(ctx: RuleContext, set: MigrationSet): Migration[] {
  const skip = new Set(ctx.settings.sqlSkip);
  const runnable = set.migrations.filter((m) => m.hasSql && !skip.has(m.tag));
  if (!ctx.changeSet) return runnable;
  const added = new Set(
    ctx
      .projectChanges()
      .migrations.filter((f) => isAddition(f, set.out))
      .map((f) => f.path),
  );
  return runnable.filter((m) => added.has(m.sqlFile));
}

/** Tables a statement creates (as keys), for the new-table context. */
function createdTables(statement: SqlStatement): string[] {
  const create = body(statement.node, 'CreateStmt');
  if (create) return [relationKey(create.relation)];
  const createAs = body(statement.node, 'CreateTableAsStmt');
  if (createAs) return [relationKey(createAs.into?.rel)];
  const select = body(statement.node, 'SelectStmt');
  if (select?.intoClause) return [relationKey(select.intoClause.rel)];
  return [];
}

async function analyze(ctx: RuleContext): Promise<SqlAnalysis> {
  const set = await ctx.migrations('target');
  const chosen = set ? chooseMigrations(ctx, set) : [];
  const mode = ctx.changeSet ? 'change-set' : 'all';
  const postgresVersion = ctx.settings.sqlPostgresVersion ?? DEFAULT_POSTGRES_VERSION;
  const migrations: LintedMigration[] = [];
  // Opened on the first parse: a change set without migrations never reads the cache file.
  let opened: AstCache | null = null;
  const open = () => (opened ??= AstCache.open(ctx.repoRoot));
  const saveCache = (prune: boolean) => opened?.save(prune);
  const parse = async (text: string): Promise<ParsedSql> => {
    const cache = open();
    const hash = AstCache.hash(text);
    const hit = cache.get(hash);
    if (hit) return fromStored(text, hit);
    const parsed = parseMigrationSql(await loadParser(), text);
    cache.put(hash, parsed.stored);
    return parsed;
  };
  if (set && chosen.length) {
    ctx.progress(`Parsing ${chosen.length} migration${chosen.length === 1 ? '' : 's'}…`);
    const texts = await Promise.all(chosen.map((m) => set.readSql(m)));
    for (const [i, migration] of chosen.entries()) {
      const position = set.migrations.indexOf(migration);
      migrations.push({
        tag: migration.tag,
        file: migration.sqlFile,
        position,
        unit: mode === 'change-set' ? 0 : position,
        sql: await parse(texts[i] ?? ''),
        migration,
      });
    }
  }

  const statements: StatementRef[] = [];
  for (const migration of migrations) {
    for (const statement of migration.sql.statements) statements.push({ migration, statement, seq: statements.length });
  }
  // First creation of each table per unit: `unit:key` → seq.
  const created = new Map<string, number>();
  for (const ref of statements) {
    for (const key of createdTables(ref.statement)) {
      const id = `${ref.migration.unit}:${key}`;
      if (!created.has(id)) created.set(id, ref.seq);
    }
  }
  const byUnit = new Map<number, StatementRef[]>();
  for (const ref of statements) {
    const list = byUnit.get(ref.migration.unit) ?? [];
    list.push(ref);
    byUnit.set(ref.migration.unit, list);
  }

  const snapshots = set ? new SnapshotTables(set) : null;
  const tableBefore = async (m: LintedMigration, tableKey: string): Promise<SnapshotTable | null> => {
    const previous = set?.migrations[m.position - 1];
    return previous?.snapshotFile && snapshots ? snapshots.table(previous.snapshotFile, tableKey) : null;
  };

  let othersCache: Promise<Array<{ tag: string; file: string; position: number; text: string }>> | null = null;
  const others = async (filter: RegExp) => {
    if (!set) return [];
    const linted = new Set(migrations.map((m) => m.file));
    othersCache ??= Promise.all(
      set.migrations
        .filter((m) => m.hasSql && !linted.has(m.sqlFile))
        .map(async (m) => ({
          tag: m.tag,
          file: m.sqlFile,
          position: set.migrations.indexOf(m),
          text: (await set.readSql(m)) ?? '',
        })),
    );
    const matching = (await othersCache).filter((m) => filter.test(m.text));
    const parsed = [];
    for (const m of matching) parsed.push({ tag: m.tag, file: m.file, position: m.position, sql: await parse(m.text) });
    saveCache(false);
    return parsed;
  };
  saveCache(mode === 'all');

  return {
    mode,
    postgresVersion,
    migrations,
    statements,
    isNewTable(key, at) {
      const seq = created.get(`${at.migration.unit}:${key}`);
      return seq !== undefined && seq < at.seq;
    },
    earlierInUnit(at) {
      return (byUnit.get(at.migration.unit) ?? []).filter((r) => r.seq < at.seq);
    },
    tableBefore,
    others,
  };
}

/**
 * The analysis for the rule's project, computed once per run, and the migrations it covers
 * declared to the engine as inspected by this rule (for inline suppressions).
 */
export async function sqlAnalysis(ctx: RuleContext): Promise<SqlAnalysis> {
  const analysis = await ctx.shared(`sql-analysis:${ctx.project.configFile}`, () => analyze(ctx));
  for (const m of analysis.migrations) ctx.inspected(m.file, m.sql.text, suppressionRanges(m.sql.statements));
  return analysis;
}

/**
 * Statement spans for line suppressions: a directive above a `DO` covers the whole block; one
 * inside it covers the statement below it, unless that shares the `DO`'s first line.
 */
function suppressionRanges(statements: SqlStatement[]): SqlStatement[] {
  const topLines = new Set(statements.filter((s) => s.inDo === undefined).map((s) => s.line));
  return statements.filter((s) => s.inDo === undefined || !topLines.has(s.line));
}

/** Reports at a statement: its file and first line. */
export function reportAt(
  ctx: RuleContext,
  at: StatementRef,
  report: Omit<Report, 'file' | 'line'> & { line?: number },
): void {
  ctx.report({ ...report, file: at.migration.file, line: report.line ?? at.statement.line });
}

/**
 * Every `ALTER TABLE ... ADD COLUMN` on a table that existed before this change set (tables
 * created in it are exempt), with the column and its constraints.
 */
export function* columnsAddedToExistingTables(
  analysis: SqlAnalysis,
): Generator<{ at: StatementRef; stmt: AlterTableStmt; col: ColumnDef; constraints: Constraint[] }> {
  for (const at of analysis.statements) {
    for (const { stmt, cmd } of alterTableCommands(at.statement.node)) {
      if (cmd.subtype !== 'AT_AddColumn') continue;
      const col = body(cmd.def, 'ColumnDef');
      if (!col || analysis.isNewTable(relationKey(stmt.relation), at)) continue;
      yield { at, stmt, col, constraints: constraintsOf(col.constraints) };
    }
  }
}
