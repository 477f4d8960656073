/**
 * The corpus results as markdown: one row per repository, the overall line, the truth classes, and
 * every disagreement (commit, config, truth, verdict, the tool's first line). Never repository content.
 */
import { compare, RAN, toolVerdict } from './judge.mjs';
import { median } from './proc.mjs';

/** Schema names (tables, columns) quoted by drizzle-kit's questions stay out of the report. */
function redact(message) {
  return message
    .replace(/\bIs \S+ (\w+) in \S+ table created or renamed/g, 'Is <name> $1 in <table> table created or renamed')
    .replace(/\bIs \S+ (\w+) created or renamed/g, 'Is <name> $1 created or renamed')
    .replace(/\b(table|column|enum|view|sequence|index|constraint)s? ((public|[a-z_]+)\.[\w.]+(, )?)+/g, '$1 <names>');
}

/** Flattens commit results into cases (one per commit and Postgres project). */
export function cases(results, buildId) {
  const out = [];
  for (const r of results) {
    const tool = r.tool?.[buildId];
    for (const p of r.projects ?? []) {
      const verdict = tool ? toolVerdict(tool.facts?.[p.config]) : null;
      // A mirror that lacks a blob the tool's own git diff reads is the mirror's fault, not a verdict.
      const incomplete = /unable to read [0-9a-f]{40}/.test(verdict?.message ?? '')
        ? "the mirror lacks a blob the tool's git diff reads"
        : null;
      const cmp = p.truth && verdict && !incomplete ? compare(p.truth.cls, verdict.claim) : null;
      if (verdict?.message) {
        verdict.message = redact(
          verdict.message
            .replace(/\/[^\s'"]*\/nexiom-corpus\/[^/\s'"]+\//g, '')
            .replace(/\/[^\s'"]*\/nexiom-corpus\/[^/\s'".]+/g, '<checkout>'),
        );
      }
      out.push({
        repo: r.repo,
        commit: r.commit,
        config: p.config,
        setupFailed: !!(p.setupFailed || incomplete),
        reason: p.setupFailed || incomplete,
        truth: p.truth?.cls,
        kit: p.truth?.kit,
        genMs: p.truth?.ms,
        toolMs: tool?.ms,
        toolCode: tool?.code,
        verdict,
        cmp,
        ratio: r.ratio?.[buildId],
      });
    }
  }
  return out;
}

function row(name, cs, commits) {
  const ran = cs.filter((c) => c.cmp);
  const agree = ran.filter((c) => c.cmp.agree).length;
  const pct = ran.length ? `${((100 * agree) / ran.length).toFixed(1)}%` : 'n/a';
  // Speed is compared where the tool reached a verdict (exit 0 or 1); an exit 2 is a quick failure.
  const med = median(
    commits
      .filter((c) => c.code === 0 || c.code === 1)
      .map((c) => c.ratio)
      .filter((x) => Number.isFinite(x)),
  );
  const medAll = median(commits.map((c) => c.ratio).filter((x) => Number.isFinite(x)));
  const verdicts = ran.filter((c) => !c.cmp.exit2);
  const agreeVerdicts = verdicts.filter((c) => c.cmp.agree).length;
  const by = (cls) => cs.filter((c) => c.truth === cls).length;
  return `| ${name} | ${new Set(cs.map((c) => c.commit)).size} | ${cs.filter((c) => c.setupFailed).length} | ${by('error') + by('timeout')} | ${by('new')} / ${by('none')} / ${by('refused')} / ${by('ambiguous')} | ${agree}/${ran.length} (${pct}) | ${ran.filter((c) => c.cmp.exit2).length} | ${ran.filter((c) => c.cmp.falseClean).length} | ${ran.filter((c) => c.cmp.falseDrift).length} | ${agreeVerdicts}/${verdicts.length} | ${med === null ? 'n/a' : `${med.toFixed(2)}x`} (all runs ${medAll === null ? 'n/a' : `${medAll.toFixed(2)}x`}) |`;
}

/** A disagreement's class: the pair of verdicts and the tool's message with names and numbers blanked. */
export function classOf(c) {
  const msg = (c.verdict.message || '')
    .replace(/^nexiom-lint: /, '')
    .replace(/"[^"]*"|'[^']*'|`[^`]*`/g, '…')
    .replace(/(\/|\b[\w.@-]+\/)[\w./@+-]+/g, '<path>')
    .replace(/\d+/g, 'N')
    .slice(0, 110);
  return `${c.truth} → ${c.verdict.claim}${msg ? `: ${msg}` : ''}`;
}

const AGREEMENT = `What agreement means. The truth is about the tree at the commit: would \`drizzle-kit generate\`
write something now. A commit that changes the schema and adds its migration gives \`none\`, and the
tool must then stay clean. Per case (a commit x a Postgres drizzle config), with the tool run once per
commit as \`nexiom-lint --base HEAD~1 --format json\`:

| truth (generate at the commit, stdin closed) | the tool agrees when it says |
|---|---|
| \`new\`: it wrote a migration | drift: a \`schema-drift\` or \`schema-without-migration\` error for the project (or drift status \`differs\`) |
| \`none\`: "No schema changes" | no drift error and no exit 2 (drift status \`same\` or \`unchecked\`, or nothing) |
| \`refused\`: it stopped on the migrations folder (collision, malformed or outdated snapshot ...) | drift status \`refused\` (builds without the status: a \`migration-conflict\` finding) |
| \`ambiguous\`: it asked a rename question | drift status \`ambiguous\` (without the status: a drift error that says drizzle-kit has to ask about a rename) |

Not compared: commits where the checkout could not be made to load (setup failed) and schemas that
generate itself could not load. *False clean*: truth \`new\`, the tool reports no drift. *False
drift*: truth \`none\`, the tool reports drift. *Exit 2* counts cases where generate ran but the tool
stopped with exit code 2. The ratio is the tool's wall time over generate's for the same commit (the
sum of generate's runs when a commit has several Postgres configs; the tool runs once for all of
them, with a cold cache), both started as new Node processes on the same machine.`;

/**
 * `--side-by-side`: per repository, medians over its commits of the cold and warm PR check
 * against drizzle-kit generate, each commit's three timed in turn in one stretch.
 */
function speedTable(results, buildId, repos) {
  const timed = results.filter((r) => r.timing?.[buildId]);
  if (!timed.length) return [];
  const fmt = (x, digits = 2) => (x === null ? 'n/a' : `${x.toFixed(digits)}x`);
  const line = (name, rs) => {
    const t = rs.map((r) => r.timing[buildId]);
    const cold = median(t.map((x) => x.cold / x.generate));
    const warm = median(t.map((x) => x.warm / x.generate));
    const gen = median(t.map((x) => x.generate));
    const peak = median(t.map((x) => x.peakKb).filter(Boolean));
    return `| ${name} | ${rs.length} | ${gen === null ? 'n/a' : Math.round(gen)} ms | ${fmt(cold)} | ${fmt(warm)} | ${peak ? `${Math.round(peak / 1024)} MiB` : 'n/a'} |`;
  };
  const out = [
    '## Speed, side by side',
    '',
    'Per commit, in turn and repeated (`--side-by-side N`, medians): `drizzle-kit generate` on every Postgres',
    'project it ran on, the tool with its cache removed (cold, as on CI), the tool again (warm). Ratios are',
    "the tool's wall time over generate's; peak memory is the cold run's maximum resident set (the tool",
    'and its child processes, GNU time).',
    '',
    '| repository | commits timed | generate (median) | cold / generate | warm / generate | peak memory, cold |',
    '|---|---|---|---|---|---|',
  ];
  for (const repo of repos) {
    const rs = timed.filter((r) => r.repo === repo);
    if (rs.length) out.push(line(repo, rs));
  }
  out.push(line('**overall**', timed), '');
  return out;
}

export function markdown({ results, buildId, tool, repos, date }) {
  const all = cases(results, buildId);
  const perCommit = results.map((r) => ({ repo: r.repo, ratio: r.ratio?.[buildId], code: r.tool?.[buildId]?.code }));
  const lines = [];
  lines.push('# Corpus of real projects: nexiom-lint against drizzle-kit generate', '');
  lines.push(`Run ${date} with \`node bench/corpus.mjs\`, tool \`${tool}\` (build ${buildId}).`, '');
  lines.push(
    '| repository | commits | setup failed | schema did not load | truth new / none / refused / ambiguous | agreement | exit 2 | false clean | false drift | agreement where the tool gave a verdict | median tool/generate, tool exit 0/1 |',
  );
  lines.push('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const repo of repos) {
    lines.push(
      row(
        repo,
        all.filter((c) => c.repo === repo),
        perCommit.filter((c) => c.repo === repo),
      ),
    );
  }
  lines.push(row('**overall**', all, perCommit));
  lines.push('');
  lines.push(...speedTable(results, buildId, repos));
  const ran = all.filter((c) => c.cmp);
  lines.push(
    `${ran.length} cases (a commit x a Postgres drizzle config) where generate ran on ${new Set(ran.map((c) => c.repo)).size} repositories.`,
    '',
  );
  const versions = {};
  for (const c of ran) {
    versions[c.kit?.split('.').slice(0, 2).join('.') ?? '?'] =
      (versions[c.kit?.split('.').slice(0, 2).join('.') ?? '?'] ?? 0) + 1;
  }
  lines.push(
    `drizzle-kit lines among them: ${Object.entries(versions)
      .sort()
      .map(([v, n]) => `${v} (${n})`)
      .join(', ')}.`,
    '',
  );
  const claims = {};
  for (const c of ran) {
    const k = `${c.truth} → ${c.verdict.claim}`;
    claims[k] = (claims[k] ?? 0) + 1;
  }
  lines.push('| truth → tool verdict | cases |', '|---|---|');
  for (const [k, n] of Object.entries(claims).sort((a, b) => b[1] - a[1])) lines.push(`| ${k} | ${n} |`);
  lines.push('');
  const bad = ran.filter((c) => !c.cmp.agree);
  lines.push(AGREEMENT, '');
  const classes = {};
  for (const c of bad) classes[classOf(c)] = (classes[classOf(c)] ?? 0) + 1;
  lines.push(`## Disagreements by class (${bad.length})`, '', '| truth → tool: message pattern | cases |', '|---|---|');
  for (const [k, n] of Object.entries(classes).sort((a, b) => b[1] - a[1])) {
    lines.push(`| ${k.replace(/\|/g, '\\|')} | ${n} |`);
  }
  lines.push('');
  lines.push(`## Disagreements (${bad.length})`, '');
  if (bad.length) {
    lines.push(
      '| repository | commit | config | drizzle-kit | truth | tool | tool exit | first line of the tool |',
      '|---|---|---|---|---|---|---|---|',
    );
    for (const c of bad) {
      lines.push(
        `| ${c.repo} | ${c.commit.slice(0, 10)} | ${c.config} | ${c.kit} | ${c.truth} | ${c.verdict.claim} | ${c.toolCode} | ${(c.verdict.message || '').replace(/\|/g, '\\|').replace(/`/g, "'")} |`,
      );
    }
    lines.push('');
  }
  const failed = all.filter((c) => c.setupFailed || !RAN.has(c.truth ?? ''));
  lines.push(`## Not compared (${failed.length}): setup failures and schemas that generate could not load`, '');
  if (failed.length) {
    lines.push('| repository | commit | config | why | tool verdict |', '|---|---|---|---|---|');
    for (const c of failed) {
      lines.push(
        `| ${c.repo} | ${c.commit.slice(0, 10)} | ${c.config} | ${c.setupFailed ? `setup: ${c.reason}` : `generate ${c.truth}`} | ${c.verdict?.claim ?? '-'} |`.replace(
          /`/g,
          "'",
        ),
      );
    }
    lines.push('');
  }
  return lines.join('\n');
}
