#!/usr/bin/env node
// Renders the PR comment of a real fixture PR (a new table, risky statements the SQL safety rules
// flag, and a second project missing its migration; migrations written by the real drizzle-kit)
// the way GitHub shows it, and screenshots it in headless Chromium: docs/pr-comment.png. Not part
// of `npm test`; run it after changing the markdown reporter and look at the picture:
//
//   npm run build && node scripts/render-comment.mjs [--open-sql] [--out docs/pr-comment.png]
//
// Needs /usr/bin/chromium (Debian: apt-get install chromium fonts-noto-color-emoji) and the dev
// dependencies (marked renders GitHub-flavoured Markdown; jiti loads the TypeScript fixture).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createJiti } from 'jiti';
import { marked } from 'marked';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const args = process.argv.slice(2);
const out = path.resolve(ROOT, args.includes('--out') ? args[args.indexOf('--out') + 1] : 'docs/pr-comment.png');
const WIDTH = 960;

const jiti = createJiti(import.meta.url);
const { buildPrFixture } = await jiti.import(path.join(ROOT, 'test/review/pr-fixture.ts'));
const { cleanupAll, BIN } = await jiti.import(path.join(ROOT, 'test/helpers/repo.ts'));

const work = mkdtempSync(path.join(os.tmpdir(), 'nexiom-render-'));
try {
  const { repo } = buildPrFixture({ billing: true });
  const head = repo.git('rev-parse', 'HEAD').trim();
  const event = path.join(work, 'event.json');
  writeFileSync(event, JSON.stringify({ pull_request: { number: 42, head: { sha: head } } }));
  // As in a pull_request run, so that findings and files link to the PR's head commit.
  const env = {
    ...process.env,
    NO_COLOR: '1',
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_EVENT_PATH: event,
    GITHUB_SERVER_URL: 'https://github.com',
  };
  delete env.GITHUB_BASE_REF;
  const run = spawnSync(process.execPath, [BIN, '--base', 'main', '--format', 'markdown'], {
    cwd: repo.dir,
    env,
    encoding: 'utf8',
  });
  if (run.status !== 1) {
    throw new Error(`expected exit 1 (a failing rule), got ${run.status}:\n${run.stdout}${run.stderr}`);
  }
  const markdown = run.stdout;
  writeFileSync(path.join(work, 'comment.md'), markdown);

  const body = marked.parse(markdown, { gfm: true, async: false });
  const html = page(body, args.includes('--open-sql'));
  const file = path.join(work, 'comment.html');
  writeFileSync(file, html);

  // First pass: measure the page (the script writes its height into the title); second: shoot it.
  const chrome = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--hide-scrollbars',
  ];
  const dom = execFileSync(CHROMIUM, [...chrome, `--window-size=${WIDTH},1000`, '--dump-dom', `file://${file}`], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const height = Math.min(8000, Number(/<title>(\d+)<\/title>/.exec(dom)?.[1] ?? 2400) + 8);
  execFileSync(CHROMIUM, [...chrome, `--window-size=${WIDTH},${height}`, `--screenshot=${out}`, `file://${file}`], {
    stdio: 'ignore',
  });
  console.log(`${path.relative(ROOT, out)}: ${WIDTH}x${height}, from ${markdown.length} characters of markdown`);
} finally {
  cleanupAll();
  rmSync(work, { recursive: true, force: true });
}

/** A GitHub-like timeline comment around the rendered Markdown (GitHub's light theme, roughly). */
function page(body, openSql) {
  return `<!doctype html><html><head><meta charset="utf-8"><title>0</title><style>
  body { margin: 0; padding: 16px; background: #fff; font: 14px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif, "Noto Color Emoji"; color: #1f2328; }
  .comment { border: 1px solid #d1d9e0; border-radius: 6px; }
  .header { background: #f6f8fa; border-bottom: 1px solid #d1d9e0; padding: 8px 16px; border-radius: 6px 6px 0 0; color: #59636e; }
  .header b { color: #1f2328; } .bot { border: 1px solid #d1d9e0; border-radius: 2em; padding: 0 7px; font-size: 12px; margin-left: 4px; }
  .markdown-body { padding: 16px; }
  .markdown-body > :first-child { margin-top: 0; }
  h2 { font-size: 1.5em; border-bottom: 1px solid #d1d9e0; padding-bottom: .3em; margin: 0 0 16px; font-weight: 600; }
  h3 { font-size: 1.25em; margin: 24px 0 16px; font-weight: 600; }
  p, ul, table, details, pre, blockquote { margin: 0 0 16px; }
  a { color: #0969da; text-decoration: none; }
  code { font: 85% ui-monospace, SFMono-Regular, "DejaVu Sans Mono", Menlo, monospace; background: #818b981f; padding: .2em .4em; border-radius: 6px; }
  pre { background: #f6f8fa; padding: 16px; border-radius: 6px; overflow: auto; font-size: 85%; line-height: 1.45; }
  pre code { background: none; padding: 0; font-size: 100%; }
  table { border-collapse: collapse; display: block; overflow: auto; }
  th, td { border: 1px solid #d1d9e0; padding: 6px 13px; vertical-align: top; }
  th { font-weight: 600; } tr:nth-child(2n) { background: #f6f8fa; }
  sub { font-size: 12px; color: #59636e; }
  hr { border: 0; border-top: 1px solid #d1d9e0; margin: 24px 0 8px; }
  summary { cursor: pointer; } blockquote { color: #59636e; border-left: .25em solid #d1d9e0; padding: 0 1em; margin-left: 0; }
  ul { padding-left: 2em; } li + li { margin-top: .25em; }
  </style></head><body><div class="comment"><div class="header"><b>github-actions</b><span class="bot">bot</span> commented</div>
  <div class="markdown-body">${body}</div></div>
  <script>
  ${openSql ? "document.querySelectorAll('details').forEach((d, i) => { if (i < 1) d.open = true; });" : ''}
  document.title = String(Math.ceil(document.documentElement.scrollHeight));
  </script></body></html>`;
}
