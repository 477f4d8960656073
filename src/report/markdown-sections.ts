/**
 * The parts of the PR comment: findings by severity, how to fix each failing rule, the schema
 * changes table and the migrations' SQL. Each part takes a limit so the composer (`markdown.ts`)
 * can shrink the comment to GitHub's size limit, least important part first.
 */
import type { Finding } from '../rules/types.js';
import { failing, type Severity } from '../engine/severity.js';
import { ruleDocsUrl } from '../rules/docs.js';
import type { MigrationReview, ProjectReview, SchemaChange } from '../review/types.js';
import { cell, code, fence, html, plural, text } from './md.js';
import { whatPostgresDid } from '../trace/describe.js';

const SEVERITY_TITLE: Record<Severity, string> = { error: '❌ Errors', warning: '⚠️ Warnings', info: 'ℹ️ Notes' };
/** A finding's message is one line in a list: a rule that writes a novel is cut, not the comment. */
const MESSAGE_MAX = 600;

export interface Links {
  blobBase?: string;
}

export function fileLink(file: string, line: number | undefined, links: Links): string {
  const label = code(line !== undefined ? `${file}:${line}` : file);
  if (!links.blobBase) return label;
  const url = `${links.blobBase}/${file.split('/').map(encodeURIComponent).join('/')}${line !== undefined ? `#L${line}` : ''}`;
  return `[${label}](${url})`;
}

function clip(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}

/** Findings grouped by severity, each with its rule (linked to the docs) and its place. */
export function findingsSection(findings: Finding[], max: number, links: Links): string[] {
  const lines: string[] = [];
  let shown = 0;
  for (const severity of ['error', 'warning', 'info'] as const) {
    const group = findings.filter((f) => f.severity === severity);
    if (!group.length) continue;
    lines.push(`**${SEVERITY_TITLE[severity]} (${group.length})**`, '');
    for (const f of group) {
      if (shown >= max) break;
      shown++;
      const where = f.file ? ` · ${fileLink(f.file, f.line, links)}` : '';
      lines.push(`- [${code(f.ruleId)}](${ruleDocsUrl(f.ruleId)})${where}  `);
      lines.push(`  ${text(clip(f.message.replace(/\s*\n\s*/g, ' '), MESSAGE_MAX))}`);
      const did = whatPostgresDid(f);
      if (did) lines[lines.length - 1] += '  ';
      if (did) lines.push(`  _What Postgres did (--trace):_ ${text(clip(did, MESSAGE_MAX))}`);
      if (f.details) {
        // Rules put the evidence here (SQL that would be generated, the drifted columns ...).
        lines.push(
          '',
          '  <details><summary>Details</summary>',
          '',
          indent(fence(clip(f.details, 4000)), '  '),
          '',
          '  </details>',
        );
      }
    }
    lines.push('');
  }
  if (shown < findings.length) {
    lines.push(
      `_… and ${plural(findings.length - shown, 'more finding')}, left out to fit GitHub's comment size limit: see the job log._`,
      '',
    );
  }
  return lines;
}

function indent(block: string, prefix: string): string {
  return block
    .split('\n')
    .map((l) => (l ? prefix + l : l))
    .join('\n');
}

/** One entry per failing rule: what to do (its findings' help, deduplicated) and where to read more. */
export function howToFixSection(findings: Finding[], failOn: Severity): string[] {
  const failed = failing(findings, failOn);
  if (!failed.length) return [];
  const byRule = new Map<string, Set<string>>();
  for (const f of failed) {
    const helps = byRule.get(f.ruleId) ?? new Set<string>();
    if (f.help) helps.add(f.help);
    byRule.set(f.ruleId, helps);
  }
  const lines = ['**How to fix**', ''];
  for (const [ruleId, helps] of [...byRule].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const advice = [...helps].slice(0, 3).map((h) => text(clip(h, MESSAGE_MAX)));
    const more = `[why and how](${ruleDocsUrl(ruleId)})`;
    lines.push(`- **${ruleId}**: ${advice.length ? `${advice.join(' ')} ${more}` : `see ${more}.`}`);
  }
  lines.push('');
  return lines;
}

/** A no-break space keeps the mark and the word together in a narrow table column. */
const ACTION_LABEL: Record<SchemaChange['action'], string> = {
  added: '➕\u00a0added',
  altered: '✏️\u00a0altered',
  renamed: '🔀\u00a0renamed',
  dropped: '🗑️\u00a0dropped',
};

function objectLabel(c: SchemaChange): string {
  return c.table !== undefined ? `${c.kind} ${code(`${c.table}.${c.name}`)}` : `${c.kind} ${code(c.name)}`;
}

/** The definition column: the new definition, the old one, or old → new with what changed. */
function definition(c: SchemaChange): string {
  const codes = (items: string[]) => items.map((d) => code(d)).join('<br>');
  switch (c.action) {
    case 'added':
      return c.kind === 'table' && c.details?.length ? codes(c.details) : c.after ? code(c.after) : '';
    case 'dropped':
      return c.kind === 'table'
        ? `${c.before ?? ''}: ${(c.details ?? []).map((d) => code(d.split(' ')[0]!)).join(', ')}`
        : c.before
          ? code(c.before)
          : '';
    default: {
      const change = c.before !== undefined && c.after !== undefined ? `${code(c.before)} → ${code(c.after)}` : '';
      const what = (c.details ?? []).filter((d) => !d.startsWith('renamed from'));
      return `${change}${what.length ? ` (${what.map((d) => text(d)).join(', ')})` : ''}`;
    }
  }
}

export function changesSection(changes: SchemaChange[], max: number): string[] {
  if (!changes.length) return [];
  const shown = changes.slice(0, max);
  const lines = [
    `**Schema changes** (${plural(changes.length, 'change')}, from the migration snapshots)`,
    '',
    '| Change | Object | Definition |',
    '| --- | --- | --- |',
  ];
  for (const c of shown) lines.push(`| ${ACTION_LABEL[c.action]} | ${cell(objectLabel(c))} | ${cell(definition(c))} |`);
  if (shown.length < changes.length) {
    lines.push(
      '',
      `_… and ${plural(changes.length - shown.length, 'more change')}, left out to fit GitHub's comment size limit._`,
    );
  }
  lines.push('');
  return lines;
}

const MIGRATION_LABEL: Record<MigrationReview['status'], string> = {
  added: 'new',
  modified: 'changed',
  deleted: 'deleted',
};

/** Each migration with its SQL folded away; `sqlMax` null shows all of it, 0 none. */
export function migrationsSection(migrations: MigrationReview[], sqlMax: number | null, links: Links): string[] {
  if (!migrations.length) return [];
  const lines = ['**Migrations** (the SQL `db:migrate` will run, in order)', ''];
  for (const m of migrations) {
    const label = `${MIGRATION_LABEL[m.status]}: <code>${html(m.sqlFile)}</code>${m.status === 'deleted' ? '' : ` · ${plural(m.statements, 'statement')}`}`;
    if (m.status === 'deleted' || m.sql === undefined) {
      lines.push(`- ${label}`);
      continue;
    }
    if (sqlMax === 0) {
      lines.push(
        `- ${label}: SQL left out to fit GitHub's comment size limit, see ${fileLink(m.sqlFile, undefined, links)}`,
      );
      continue;
    }
    const sql =
      sqlMax !== null && m.sql.length > sqlMax
        ? `${m.sql.slice(0, sqlMax)}\n-- … cut here to fit GitHub's comment size limit: ${m.sqlFile} has the rest`
        : m.sql;
    lines.push('<details>', `<summary>${label}</summary>`, '', fence(sql, 'sql'), '', '</details>', '');
  }
  if (lines[lines.length - 1] !== '') lines.push('');
  return lines;
}

/** `2 errors, 1 warning`: the counts that are not zero. */
export function counts(findings: Finding[]): string {
  const parts: string[] = [];
  for (const [severity, word] of [
    ['error', 'error'],
    ['warning', 'warning'],
    ['info', 'note'],
  ] as const) {
    const n = findings.filter((f) => f.severity === severity).length;
    if (n) parts.push(plural(n, word));
  }
  return parts.join(', ');
}

/** The project's own verdict, for its heading. */
export function projectVerdict(findings: Finding[], failOn: Severity): string {
  if (failing(findings, failOn).length) return `❌ ${counts(findings)}`;
  if (findings.length) return `⚠️ ${counts(findings)}, nothing blocking`;
  return '✅ passes';
}

export type { ProjectReview };
