// The work on one commit: its checkout, the truth from drizzle-kit generate for each Postgres
// project, the tool's run, and the result cached.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { projectsAt } from './discover.mjs';
import { extrasFile, load, resultFile, save } from './cache.mjs';
import { setUpProject, truthFor } from './install.mjs';
import { RAN, resetTree, runTool, toolFacts, toolVerdict } from './judge.mjs';
import { projectEnv, workspacePackages } from './setup.mjs';
import { sideBySide } from './side-by-side.mjs';

/**
 * Checks `commit` out; a blob the mirror lacks (a large dump, a video) is left out of the checkout
 * (sparse) and the checkout retried: no schema is ever such a file.
 */
function checkout(root, commit) {
  for (let attempt = 0; ; attempt++) {
    try {
      execFileSync('git', ['-C', root, 'checkout', '-q', '-f', '--detach', commit], {
        stdio: ['ignore', 'ignore', 'pipe'],
        encoding: 'utf8',
      });
      return;
    } catch (e) {
      const missing = [...String(e.stderr ?? '').matchAll(/invalid object \w+ \w+ for '([^']+)'/g)].map((m) => m[1]);
      if (!missing.length || attempt > 5) throw e;
      execFileSync('git', ['-C', root, 'sparse-checkout', 'add', ...missing.map((p) => `!/${p}`)], { stdio: 'ignore' });
    }
  }
}

/** The result of one commit (from the cache when this build already ran on it); null under --cached when nothing is cached. */
export async function doCommit(ctx, { commit, line }, index, total) {
  const { repo, gitDir, root, configs, opts, build, extrasKnown } = ctx;
  const file = resultFile(repo, commit);
  let result = opts.fresh ? null : load(file);
  if (result && result.tool?.[build] && !opts.fresh) return result;
  if (opts.cached) return null;
  const projects = projectsAt(gitDir, commit, configs);
  if (!projects.length) {
    result = { repo, commit, line, projects: [], tool: {} };
    save(file, result);
    process.stderr.write(`[${repo}] ${index + 1}/${total} ${commit.slice(0, 10)} no Postgres config at this commit\n`);
    return result;
  }
  checkout(root, commit);
  execFileSync('git', ['-C', root, 'clean', '-ffdxq'], { stdio: 'ignore' });
  const workspace = workspacePackages(root);
  const timeoutMs = opts.timeout * 1000;
  const env = projectEnv(projects.map((p) => p.text).join('\n'));
  // drizzle-orm lives in the cache, so the drivers it requires (postgres, pg ...) are found through
  // NODE_PATH, which points at the checkout's linked node_modules.
  env.NODE_PATH = [
    ...new Set([join(root, 'node_modules'), ...projects.map((p) => join(root, p.pkgDir, 'node_modules'))]),
  ].join(':');
  const needTruth = !result?.projects?.length;
  if (needTruth) result = { repo, commit, line, projects: [], tool: {}, ratio: {} };
  for (const project of projects) {
    const setup = await setUpProject(root, repo, project, workspace, extrasKnown);
    let entry = result.projects.find((p) => p.config === project.config);
    if (!entry) result.projects.push((entry = { config: project.config, pkgDir: project.pkgDir }));
    if (setup.failed) {
      entry.setupFailed = setup.failed;
      continue;
    }
    entry.kit = setup.kit.version;
    entry.orm = setup.orm.version;
    if (!needTruth) continue;
    const t = await truthFor(root, repo, project, setup, workspace, extrasKnown, env, timeoutMs);
    if (t.failed) entry.setupFailed = t.failed;
    else entry.truth = t.truth;
  }
  save(extrasFile(repo), [...extrasKnown]);
  resetTree(root);
  const tool = await runTool(root, opts.tool, env, timeoutMs);
  const facts = {};
  for (const p of result.projects) facts[p.config] = toolFacts(tool.json, tool.code, tool.stderr, p.config);
  result.tool = {
    ...(result.tool ?? {}),
    [build]: { code: tool.code, ms: tool.ms, facts, stderr: tool.code === 2 ? tool.stderr.slice(0, 600) : undefined },
  };
  const genMs = result.projects.filter((p) => p.truth && RAN.has(p.truth.cls)).reduce((s, p) => s + p.truth.ms, 0);
  result.ratio = { ...(result.ratio ?? {}), [build]: genMs ? tool.ms / genMs : null };
  if (opts.sideBySide && genMs && (tool.code === 0 || tool.code === 1)) {
    result.timing = {
      ...(result.timing ?? {}),
      [build]: await sideBySide(root, opts, env, timeoutMs, result.projects),
    };
  }
  save(file, result);
  const summary = result.projects
    .map(
      (p) =>
        `${p.config}: ${p.setupFailed ? `setup failed (${p.setupFailed.slice(0, 80)})` : `${p.truth.cls} ${p.truth.kit}`} → ${toolVerdict(facts[p.config]).claim}`,
    )
    .join('; ');
  process.stderr.write(
    `[${repo}] ${index + 1}/${total} ${commit.slice(0, 10)} ${summary} (tool ${tool.ms} ms, generate ${genMs} ms)\n`,
  );
  return result;
}
