/**
 * The Postgres parser itself (libpg-query 18, WebAssembly), loaded once and only when there is SQL
 * to read, and what is read straight from its parse tree and its scanner: a node's kind and body,
 * a piece cut at its top-level semicolons, identifiers as written.
 */
import type { Node } from 'libpg-query';
import { ByteMap, skipTrivia } from './split.js';

/** The statement types libpg-query can return, e.g. `AlterTableStmt`. */
export type NodeKind = Node extends infer N ? (N extends unknown ? keyof N : never) : never;
/** The body of a node of one kind: `NodeBody<'AlterTableStmt'>` is `AlterTableStmt`. */
export type NodeBody<K extends NodeKind> = Extract<Node, Record<K, unknown>>[K];

export interface ParserApi {
  parseSync(query: string): { stmts?: Array<{ stmt?: Node; stmt_location?: number; stmt_len?: number }> };
  parsePlPgSQLSync(query: string): unknown;
  scanSync(query: string): { tokens: Array<{ start: number; end: number; tokenName: string }> };
}

let loaded: Promise<ParserApi> | null = null;

/** Loads the WebAssembly parser once per process (~40 ms), only when there is SQL to lint. */
export function loadParser(): Promise<ParserApi> {
  loaded ??= import('libpg-query').then(async (mod) => {
    await mod.loadModule();
    return mod as unknown as ParserApi;
  });
  return loaded;
}

/**
 * Loads the parser and parses a few statements once, so that the WebAssembly code the first real
 * parse runs is compiled already: for the time this process waits on a child (process/idle.ts).
 */
export async function warmParser(): Promise<void> {
  const api = await loadParser();
  api.parseSync(
    'CREATE TABLE "t" ("id" serial PRIMARY KEY NOT NULL, "a" text DEFAULT \'x\');\n' +
      'ALTER TABLE "t" ADD COLUMN "b" integer;\nCREATE INDEX "t_a_idx" ON "t" USING btree ("a");',
  );
}

/** Whether this process has loaded the parser (the pre-commit path must not when no migration is linted). */
export function parserLoaded(): boolean {
  return loaded !== null;
}

export function nodeKind(node: Node): NodeKind {
  return Object.keys(node)[0] as NodeKind;
}

/** The body when `node` is of `kind`, else undefined: `body(node, 'AlterTableStmt')?.cmds`. */
export function body<K extends NodeKind>(node: Node | undefined, kind: K): NodeBody<K> | undefined {
  if (!node) return undefined;
  return (node as Record<string, unknown>)[kind] as NodeBody<K> | undefined;
}

/**
 * Character ranges of the statements in `piece`, cut at top-level `;` tokens of the real scanner;
 * null when even the scanner fails (an unterminated string or comment).
 */
export function splitStatements(api: ParserApi, piece: string): Array<{ start: number; end: number }> | null {
  let tokens;
  try {
    tokens = api.scanSync(piece).tokens;
  } catch {
    // The scanner rejects what the lexer cannot read; the parse error already says where.
    return null;
  }
  const bytes = new ByteMap(piece);
  const parts: Array<{ start: number; end: number }> = [];
  let start = 0;
  for (const token of tokens) {
    if (token.tokenName !== 'ASCII_59') continue;
    const end = bytes.toChar(token.end);
    parts.push({ start, end });
    start = end;
  }
  if (skipTrivia(piece, start) < piece.length) parts.push({ start, end: piece.length });
  return parts;
}

/**
 * The identifiers of a statement as written, before Postgres's scanner cuts them to 63 bytes
 * (the parse tree only ever holds the cut form): quotes removed, unquoted ones folded to lower
 * case, as Postgres does. Empty when the scanner rejects the text.
 */
export async function identifiersAsWritten(text: string): Promise<string[]> {
  const api = await loadParser();
  let tokens;
  try {
    tokens = api.scanSync(text).tokens;
  } catch {
    // Only reached for text the parser accepted, which the scanner accepts too.
    return [];
  }
  const bytes = Buffer.from(text, 'utf8');
  return tokens
    .filter((t) => t.tokenName === 'IDENT')
    .map((t) => {
      const raw = bytes.subarray(t.start, t.end).toString('utf8');
      return raw.startsWith('"') ? raw.slice(1, -1).replace(/""/g, '"') : raw.toLowerCase();
    });
}
