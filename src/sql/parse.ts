/**
 * Parses a migration file with the real Postgres parser (libpg-query 18, WebAssembly), piece by
 * piece as drizzle's migrator runs it, and keeps where every statement starts and ends.
 *
 * libpg-query's parse result, per piece:
 *   { version: 180004, stmts: [ { stmt: { AlterTableStmt: {...} }, stmt_location?: 112, stmt_len: 160 } ] }
 * `stmt_location` / `stmt_len` are BYTE offsets into the piece (absent location = 0, absent or 0
 * length = to the end); the location includes the whitespace and comments before the statement.
 * A rejected piece throws an `SqlError` whose `sqlDetails.cursorPosition` is a 0-based CHARACTER
 * offset (Postgres counts characters in error positions).
 *
 * A piece the parser rejects is not lost: it is cut at its top-level semicolons with the real
 * scanner (so `$$ ... ; ... $$` bodies stay whole) and every part is parsed on its own, so one
 * typo does not hide the statements around it in a file written without breakpoints.
 */
import type { Node } from 'libpg-query';
import { nodeKind, splitStatements, type NodeKind, type ParserApi } from './parser.js';
import { embeddedStatements, unescapeLiteral } from './plpgsql.js';
import { ByteMap, LineMap, skipTrivia, splitChunks, type Chunk } from './split.js';

export {
  body,
  identifiersAsWritten,
  loadParser,
  nodeKind,
  parserLoaded,
  type NodeBody,
  type NodeKind,
  type ParserApi,
} from './parser.js';

export interface SqlStatement {
  /** The parse tree, e.g. `{ AlterTableStmt: {...} }`. */
  node: Node;
  kind: NodeKind;
  /** The statement's text from its first token to its end (without the trailing semicolon). */
  text: string;
  /** 1-based line of the statement's first token in the file. */
  line: number;
  /** 1-based line of its last character. */
  endLine: number;
  /** The breakpoint piece the statement belongs to (the migrator runs each piece as one query). */
  chunk: number;
  /** The file line of a parse-tree `location` inside this statement (its first line when absent). */
  lineAt(location: number | undefined): number;
  /**
   * Set for a statement a `DO` block runs (see plpgsql.ts): the line of that `DO`. The `DO`
   * itself is in the list too, just before the statements it runs.
   */
  inDo?: number;
}

/**
 * A statement as stored in the parse cache: parse-tree locations are byte offsets into the text
 * parsed from `base`; its text is the file's, from `start` to `end` (not stored twice).
 */
export interface StoredStatement extends Omit<SqlStatement, 'lineAt' | 'text'> {
  start: number;
  end: number;
  base: number;
  pieceEnd: number;
}

export interface StoredSql {
  statements: StoredStatement[];
  errors: SqlSyntaxError[];
}

export interface SqlSyntaxError {
  /** 1-based line of the error position in the file. */
  line: number;
  /** Postgres's message: `syntax error at or near "SELEC"`. */
  message: string;
  /** 1-based line where the failing statement starts. */
  statementLine: number;
}

export interface ParsedSql {
  text: string;
  statements: SqlStatement[];
  errors: SqlSyntaxError[];
  lines: LineMap;
  /** The same without functions, for the parse cache. */
  stored: StoredSql;
}

function errorOffset(error: unknown): number | undefined {
  const details = (error as { sqlDetails?: { cursorPosition?: number } }).sqlDetails;
  return typeof details?.cursorPosition === 'number' ? details.cursorPosition : undefined;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Parses one migration file's text. Never throws on bad SQL: errors are collected. */
export function parseMigrationSql(api: ParserApi, text: string): ParsedSql {
  const stored: StoredSql = { statements: [], errors: [] };
  const lines = new LineMap(text);
  for (const chunk of splitChunks(text)) {
    const nul = chunk.text.indexOf('\0');
    if (nul < 0) {
      parsePiece(api, chunk, chunk.text, chunk.offset, stored, lines);
      continue;
    }
    // The parser reads a C string and would stop at the NUL, seeing a valid statement; Postgres
    // refuses the whole query. Report it, then parse the rest with the NULs blanked out.
    stored.errors.push({
      line: lines.line(chunk.offset + nul),
      message:
        'the file holds a NUL byte (\\0), and Postgres refuses any query that contains one ("invalid message format"), ' +
        'so the migration fails. Remove it (an editor or a tool wrote a binary file)',
      statementLine: lines.line(chunk.offset + skipTrivia(chunk.text, 0)),
    });
    parsePiece(api, chunk, chunk.text.replace(/\0/g, ' '), chunk.offset, stored, lines);
  }
  return fromStored(text, stored, lines);
}

/** Rebuilds a parsed file from its stored form (from `parseMigrationSql` or the parse cache). */
export function fromStored(text: string, stored: StoredSql, lines = new LineMap(text)): ParsedSql {
  const statements = stored.statements.map((s): SqlStatement => {
    let bytes: ByteMap | null = null;
    const { base, pieceEnd, start, end, ...rest } = s;
    return {
      ...rest,
      text: text.slice(start, end),
      lineAt(location) {
        if (location === undefined || location < 0) return s.line;
        bytes ??= new ByteMap(text.slice(base, pieceEnd));
        return lines.line(base + bytes.toChar(location));
      },
    };
  });
  return { text, statements, errors: stored.errors, lines, stored };
}

/** Parses `piece` (which starts at file offset `base`); on failure, retries statement by statement. */
function parsePiece(
  api: ParserApi,
  chunk: Chunk,
  piece: string,
  base: number,
  out: StoredSql,
  lines: LineMap,
  retry = true,
): void {
  if (skipTrivia(piece, 0) >= piece.length) return; // only whitespace and comments: nothing runs
  let stmts;
  try {
    stmts = api.parseSync(piece).stmts ?? [];
  } catch (error) {
    const parts = retry ? splitStatements(api, piece) : null;
    if (parts && parts.length > 1) {
      for (const part of parts) {
        parsePiece(api, chunk, piece.slice(part.start, part.end), base + part.start, out, lines, false);
      }
      return;
    }
    const start = base + skipTrivia(piece, 0);
    const at = errorOffset(error);
    out.errors.push({
      line: lines.line(at === undefined ? start : base + at),
      message: errorText(error),
      statementLine: lines.line(start),
    });
    return;
  }
  const bytes = new ByteMap(piece);
  for (const raw of stmts) {
    if (!raw.stmt) continue;
    const from = bytes.toChar(raw.stmt_location ?? 0);
    const to = raw.stmt_len ? bytes.toChar((raw.stmt_location ?? 0) + raw.stmt_len) : piece.length;
    const start = skipTrivia(piece, from, to);
    const stmtText = piece.slice(start, to).replace(/\s+$/, '');
    const line = lines.line(base + start);
    out.statements.push({
      node: raw.stmt,
      kind: nodeKind(raw.stmt),
      start: base + start,
      end: base + start + stmtText.length,
      line,
      endLine: lines.line(base + start + Math.max(stmtText.length - 1, 0)),
      chunk: chunk.index,
      base,
      pieceEnd: base + piece.length,
    });
    if (raw.stmt && 'DoStmt' in raw.stmt) {
      for (const inner of embeddedStatements(api, raw.stmt, stmtText)) {
        const text = inner.escaped ? unescapeLiteral(inner.text) : inner.text;
        const prefix = inner.prefix ?? '';
        parseEmbedded(
          api,
          chunk,
          prefix + text,
          base + start + inner.offset - prefix.length,
          line,
          out,
          lines,
          prefix.length,
        );
      }
    }
  }
}

/**
 * Adds the statements of one SQL text a `DO` block runs (at file offset `base`); text the parser
 * rejects is skipped (PL/pgSQL bodies may hold variables that only make sense at run time).
 */
function parseEmbedded(
  api: ParserApi,
  chunk: Chunk,
  text: string,
  base: number,
  doLine: number,
  out: StoredSql,
  lines: LineMap,
  /** Characters at the start of `text` that are not in the file (`SELECT ` before a condition). */
  synthetic = 0,
): void {
  let stmts;
  try {
    stmts = api.parseSync(text).stmts ?? [];
  } catch {
    return;
  }
  const bytes = new ByteMap(text);
  for (const raw of stmts) {
    if (!raw.stmt) continue;
    const from = bytes.toChar(raw.stmt_location ?? 0);
    const to = raw.stmt_len ? bytes.toChar((raw.stmt_location ?? 0) + raw.stmt_len) : text.length;
    // A statement starts in the file: a synthetic prefix is left out of its position.
    const start = Math.max(skipTrivia(text, from, to), synthetic);
    const length = text.slice(start, to).replace(/\s+$/, '').length;
    out.statements.push({
      node: raw.stmt,
      kind: nodeKind(raw.stmt),
      start: base + start,
      end: base + start + length,
      line: lines.line(base + start),
      endLine: lines.line(base + start + Math.max(length - 1, 0)),
      chunk: chunk.index,
      base,
      pieceEnd: base + text.length,
      inDo: doLine,
    });
  }
}
