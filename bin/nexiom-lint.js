#!/usr/bin/env node
// The only place that sets the exit code: the CLI returns it.
const argv = process.argv.slice(2);

/**
 * The hook's arguments: `--staged`, the configs a monorepo's hook names (`--config <path>`), and
 * after `--` the file list lint-staged appends to a data config's command (--staged ignores it).
 * Null for anything else: the full CLI parses it.
 */
function hookConfigs(args) {
  if (args[0] !== '--staged') return null;
  const configs = [];
  for (let i = 1; i < args.length && args[i] !== '--'; i++) {
    if (args[i] === '--config' && i + 1 < args.length) configs.push(args[++i]);
    else if (args[i].startsWith('--config=')) configs.push(args[i].slice('--config='.length));
    else return null;
  }
  return configs;
}

// The commit path (`nexiom-lint --staged` from a hook, no colour): a shortcut that loads almost
// nothing answers when no staged file concerns any rule; otherwise the full CLI runs.
const configs = hookConfigs(argv);
if (configs !== null && !process.stdout.isTTY && process.env.FORCE_COLOR === undefined) {
  // git starts first and runs while Node loads the rest.
  const { findRootFast, startStagedPrefetch } = await import('../dist/git/staged.js');
  const root = findRootFast(process.cwd(), process.env);
  if (root) startStagedPrefetch(root);
  const { stagedShortcut } = await import('../dist/cli/staged-fast.js');
  const text = await stagedShortcut(process.cwd(), process.env, configs);
  if (text !== null) {
    process.stdout.write(text);
    process.exitCode = 0;
  }
}

if (process.exitCode === undefined) {
  const { main } = await import('../dist/cli/main.js');
  const { processIo } = await import('../dist/cli/io.js');
  process.exitCode = await main(argv, processIo());
}
