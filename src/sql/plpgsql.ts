/**
 * The SQL a `DO` block runs, found with libpg-query's PL/pgSQL parser, so the rules judge it like
 * any other statement of the migration. drizzle-kit before 0.30 wrapped every foreign key in
 *
 *   DO $$ BEGIN
 *    ALTER TABLE "posts" ADD CONSTRAINT "posts_user_id_fk" FOREIGN KEY ... ;
 *   EXCEPTION
 *    WHEN duplicate_object THEN null;
 *   END $$;
 *
 * and hand-written data migrations often loop or branch in one. `parsePlPgSQLSync` of the `DO`
 * statement returns the block's tree; each `PLpgSQL_stmt_execsql` holds the statement's source
 * text and its line counted from the first line of the body (the text right after the opening
 * `$$`). The text is found again in the body from that line, which gives its offset in the file,
 * and it is parsed as SQL on its own. A condition that queries (`IF EXISTS (SELECT ... FROM t)`)
 * is read as `SELECT <condition>`: it scans what it names while the migration's locks are held. `EXECUTE 'literal'` is read the same way; `EXECUTE` of
 * anything else (`format(...)`, a variable) cannot be known before it runs and is left alone.
 *
 * Function bodies (`CREATE FUNCTION ... $$ ... $$`) are not expanded: their statements run when the
 * function is called (a trigger fires, the app calls it), not while the migration holds its locks.
 */
import type { Node } from 'libpg-query';

export interface EmbeddedSql {
  /** The statement's text as found in the file. */
  text: string;
  /** Its character offset in the `DO` statement's text. */
  offset: number;
  /** True when the text is the content of a quoted literal with doubled quotes (`''`) in it. */
  escaped: boolean;
  /**
   * Put before `text` to make it a statement (not in the file): an `IF` / `ELSIF` / `WHILE`
   * condition is an expression, run as `SELECT <condition>`, and it reads the tables it names.
   */
  prefix?: string;
}

/** The PL/pgSQL statements whose `cond` expression runs as a query (a full read of a table, say). */
const CONDITIONS = new Set(['PLpgSQL_stmt_if', 'PLpgSQL_if_elsif', 'PLpgSQL_stmt_while']);

interface PlApi {
  parsePlPgSQLSync(query: string): unknown;
}

/** The body of `DO $$ ... $$` and its language, from the DoStmt's options. */
function doBody(node: Node): { body: string; language: string } | null {
  const args = (node as { DoStmt?: { args?: Node[] } }).DoStmt?.args;
  if (!args) return null;
  let body: string | undefined;
  let language = 'plpgsql';
  for (const arg of args) {
    const def = (arg as { DefElem?: { defname?: string; arg?: { String?: { sval?: string } } } }).DefElem;
    const value = def?.arg?.String?.sval;
    if (def?.defname === 'as') body = value;
    else if (def?.defname === 'language' && value) language = value.toLowerCase();
  }
  return body === undefined ? null : { body, language };
}

/** Character offset of the start of 1-based `line` in `text`. */
function lineStart(text: string, line: number): number {
  let at = 0;
  for (let n = 1; n < line; n++) {
    const next = text.indexOf('\n', at);
    if (next === -1) return at;
    at = next + 1;
  }
  return at;
}

/** `'ALTER TABLE ...'` → its content; null for anything but one plain (or E'') string literal. */
function literalContent(expr: string): { content: string; lead: number } | null {
  const match = /^(\s*[eE]?')((?:[^']|'')*)'\s*$/.exec(expr);
  if (!match || (/^\s*[eE]/.test(match[1]!) && match[2]!.includes('\\'))) return null;
  return { content: match[2]!, lead: match[1]!.length };
}

/**
 * The statements a `DO` block runs, in body order, with their offsets in `doText` (the DO
 * statement's text). Empty for other languages or a block the PL/pgSQL parser rejects (Postgres
 * reports that when the migration runs; sql-syntax only covers the outer statement).
 */
export function embeddedStatements(api: PlApi, node: Node, doText: string): EmbeddedSql[] {
  const found = doBody(node);
  if (!found || found.language !== 'plpgsql') return [];
  const bodyAt = doText.indexOf(found.body);
  if (bodyAt === -1 || !found.body.trim()) return [];
  let tree: unknown;
  try {
    tree = api.parsePlPgSQLSync(doText);
  } catch {
    return [];
  }
  const out: EmbeddedSql[] = [];
  walkPl(tree, (kind, b) => {
    const lineno = typeof b.lineno === 'number' ? b.lineno : 1;
    if (kind === 'PLpgSQL_stmt_execsql') {
      const query = (b.sqlstmt as { PLpgSQL_expr?: { query?: string } } | undefined)?.PLpgSQL_expr?.query;
      const at = query ? locate(found.body, query, lineno) : -1;
      if (query && at !== -1) out.push({ text: query, offset: bodyAt + at, escaped: false });
    } else if (CONDITIONS.has(kind)) {
      const query = (b.cond as { PLpgSQL_expr?: { query?: string } } | undefined)?.PLpgSQL_expr?.query;
      const at = query && /\bselect\b/i.test(query) ? locate(found.body, query, lineno) : -1;
      if (query && at !== -1) out.push({ text: query, offset: bodyAt + at, escaped: false, prefix: 'SELECT ' });
    } else if (kind === 'PLpgSQL_stmt_dynexecute') {
      const expr = (b.query as { PLpgSQL_expr?: { query?: string } } | undefined)?.PLpgSQL_expr?.query;
      const literal = expr ? literalContent(expr) : null;
      const at = expr && literal ? locate(found.body, expr, lineno) : -1;
      if (literal && at !== -1) {
        out.push({
          text: literal.content,
          offset: bodyAt + at + literal.lead,
          escaped: literal.content.includes("''"),
        });
      }
    }
  });
  return out.sort((a, b) => a.offset - b.offset);
}

/**
 * Visits every `{ Kind: {...} }` node of the PL/pgSQL tree in order (ast.ts has the same for SQL
 * trees, but importing it here would make parse.ts import itself through it).
 */
function walkPl(value: unknown, visit: (kind: string, body: Record<string, unknown>) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) walkPl(item, visit);
    return;
  }
  if (!value || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    if (!child || typeof child !== 'object') continue;
    if (key.startsWith('PLpgSQL_') && !Array.isArray(child)) visit(key, child as Record<string, unknown>);
    walkPl(child, visit);
  }
}

/** Where `query` is in `body`, searched from its line on (then anywhere); -1 if not found. */
function locate(body: string, query: string, lineno: number): number {
  const from = body.indexOf(query, lineStart(body, lineno));
  return from !== -1 ? from : body.indexOf(query);
}

/** `''` → `'` in the content of a literal, as Postgres reads it. */
export function unescapeLiteral(text: string): string {
  return text.replace(/''/g, "'");
}
