#!/usr/bin/env node
// The only place that sets the exit code: the CLI returns it.
const argv = process.argv.slice(2);

// The commit path (`nexiom-lint --staged` from a hook, no colour): a shortcut that loads almost
// nothing answers when no staged file concerns any rule; otherwise the full CLI runs.
if (argv.length === 1 && argv[0] === '--staged' && !process.stdout.isTTY && process.env.FORCE_COLOR === undefined) {
  // git starts first and runs while Node loads the rest.
  const { findRootFast, startStagedPrefetch } = await import('../dist/git/staged.js');
  const root = findRootFast(process.cwd(), process.env);
  if (root) startStagedPrefetch(root);
  const { stagedShortcut } = await import('../dist/cli/staged-fast.js');
  const text = await stagedShortcut(process.cwd(), process.env);
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
