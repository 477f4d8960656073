// A commit's projects made ready for drizzle-kit: its drizzle-kit and drizzle-orm versions and the
// packages its schemas need, installed into the cache and linked into the checkout; then the truth.
import { extraModules, kitModules, linkAll, missingPackages, moduleSet, rangeFor } from './setup.mjs';
import { resetTree, runGenerate } from './judge.mjs';
import { resolveVersion } from './versions.mjs';
import { CACHE } from './cache.mjs';

export async function setUpProject(root, repo, project, workspace, extrasKnown) {
  // Not named by the package or its lockfile (drizzle-orm declared by a workspace sibling, a binary
  // bun.lockb): the range another workspace package declares.
  const fromWorkspace = (name) => {
    const range = rangeFor(root, project.pkgDir, name, workspace);
    return range === 'latest' ? null : { version: range, source: 'a workspace package.json' };
  };
  const kit = resolveVersion(root, project.pkgDir, 'drizzle-kit') ?? fromWorkspace('drizzle-kit');
  const orm = resolveVersion(root, project.pkgDir, 'drizzle-orm') ?? fromWorkspace('drizzle-orm');
  if (!kit || !orm) {
    return { failed: `no ${kit ? 'drizzle-orm' : 'drizzle-kit'} version in the lockfile or package.json` };
  }
  const setup = { kit, orm, ranges: {}, extras: [], kitDir: null };
  for (const name of extrasKnown) {
    if (!workspace.has(name)) setup.ranges[name] = rangeFor(root, project.pkgDir, name, workspace);
  }
  try {
    await installSet(setup);
  } catch (e) {
    return { failed: `install drizzle-kit ${kit.version} / drizzle-orm ${orm.version}: ${e.message.slice(0, 160)}` };
  }
  linkAll(root, project.pkgDir, setup.kitDir, setup.extras, workspace);
  return setup;
}

/**
 * Installs the setup's packages as one set; when the set cannot be installed together (a range
 * with no release, a peer conflict), drizzle-kit and drizzle-orm alone and each other package
 * apart, leaving out those that cannot be installed at this commit's range.
 */
async function installSet(setup) {
  const { kit, orm, ranges } = setup;
  try {
    const dir = await moduleSet(CACHE, kit.version, orm.version, ranges);
    setup.kitDir = dir;
    setup.extras = Object.keys(ranges).map((name) => ({ name, modules: dir }));
    return;
  } catch {
    /* apart, below */
  }
  setup.kitDir = await kitModules(CACHE, kit.version, orm.version);
  setup.extras = [];
  for (const [name, range] of Object.entries(ranges)) {
    try {
      setup.extras.push({ name, modules: await extraModules(CACHE, name, range) });
    } catch {
      delete ranges[name]; // Not installable at this range: the run says if it is needed.
    }
  }
}

/** generate, installing what the schema cannot find and retrying; `{ truth }` or `{ failed }`. */
export async function truthFor(root, repo, project, setup, workspace, extrasKnown, env, timeoutMs) {
  const tried = new Set();
  for (let attempt = 0; attempt < 10; attempt++) {
    const t = await runGenerate(root, project, setup.kitDir, env, timeoutMs);
    resetTree(root);
    const missing = missingPackages(t.output).filter(
      (n) => !tried.has(n) && n !== 'drizzle-kit' && n !== 'drizzle-orm',
    );
    if (t.cls === 'new' || !missing.length) {
      if (/Cannot find (module|package)|Could not resolve/.test(t.output) && t.cls !== 'new' && t.cls !== 'none') {
        return { failed: `cannot load: ${t.line}` };
      }
      delete t.output;
      return { truth: t };
    }
    for (const name of missing) {
      tried.add(name);
      if (workspace.has(name)) continue;
      setup.ranges[name] = rangeFor(root, project.pkgDir, name, workspace);
      extrasKnown.add(name);
    }
    try {
      await installSet(setup);
    } catch (e) {
      return { failed: `install ${missing.join(', ')}: ${e.message.slice(0, 120)}` };
    }
    linkAll(root, project.pkgDir, setup.kitDir, setup.extras, workspace);
  }
  return { failed: 'too many missing packages' };
}
