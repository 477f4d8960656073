/**
 * The corpus results as markdown: one row per repository, the overall line, the truth classes, and
 * every disagreement (commit, config, truth, verdict, the tool's first line). Never repository content.
 */
import { compare, RAN, toolVerdict } from './judge.mjs';
import { median } from './proc.mjs';

/** Flattens commit results into cases (one per commit and Postgres project). */
export function cases(results, buildId) {
  const out = [];
  for (const r of results) {
    const tool = r.tool?.[buildId];
    for (const p of r.projects ?? []) {
      const verdict = tool ? toolVerdict(tool.facts?.[p.config]) : null;
      const cmp = p.truth && verdict ? compare(p.truth.cls, verdict.claim) : null;
      out.push({ repo: r.repo, commit: r.commit, config: p.config, setupFailed: !!p.setupFailed, reason: p.setupFailed, truth: p.truth?.cls, kit: p.truth?.kit, genMs: p.truth?.ms, toolMs: tool?.ms, toolCode: tool?.code, verdict, cmp, ratio: r.ratio?.[buildId] });
    }
  }
  return out;
}

function row(name, cs, commits) {
  const ran = cs.filter((c) => c.cmp);
  const agree = ran.filter((c) => c.cmp.agree).length;
  const pct = ran.length ? `${((100 * agree) / ran.length).toFixed(1)}%` : 'n/a';
  const ratios = commits.map((c) => c.ratio).filter((x) => Number.isFinite(x));
  const med = median(ratios);
  const by = (cls) => cs.filter((c) => c.truth === cls).length;
  return `| ${name} | ${new Set(cs.map((c) => c.commit)).size} | ${cs.filter((c) => c.setupFailed).length} | ${by('error') + by('timeout')} | ${by('new')} / ${by('none')} / ${by('refused')} / ${by('ambiguous')} | ${agree}/${ran.length} (${pct}) | ${ran.filter((c) => c.cmp.exit2).length} | ${ran.filter((c) => c.cmp.falseClean).length} | ${ran.filter((c) => c.cmp.falseDrift).length} | ${med === null ? 'n/a' : `${med.toFixed(2)}x`} |`;
}

export function markdown({ results, buildId, tool, repos, date }) {
  const all = cases(results, buildId);
  const perCommit = results.map((r) => ({ repo: r.repo, ratio: r.ratio?.[buildId] }));
  const lines = [];
  lines.push('# Corpus of real projects: nexiom-lint against drizzle-kit generate', '');
  lines.push(`Run ${date} with \`node bench/corpus.mjs\`, tool \`${tool}\` (build ${buildId}).`, '');
  lines.push('| repository | commits | setup failed | schema did not load | truth new / none / refused / ambiguous | agreement | exit 2 | false clean | false drift | median tool/generate |');
  lines.push('|---|---|---|---|---|---|---|---|---|---|');
  for (const repo of repos) {
    lines.push(row(repo, all.filter((c) => c.repo === repo), perCommit.filter((c) => c.repo === repo)));
  }
  lines.push(row('**overall**', all, perCommit));
  lines.push('');
  const ran = all.filter((c) => c.cmp);
  lines.push(`${ran.length} cases (a commit x a Postgres drizzle config) where generate ran on ${new Set(ran.map((c) => c.repo)).size} repositories.`, '');
  const versions = {};
  for (const c of ran) versions[c.kit?.split('.').slice(0, 2).join('.') ?? '?'] = (versions[c.kit?.split('.').slice(0, 2).join('.') ?? '?'] ?? 0) + 1;
  lines.push(`drizzle-kit lines among them: ${Object.entries(versions).sort().map(([v, n]) => `${v} (${n})`).join(', ')}.`, '');
  const claims = {};
  for (const c of ran) {
    const k = `${c.truth} → ${c.verdict.claim}`;
    claims[k] = (claims[k] ?? 0) + 1;
  }
  lines.push('| truth → tool verdict | cases |', '|---|---|');
  for (const [k, n] of Object.entries(claims).sort((a, b) => b[1] - a[1])) lines.push(`| ${k} | ${n} |`);
  lines.push('');
  const bad = ran.filter((c) => !c.cmp.agree);
  lines.push(`## Disagreements (${bad.length})`, '');
  if (bad.length) {
    lines.push('| repository | commit | config | drizzle-kit | truth | tool | tool exit | first line of the tool |', '|---|---|---|---|---|---|---|---|');
    for (const c of bad) lines.push(`| ${c.repo} | ${c.commit.slice(0, 10)} | ${c.config} | ${c.kit} | ${c.truth} | ${c.verdict.claim} | ${c.toolCode} | ${(c.verdict.message || '').replace(/\|/g, '\\|').replace(/`/g, "'")} |`);
    lines.push('');
  }
  const failed = all.filter((c) => c.setupFailed || !RAN.has(c.truth ?? ''));
  lines.push(`## Not compared (${failed.length}): setup failures and schemas that generate could not load`, '');
  if (failed.length) {
    lines.push('| repository | commit | config | why | tool verdict |', '|---|---|---|---|---|');
    for (const c of failed) lines.push(`| ${c.repo} | ${c.commit.slice(0, 10)} | ${c.config} | ${c.setupFailed ? `setup: ${c.reason}` : `generate ${c.truth}`} | ${c.verdict?.claim ?? '-'} |`.replace(/`/g, "'"));
    lines.push('');
  }
  return lines.join('\n');
}
