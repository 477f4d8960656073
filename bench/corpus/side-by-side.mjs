// `--side-by-side`: drizzle-kit generate and the tool timed in turn on one checkout.
import { realpathSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { RAN, resetTree, runGenerate, runTool } from './judge.mjs';
import { median } from './proc.mjs';

/**
 * `--side-by-side N`: N rounds, each in turn: drizzle-kit generate (every Postgres project that it
 * ran on, the tree reset after), the tool cold (its cache folder removed), the tool again warm;
 * medians of each, measured in one stretch on the same load, and the cold run's peak memory.
 */
export async function sideBySide(root, opts, env, timeoutMs, projects) {
  const ran = projects.filter((p) => p.truth && RAN.has(p.truth.cls));
  const generate = [];
  const cold = [];
  const warm = [];
  const peak = [];
  for (let i = 0; i < opts.sideBySide; i++) {
    let ms = 0;
    for (const p of ran) {
      const modules = join(root, p.pkgDir, 'node_modules');
      ms += (
        await runGenerate(
          root,
          { config: p.config, pkgDir: p.pkgDir },
          dirname(realpathSync(join(modules, 'drizzle-kit'))),
          env,
          timeoutMs,
        )
      ).ms;
      resetTree(root);
    }
    generate.push(ms);
    for (const dir of new Set([join(root, 'node_modules'), ...ran.map((p) => join(root, p.pkgDir, 'node_modules'))])) {
      rmSync(join(dir, '.cache', 'nexiom-lint'), { recursive: true, force: true });
    }
    const c = await runTool(root, opts.tool, env, timeoutMs, { peak: true });
    cold.push(c.ms);
    if (c.peakKb) peak.push(c.peakKb);
    warm.push((await runTool(root, opts.tool, env, timeoutMs)).ms);
  }
  return { generate: median(generate), cold: median(cold), warm: median(warm), peakKb: median(peak) };
}
