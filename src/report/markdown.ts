/**
 * `--format markdown`: the PR comment body (and the job summary). Per drizzle project: its verdict,
 * the findings by severity with links to the rule docs, how to fix each failing rule, the schema
 * changes read from the snapshots, and each new migration's SQL folded away.
 *
 * The body must stay under GitHub's 65,536-character limit on any PR: it is rendered at
 * decreasing levels of detail (SQL cut, then SQL left out, then fewer change rows, then fewer
 * findings) until it fits, so the verdict and the findings are the last things to go. Nothing in
 * it changes from run to run unless the result does (no timestamps), so an unchanged PR gives an
 * unchanged comment.
 */
import type { LintResult } from '../engine/run.js';
import type { Finding } from '../rules/types.js';
import { failing, failOnOf, type Severity } from '../engine/severity.js';
import type { ProjectReview } from '../review/types.js';
import { DOCS_BASE } from '../rules/docs.js';
import { TOOL } from '../messages.js';
import { code, plural } from './md.js';
import {
  changesSection,
  counts,
  findingsSection,
  howToFixSection,
  migrationsSection,
  projectVerdict,
  type Links,
} from './markdown-sections.js';
import type { Reporter, ReportOptions } from './types.js';

/** GitHub rejects issue comments over 65,536 characters; keep room for the marker and a margin. */
export const GITHUB_COMMENT_LIMIT = 65_536;
const BUDGET = GITHUB_COMMENT_LIMIT - 1_536;

/** The hidden first line that lets `--comment` find its own comment again (and only its own). */
export function commentMarker(id: string): string {
  return `<!-- ${TOOL}:${id.replace(/--+/g, '-').replace(/[<>]/g, '')} -->`;
}

interface Level {
  sqlMax: number | null;
  changeRows: number;
  findings: number;
  note?: string;
}

const LEVELS: Level[] = [
  { sqlMax: null, changeRows: Infinity, findings: Infinity },
  { sqlMax: 6_000, changeRows: Infinity, findings: Infinity, note: 'long migrations are cut' },
  { sqlMax: 1_500, changeRows: Infinity, findings: Infinity, note: 'long migrations are cut' },
  { sqlMax: 0, changeRows: Infinity, findings: Infinity, note: 'the migrations’ SQL is left out' },
  { sqlMax: 0, changeRows: 60, findings: Infinity, note: 'the migrations’ SQL and some schema changes are left out' },
  { sqlMax: 0, changeRows: 0, findings: 200, note: 'the SQL, the schema changes and some findings are left out' },
  { sqlMax: 0, changeRows: 0, findings: 40, note: 'the SQL, the schema changes and most findings are left out' },
];

interface Section {
  configFile: string | null;
  findings: Finding[];
  review?: ProjectReview;
}

/**
 * One section per project with something to say: failing projects first (what the reviewer must
 * act on), then those with warnings, then the rest; by config path within each group, and
 * repository-wide findings last in theirs.
 */
function sections(result: LintResult, failOn: Severity): Section[] {
  const byProject = new Map<string | null, Section>();
  const section = (configFile: string | null) => {
    let s = byProject.get(configFile);
    if (!s) {
      s = { configFile, findings: [] };
      byProject.set(configFile, s);
    }
    return s;
  };
  for (const review of result.review?.projects ?? []) section(review.configFile).review = review;
  for (const f of result.findings) section(f.project ?? null).findings.push(f);
  const rank = (s: Section) => (failing(s.findings, failOn).length ? 0 : s.findings.length ? 1 : 2);
  const name = (s: Section) => (s.configFile === null ? '\uffff' : s.configFile);
  return [...byProject.values()].sort(
    (a, b) => rank(a) - rank(b) || (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0),
  );
}

function headline(result: LintResult, failOn: Severity): string {
  const failed = failing(result.findings, failOn);
  if (failed.length) return `## ❌ ${TOOL}: ${counts(result.findings)}`;
  if (result.findings.length) return `## ⚠️ ${TOOL}: ${counts(result.findings)}, nothing blocking`;
  return `## ✅ ${TOOL}: no problems`;
}

function verdictLine(result: LintResult, failOn: Severity): string {
  const failed = failing(result.findings, failOn);
  if (failed.length) {
    const rules = [...new Set(failed.map((f) => f.ruleId))].sort();
    return `**Fix before merging**: ${rules.map((r) => code(r)).join(', ')} ${rules.length === 1 ? 'fails' : 'fail'}. How to fix is under each project.`;
  }
  const changed = (result.review?.projects ?? []).some((p) => p.changes.length || p.migrations.length);
  return changed
    ? 'The migrations and the schema change agree. Review the schema changes and the SQL below before merging.'
    : 'No schema or migration change to review in this pull request.';
}

function render(result: LintResult, options: ReportOptions, level: Level): string {
  const failOn = failOnOf(options.failOn, result.failOn);
  const links: Links = options.blobBase ? { blobBase: options.blobBase } : {};
  const lines: string[] = [
    commentMarker(options.commentId ?? 'repo'),
    headline(result, failOn),
    '',
    verdictLine(result, failOn),
    '',
  ];
  const where = result.comparison ?? (result.mode === 'all' ? 'the whole project' : '');
  const checked = result.projects.filter((p) => p.checked).length;
  lines.push(
    `<sub>${where ? `Compared ${where.replace(/[<>]/g, '')} · ` : ''}${plural(checked, 'project')} checked</sub>`,
    '',
  );
  if (level.note) {
    lines.push(
      `> ✂️ Shortened to fit GitHub's comment size limit: ${level.note}. Run \`npx --no -- ${TOOL}\` locally or open the job log for everything.`,
      '',
    );
  }
  let findingBudget = level.findings;
  const all = sections(result, failOn);
  for (const s of all) {
    const title = s.configFile === null ? 'Repository' : code(s.configFile);
    lines.push(`### ${title} · ${projectVerdict(s.findings, failOn)}`, '');
    const shown = Math.max(0, Math.min(findingBudget, s.findings.length));
    findingBudget -= shown;
    lines.push(...findingsSection(s.findings, shown, links), ...howToFixSection(s.findings, failOn));
    if (s.review) {
      const r = s.review;
      lines.push(
        ...changesSection(r.changes, level.changeRows),
        ...migrationsSection(r.migrations, level.sqlMax, links),
      );
      if (!r.changes.length && !r.migrations.length && !s.findings.length) {
        lines.push('No schema or migration change in this project.', '');
      }
      for (const note of r.notes) lines.push(`_${note}_`, '');
    }
  }
  const unchecked = result.projects.filter((p) => !p.checked && !all.some((s) => s.configFile === p.configFile));
  if (unchecked.length) {
    lines.push(`_Not affected by this change: ${unchecked.map((p) => code(p.configFile)).join(', ')}._`, '');
  }
  lines.push(
    '---',
    `<sub>${TOOL}${options.version ? ` ${options.version}` : ''} edits this comment on every push · [rules](${DOCS_BASE.replace(/\/rules$/, '')}/rules)</sub>`,
    '',
  );
  return lines.join('\n');
}

export const markdown: Reporter = (result, options) => {
  for (const level of LEVELS) {
    const body = render(result, options, level);
    if (body.length <= BUDGET) return body;
  }
  // Nothing but findings left and still too long (thousands of findings): cut at a line.
  const body = render(result, options, LEVELS[LEVELS.length - 1]!);
  const cut = body.lastIndexOf('\n', BUDGET - 200);
  return `${body.slice(0, cut)}\n\n_… cut here to fit GitHub's comment size limit: see the job log for the rest._\n`;
};
