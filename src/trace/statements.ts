/**
 * The statements the trace runs, one at a time so that each gets its own observation: drizzle's
 * migrator sends each `--> statement-breakpoint` piece as one query, and a piece of several
 * statements (a hand-written file without breakpoints) runs the same statement by statement in
 * the same transaction. A `DO` block is one statement (what it runs is observed as its own). A
 * piece the parser rejects runs whole, as the migrator would send it.
 */
import { loadParser, parseMigrationSql } from '../sql/parse.js';
import { LineMap, skipTrivia, splitChunks } from '../sql/split.js';

export interface TraceStatement {
  /** The migration's SQL file (repository-relative). */
  file: string;
  /** 1-based first and last line in the file. */
  line: number;
  endLine: number;
  sql: string;
}

export interface TraceMigration {
  tag: string;
  file: string;
  sql: string;
}

export async function traceStatements(migration: TraceMigration): Promise<TraceStatement[]> {
  const parsed = parseMigrationSql(await loadParser(), migration.sql);
  const lines = new LineMap(migration.sql);
  const out: TraceStatement[] = [];
  for (const chunk of splitChunks(migration.sql)) {
    const start = skipTrivia(chunk.text, 0);
    if (start >= chunk.text.length) continue;
    const first = lines.line(chunk.offset + start);
    const last = lines.line(chunk.offset + chunk.text.replace(/\s+$/, '').length - 1);
    const broken = parsed.errors.some((e) => e.statementLine >= first && e.statementLine <= last);
    const statements = parsed.statements.filter((s) => s.chunk === chunk.index && s.inDo === undefined);
    if (broken || !statements.length) {
      out.push({ file: migration.file, line: first, endLine: last, sql: chunk.text });
      continue;
    }
    for (const s of statements) out.push({ file: migration.file, line: s.line, endLine: s.endLine, sql: s.text });
  }
  return out;
}
