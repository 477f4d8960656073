/**
 * Small readers over libpg-query's parse tree (the JSON form of Postgres's own nodes), so rules
 * read as what they check rather than as tree walking.
 *
 * Shapes used here, as libpg-query 18 prints them:
 *   RangeVar  { schemaname?: 'app', relname: 'users' }            ("app"."users")
 *   TypeName  { names: [{ String: { sval: 'pg_catalog' } }, { String: { sval: 'int4' } }],
 *               typmods?: [{ A_Const: { ival: { ival: 255 } } }], arrayBounds?: [...] }
 *   String    { String: { sval: 'email' } }
 * Unquoted identifiers arrive folded to lower case, quoted ones as written.
 */
import type { AlterTableCmd, AlterTableStmt, ColumnDef, Constraint, Node, RangeVar, TypeName } from 'libpg-query';
import { body } from './parse.js';

/** `public.users` for `"users"` and `"public"."users"`: the key tables are matched by. */
export function relationKey(rel: RangeVar | undefined): string {
  return `${rel?.schemaname ?? 'public'}.${rel?.relname ?? ''}`;
}

/** How to show a table in a message: `"users"`, `"app"."things"`. */
export function relationLabel(rel: RangeVar | undefined): string {
  return rel?.schemaname ? `"${rel.schemaname}"."${rel.relname}"` : `"${rel?.relname ?? ''}"`;
}

/** The `sval`s of a list of `String` nodes: a qualified name as its parts. */
export function names(nodes: Node[] | undefined): string[] {
  return (nodes ?? []).map((n) => (n as { String?: { sval?: string } }).String?.sval ?? '');
}

/** `"public"."status"` from a qualified name list. */
export function qualifiedLabel(nodes: Node[] | undefined): string {
  return names(nodes)
    .map((n) => `"${n}"`)
    .join('.');
}

/** The key of a qualified name (type, index): `public.status` when no schema is given. */
export function qualifiedKey(nodes: Node[] | undefined): string {
  const parts = names(nodes);
  return parts.length > 1 ? parts.slice(-2).join('.') : `public.${parts[0] ?? ''}`;
}

/** The type's own name, without `pg_catalog`: `int4`, `varchar`, `timestamptz`, `serial`, `status`. */
export function typeBaseName(type: TypeName | undefined): string {
  const parts = names(type?.names);
  return parts[parts.length - 1] ?? '';
}

export function typeSchema(type: TypeName | undefined): string | undefined {
  const parts = names(type?.names);
  return parts.length > 1 ? parts[parts.length - 2] : undefined;
}

/** Integer type modifiers: `[255]` for varchar(255), `[10, 2]` for numeric(10,2). */
export function typeModifiers(type: TypeName | undefined): number[] {
  return (type?.typmods ?? []).map((n) => {
    const value = (n as { A_Const?: { ival?: { ival?: number } } }).A_Const?.ival;
    return value ? (value.ival ?? 0) : Number.NaN;
  });
}

export function isArrayType(type: TypeName | undefined): boolean {
  return (type?.arrayBounds?.length ?? 0) > 0;
}

/** Names Postgres gives the built-in types drizzle-kit writes, for messages and snapshots. */
const DISPLAY: Record<string, string> = {
  int2: 'smallint',
  int4: 'integer',
  int8: 'bigint',
  float4: 'real',
  float8: 'double precision',
  bool: 'boolean',
  bpchar: 'char',
  timestamptz: 'timestamp with time zone',
  timestamp: 'timestamp',
  timetz: 'time with time zone',
};

/** `varchar(255)`, `integer`, `timestamp with time zone`, `text[]`: the type as drizzle snapshots spell it. */
export function typeLabel(type: TypeName | undefined): string {
  const base = typeBaseName(type);
  const shown = DISPLAY[base] ?? base;
  const mods = typeModifiers(type);
  const withMods = mods.length && mods.every((m) => Number.isFinite(m)) ? `${shown}(${mods.join(',')})` : shown;
  return withMods + '[]'.repeat(type?.arrayBounds?.length ?? 0);
}

/**
 * Visits every object in a subtree (depth first). The callback gets each node's wrapper key and
 * body (`'FuncCall', {...}`); return false to skip a subtree.
 */
export function walk(value: unknown, visit: (kind: string, body: Record<string, unknown>) => boolean | void): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, visit);
    return;
  }
  if (!value || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  // Hot path (every statement of every migration): for-in and a char test, no allocations.
  for (const key in record) {
    const child = record[key];
    if (!child || typeof child !== 'object') continue;
    const first = key.charCodeAt(0);
    if (first >= 65 && first <= 90 && !Array.isArray(child)) {
      if (visit(key, child as Record<string, unknown>) === false) continue;
    }
    walk(child, visit);
  }
}

/** Every string constant in a subtree (`'draft'` in `DEFAULT 'draft'`, `WHERE status = 'draft'`). */
export function stringConstants(value: unknown): string[] {
  const out: string[] = [];
  walk(value, (kind, b) => {
    if (kind === 'A_Const') {
      const sval = (b as { sval?: { sval?: string } }).sval;
      if (sval?.sval !== undefined) out.push(sval.sval);
    }
  });
  return out;
}

/** The name of a called function and its schema, if any: `gen_random_uuid`, `public.my_fn`. */
export function functionNames(value: unknown): Array<{ name: string; schema?: string }> {
  const out: Array<{ name: string; schema?: string }> = [];
  walk(value, (kind, b) => {
    if (kind === 'FuncCall') {
      const parts = names((b as { funcname?: Node[] }).funcname);
      const name = parts[parts.length - 1] ?? '';
      out.push(parts.length > 1 ? { name, schema: parts[parts.length - 2]! } : { name });
    }
  });
  return out;
}

/** True for expressions Postgres runs per row that are not function calls: subqueries. */
export function hasSubquery(value: unknown): boolean {
  let found = false;
  walk(value, (kind) => {
    if (kind === 'SubLink') found = true;
  });
  return found;
}

const NO_COMMANDS: ReadonlyArray<{ stmt: AlterTableStmt; cmd: AlterTableCmd }> = [];
const commandsOf = new WeakMap<Node, ReadonlyArray<{ stmt: AlterTableStmt; cmd: AlterTableCmd }>>();

/** The sub-commands of an `ALTER TABLE` (one statement may carry several, comma-separated). */
export function alterTableCommands(node: Node): ReadonlyArray<{ stmt: AlterTableStmt; cmd: AlterTableCmd }> {
  const stmt = body(node, 'AlterTableStmt');
  if (!stmt) return NO_COMMANDS;
  // Most rules ask for every statement: computed once per statement.
  let commands = commandsOf.get(node);
  if (!commands) {
    commands = (stmt.cmds ?? []).flatMap((c) => {
      const cmd = body(c, 'AlterTableCmd');
      return cmd ? [{ stmt, cmd }] : [];
    });
    commandsOf.set(node, commands);
  }
  return commands;
}

/** The `Constraint` bodies of a list (column constraints, table elements ...). */
export function constraintsOf(nodes: Node[] | undefined): Constraint[] {
  return (nodes ?? []).flatMap((n) => {
    const c = body(n, 'Constraint');
    return c ? [c] : [];
  });
}

/** A column definition's type, default expression and constraints, whichever way they were written. */
export function columnDefault(col: ColumnDef): Node | undefined {
  return col.raw_default ?? constraintsOf(col.constraints).find((c) => c.contype === 'CONSTR_DEFAULT')?.raw_expr;
}
