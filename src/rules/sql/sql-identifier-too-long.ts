/**
 * Postgres cuts identifiers to 63 bytes (NAMEDATALEN - 1) with only a NOTICE. The database then
 * holds another name than the snapshot drizzle-kit wrote, so introspection (`drizzle-kit pull`,
 * `push`) sees a difference that is not there, and two long names that share their first 63
 * bytes collide: the second `ADD CONSTRAINT` fails with "already exists". drizzle-kit's generated
 * foreign key names (`<table>_<column>_<table>_<column>_fk`) reach 63 bytes easily.
 *
 * The parse tree only holds names already cut (the scanner truncates), so a defined name of
 * exactly 63 bytes is looked up among the statement's identifiers as written.
 */
import type { Node, RangeVar } from 'libpg-query';
import { defineRule, type RuleContext } from '../types.js';
import { alterTableCommands, constraintsOf, names, relationKey } from '../../sql/ast.js';
import type { StatementRef } from '../../sql/analysis.js';
import { body, identifiersAsWritten } from '../../sql/parse.js';

export default defineRule({
  meta: {
    id: 'sql-identifier-too-long',
    description: 'An identifier over 63 bytes: Postgres silently truncates it, and truncated names can collide.',
    defaultSeverity: 'warning',
    category: 'sql',
    scope: 'project',
  },
  check,
});

const MAX_BYTES = 63;

interface DefinedName {
  kind: string;
  name: string;
  location: number | undefined;
  /** Where the name must be unique: the table for columns and constraints, the schema for relations. */
  scope: string;
}

/** The names a statement gives to new objects (not the names it merely refers to). */
function definedNames(node: Node): DefinedName[] {
  const out: DefinedName[] = [];
  const columns = (table: string, elts: Node[] | undefined) => {
    for (const e of elts ?? []) {
      const col = body(e, 'ColumnDef');
      if (col) {
        out.push({ kind: 'column', name: col.colname ?? '', location: col.location, scope: table });
        for (const c of constraintsOf(col.constraints)) {
          if (c.conname) out.push({ kind: 'constraint', name: c.conname, location: c.location, scope: table });
        }
      }
      const con = body(e, 'Constraint');
      if (con?.conname) out.push({ kind: 'constraint', name: con.conname, location: con.location, scope: table });
    }
  };
  const relation = (kind: string, rel: RangeVar | undefined) =>
    out.push({ kind, name: rel?.relname ?? '', location: rel?.location, scope: rel?.schemaname ?? 'public' });
  const create = body(node, 'CreateStmt');
  if (create) {
    relation('table', create.relation);
    columns(relationKey(create.relation), create.tableElts);
  }
  for (const { stmt, cmd } of alterTableCommands(node)) {
    if (cmd.subtype === 'AT_AddColumn' || cmd.subtype === 'AT_AddConstraint') {
      columns(relationKey(stmt.relation), [cmd.def!]);
    }
  }
  const index = body(node, 'IndexStmt');
  if (index?.idxname) relation('index', { ...index.relation, relname: index.idxname });
  const rename = body(node, 'RenameStmt');
  if (rename?.newname) {
    out.push({ kind: 'name', name: rename.newname, location: undefined, scope: relationKey(rename.relation) });
  }
  const enumType = body(node, 'CreateEnumStmt');
  if (enumType) {
    const parts = names(enumType.typeName);
    out.push({ kind: 'type', name: parts[parts.length - 1] ?? '', location: undefined, scope: 'types' });
  }
  const schema = body(node, 'CreateSchemaStmt');
  if (schema?.schemaname) out.push({ kind: 'schema', name: schema.schemaname, location: undefined, scope: 'schemas' });
  const view = body(node, 'ViewStmt');
  if (view) relation('view', view.view);
  const seq = body(node, 'CreateSeqStmt');
  if (seq) relation('sequence', seq.sequence);
  return out;
}

function truncate(name: string): string {
  const bytes = Buffer.from(name, 'utf8');
  let end = MAX_BYTES;
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--; // never cut a UTF-8 character in half
  return bytes.subarray(0, end).toString('utf8');
}

async function check(ctx: RuleContext): Promise<void> {
  const { reportAt, sqlAnalysis } = await import('../../sql/analysis.js');
  const analysis = await sqlAnalysis(ctx);
  // Cut name → the full name that produced it first, per unit (one transaction) and namespace.
  const seen = new Map<string, { name: string; at: StatementRef }>();
  for (const at of analysis.statements) {
    const defined = definedNames(at.statement.node).filter((d) => Buffer.byteLength(d.name, 'utf8') === MAX_BYTES);
    if (!defined.length) continue;
    const written = await identifiersAsWritten(at.statement.text);
    for (const { kind, name: short, location, scope } of defined) {
      const name = written.find((w) => Buffer.byteLength(w, 'utf8') > MAX_BYTES && truncate(w) === short);
      if (!name) continue;
      const key = `${at.migration.unit}:${kind === 'column' || kind === 'constraint' ? kind : 'relation'}:${scope}:${short}`;
      const earlier = seen.get(key);
      if (!earlier) seen.set(key, { name, at });
      const collides = earlier && earlier.name !== name;
      reportAt(ctx, at, {
        line: at.statement.lineAt(location),
        severity: collides ? 'error' : undefined,
        message: collides
          ? `The ${kind} name "${name}" and "${earlier.name}" (line ${earlier.at.statement.line}) are both cut to "${short}": the second one fails with "already exists".`
          : `The ${kind} name "${name}" is ${Buffer.byteLength(name, 'utf8')} bytes; Postgres silently cuts it to "${short}".`,
        help:
          kind === 'constraint'
            ? "Name it yourself in the schema, under 63 bytes: `foreignKey({ name: '...', columns: [...], foreignColumns: [...] })`, or `.unique('...')`."
            : 'Choose a name of at most 63 bytes in the schema.',
      });
    }
  }
}
