/**
 * What a command runs, one runner at a time: `npx drizzle-kit push` runs `drizzle-kit push`,
 * `pnpm db:push:unsafe` runs the script `db:push:unsafe`, `sh -c "..."` runs a shell text,
 * `cross-env A=1 dotenv -- x` runs `x`. Each handler receives the arguments after the runner's
 * own name and says what comes next; command.ts follows the chain.
 */

/** What a command hands on to. Any field may be set; several may be (pnpm X is a script or a bin). */
export interface Step {
  /** Words run as a command of their own. */
  next?: string[];
  /** Shell texts run by a shell (`sh -c`, `concurrently "a" "b"`). */
  shell?: string[];
  /** Things run by name: package scripts, make targets, script files. */
  runs?: Array<{ kind: 'script' | 'target' | 'file'; name: string }>;
}

type Handler = (args: string[]) => Step | null;

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

export function isAssignment(word: string): boolean {
  return ASSIGNMENT.test(word);
}

/**
 * Index of the first positional argument: skips options (and the value of those in `valued`
 * given as a separate word) and a `--` end-of-options marker.
 */
export function firstPositional(args: string[], valued: ReadonlySet<string> = new Set(), from = 0): number {
  let i = from;
  while (i < args.length) {
    const word = args[i]!;
    if (word === '--') return i + 1;
    if (!word.startsWith('-') || word === '-') return i;
    i += valued.has(word) ? 2 : 1;
  }
  return i;
}

const set = (...words: string[]) => new Set(words);

/** `npx`, `pnpx`, `bunx`, `npm exec`, `bun x`: run a package's bin; `-c` runs a shell text. */
const execPackage: Handler = (args) => {
  const valued = set('-p', '--package', '-c', '--call', '-w', '--workspace', '--cache', '--userconfig');
  for (let i = 0; i < args.length && args[i]!.startsWith('-'); i++) {
    if ((args[i] === '-c' || args[i] === '--call') && args[i + 1]) return { shell: [args[i + 1]!] };
    if (args[i]!.startsWith('--call=')) return { shell: [args[i]!.slice('--call='.length)] };
    if (valued.has(args[i]!)) i++;
  }
  const i = firstPositional(args, valued);
  return i < args.length ? { next: args.slice(i) } : null;
};

/** `npm run X`, `pnpm run X`, `yarn run X`, `bun run X`: a script, or (pnpm, yarn, bun) a bin. */
const runScript = (args: string[], alsoBin: boolean): Step | null => {
  const i = firstPositional(args, set('-w', '--workspace', '--filter', '-F', '--cwd', '--prefix'));
  const name = args[i];
  if (!name) return null;
  return { runs: [{ kind: 'script', name }], ...(alsoBin ? { next: args.slice(i) } : {}) };
};

const NPM_GLOBAL = set('--prefix', '-C', '-w', '--workspace', '--userconfig', '--cache', '--loglevel');
const npm: Handler = (args) => {
  const i = firstPositional(args, NPM_GLOBAL);
  const sub = args[i];
  const rest = args.slice(i + 1);
  if (sub === 'run' || sub === 'run-script' || sub === 'rum' || sub === 'urn') return runScript(rest, false);
  if (sub === 'exec' || sub === 'x') return execPackage(rest);
  return null;
};

const PNPM_BUILTINS = set(
  'install', 'i', 'add', 'remove', 'rm', 'uninstall', 'update', 'up', 'upgrade', 'link', 'ln', 'unlink', 'import',
  'rebuild', 'rb', 'prune', 'fetch', 'publish', 'pack', 'outdated', 'list', 'ls', 'll', 'why', 'store', 'env',
  'setup', 'init', 'create', 'audit', 'licenses', 'patch', 'patch-commit', 'deploy', 'config', 'c', 'root', 'bin',
  'server', 'install-test', 'it', 'doctor', 'approve-builds', 'self-update', 'test', 't', 'start', 'restart',
);
const PNPM_GLOBAL = set('--filter', '-F', '-C', '--dir', '--reporter', '--workspace-concurrency', '--loglevel', '--filter-prod');
const pnpm: Handler = (args) => {
  const i = firstPositional(args, PNPM_GLOBAL);
  const sub = args[i];
  const rest = args.slice(i + 1);
  if (!sub || PNPM_BUILTINS.has(sub)) return null;
  if (sub === 'run' || sub === 'run-script') return runScript(rest, false);
  if (sub === 'exec') return execPackage(rest);
  if (sub === 'dlx') {
    const shellMode = rest.findIndex((w) => w === '-c' || w === '--shell-mode');
    if (shellMode !== -1) return { shell: [rest.slice(shellMode + 1).filter((w) => !w.startsWith('-')).join(' ')] };
    return execPackage(rest);
  }
  // `pnpm db:push:unsafe` runs the script; `pnpm drizzle-kit push` runs the bin.
  return { runs: [{ kind: 'script', name: sub }], next: args.slice(i) };
};

const YARN_BUILTINS = set(
  'install', 'add', 'remove', 'up', 'upgrade', 'upgrade-interactive', 'info', 'init', 'pack', 'publish', 'config',
  'cache', 'why', 'bin', 'set', 'plugin', 'constraints', 'npm', 'version', 'link', 'unlink', 'dedupe', 'explain',
  'patch', 'patch-commit', 'rebuild', 'stage', 'global', 'login', 'logout', 'outdated', 'audit', 'list', 'licenses',
  'import', 'check', 'autoclean', 'owner', 'tag', 'team', 'generate-lock-entry', 'policies', 'test', 'start',
);
const YARN_FOREACH = set('--include', '--exclude', '--from', '-j', '--jobs', '--since');
const yarn: Handler = (args) => {
  const i = firstPositional(args, set('--cwd'));
  const sub = args[i];
  const rest = args.slice(i + 1);
  if (!sub || YARN_BUILTINS.has(sub)) return null;
  if (sub === 'run') return runScript(rest, true);
  if (sub === 'exec' || sub === 'node') return rest.length ? { next: sub === 'node' ? ['node', ...rest] : rest } : null;
  if (sub === 'dlx') return execPackage(rest);
  // `yarn workspace <name> <command>`
  if (sub === 'workspace') return rest.length > 1 ? { next: ['yarn', ...rest.slice(1)] } : null;
  // `yarn workspaces foreach -A run X` (berry), `yarn workspaces run X` (classic)
  if (sub === 'workspaces') {
    const after = rest[0] === 'foreach' ? rest.slice(1) : rest;
    const j = firstPositional(after, YARN_FOREACH);
    const tail = after[j] === 'run' && rest[0] !== 'foreach' ? after.slice(j + 1) : after.slice(j);
    return tail.length ? { next: ['yarn', ...tail] } : null;
  }
  return { runs: [{ kind: 'script', name: sub }], next: args.slice(i) };
};

const BUN_BUILTINS = set(
  'install', 'i', 'add', 'a', 'remove', 'rm', 'update', 'link', 'unlink', 'pm', 'init', 'create', 'c', 'upgrade',
  'build', 'test', 'outdated', 'publish', 'patch', 'repl', 'info', 'audit', 'why',
);
const bun: Handler = (args) => {
  const i = firstPositional(args, set('--cwd', '--filter', '-F', '--env-file', '--config', '-c', '--preload', '-r'));
  const sub = args[i];
  const rest = args.slice(i + 1);
  if (!sub || BUN_BUILTINS.has(sub)) return null;
  if (sub === 'run') return runScript(rest, true);
  if (sub === 'x') return execPackage(rest);
  if (sub === 'exec') return rest[0] ? { shell: [rest[0]] } : null;
  return { runs: [{ kind: 'script', name: sub }], next: args.slice(i) };
};

/** `node [options] <file> ...`, `tsx <file>`: the file decides (node_modules/.bin/drizzle-kit). */
const NODE_VALUED = set('-r', '--require', '--import', '--loader', '--experimental-loader', '-C', '--conditions', '--env-file', '--input-type', '--title', '--tsconfig');
const node: Handler = (args) => {
  if (args.some((w) => w === '-e' || w === '--eval' || w === '-p' || w === '--print')) return null;
  const i = firstPositional(args, NODE_VALUED);
  return i < args.length ? { next: args.slice(i), runs: [{ kind: 'file', name: args[i]! }] } : null;
};

/** `sh -c "text"`, `bash -euo pipefail -c '...'`; `bash script.sh` runs a file. */
const shell: Handler = (args) => {
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    // `-o pipefail`, or a cluster ending in o: `-euo pipefail`
    if (/^[-+][a-zA-Z]*o$/.test(word)) {
      i++;
      continue;
    }
    if (/^-[a-zA-Z]*c[a-zA-Z]*$/.test(word)) {
      const text = args.slice(i + 1).find((w) => !w.startsWith('-'));
      return text ? { shell: [text] } : null;
    }
    if (!word.startsWith('-') && !word.startsWith('+')) return { runs: [{ kind: 'file', name: word }] };
  }
  return null;
};

/** `env [-i] [-u NAME] [A=1 ...] cmd`; `env -S "text"` splits a string. */
const env: Handler = (args) => {
  const split = args.findIndex((w) => w === '-S' || w === '--split-string');
  if (split !== -1 && args[split + 1]) return { shell: [args.slice(split + 1).join(' ')] };
  let i = firstPositional(args, set('-u', '--unset', '-C', '--chdir'));
  while (i < args.length && isAssignment(args[i]!)) i++;
  return i < args.length ? { next: args.slice(i) } : null;
};

const crossEnv: Handler = (args) => {
  let i = 0;
  while (i < args.length && isAssignment(args[i]!)) i++;
  return i < args.length ? { next: args.slice(i) } : null;
};

/** cross-env-shell joins the rest into one shell text. */
const crossEnvShell: Handler = (args) => {
  let i = 0;
  while (i < args.length && isAssignment(args[i]!)) i++;
  return i < args.length ? { shell: [args.slice(i).join(' ')] } : null;
};

/** dotenv-cli: `dotenv [-e file] [-v K=V] [-c [env]] [--] command`. */
const dotenv: Handler = (args) => {
  const dashes = args.indexOf('--');
  if (dashes !== -1) return dashes + 1 < args.length ? { next: args.slice(dashes + 1) } : null;
  const i = firstPositional(args, set('-e', '-v', '-p', '-c'));
  return i < args.length ? { next: args.slice(i) } : null;
};

/** Secret injectors that take the command after `--`: dotenvx, doppler, infisical, op. */
const afterDashes: Handler = (args) => {
  const dashes = args.indexOf('--');
  if (dashes !== -1 && dashes + 1 < args.length) return { next: args.slice(dashes + 1) };
  const command = args.findIndex((w) => w === '--command');
  return command !== -1 && args[command + 1] ? { shell: [args[command + 1]!] } : null;
};

/** Prefixes that run the rest: `nohup x`, `time x`, `sudo -u pg x`, `timeout 60 x` ... */
const prefix =
  (valued: ReadonlySet<string> = new Set(), skipPositional = 0): Handler =>
  (args) => {
    let i = firstPositional(args, valued);
    i += skipPositional;
    return i < args.length ? { next: args.slice(i) } : null;
  };

const command: Handler = (args) => (args[0] === '-v' || args[0] === '-V' ? null : prefix()(args));

/** `concurrently "npm:db:push:unsafe" "vite"`: each argument is a shell text or `npm:<script>`. */
const CONCURRENTLY_VALUED = set(
  '-n', '--names', '-c', '--prefix-colors', '-p', '--prefix', '-s', '--success', '-m', '--max-processes',
  '--restart-tries', '--restart-after', '-t', '--timestamp-format', '--default-input-target', '--kill-signal',
  '-l', '--prefix-length', '--name-separator', '-P', '--passthrough-arguments', '--pad-prefix',
);
const concurrently: Handler = (args) => {
  const step: Required<Step> = { next: [], shell: [], runs: [] };
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    if (word.startsWith('-')) {
      if (CONCURRENTLY_VALUED.has(word)) i++;
      continue;
    }
    const shortcut = /^(?:npm|pnpm|yarn|bun|node):(.+)$/.exec(word);
    if (shortcut) step.runs.push({ kind: 'script', name: shortcut[1]! });
    else step.shell.push(word);
  }
  return { shell: step.shell, runs: step.runs };
};

/** npm-run-all / run-s / run-p: every argument names a script (`"build -- --watch"` allowed). */
const runAll: Handler = (args) => {
  const runs = args
    .filter((w) => !w.startsWith('-'))
    .map((w) => ({ kind: 'script' as const, name: w.split(/\s+/)[0]! }));
  return runs.length ? { runs } : null;
};

/** `make [-C dir] [VAR=x] target ...`: targets are run by name. */
const make: Handler = (args) => {
  const valued = set('-C', '--directory', '-f', '--file', '--makefile', '-I', '--include-dir', '-o', '-W', '-j', '-l');
  const runs: NonNullable<Step['runs']> = [];
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    if (word.startsWith('-')) {
      if (valued.has(word) && !(word === '-j' && !/^\d+$/.test(args[i + 1] ?? ''))) i++;
      continue;
    }
    if (!isAssignment(word)) runs.push({ kind: 'target', name: word });
  }
  return runs.length ? { runs } : null;
};

const keyword: Handler = (args) => (args.length ? { next: args } : null);

/** `eval "..."` runs its arguments as a shell text; `source f` / `. f` runs a file. */
const evalText: Handler = (args) => (args.length ? { shell: [args.join(' ')] } : null);
const source: Handler = (args) => (args[0] ? { runs: [{ kind: 'file', name: args[0] }] } : null);

export const HANDLERS: Record<string, Handler> = {
  npx: execPackage,
  pnpx: execPackage,
  bunx: execPackage,
  npm,
  pnpm,
  yarn,
  bun,
  node,
  nodejs: node,
  tsx: node,
  'ts-node': node,
  sh: shell,
  bash: shell,
  zsh: shell,
  dash: shell,
  ksh: shell,
  env,
  'cross-env': crossEnv,
  'cross-env-shell': crossEnvShell,
  dotenv,
  'dotenv-cli': dotenv,
  dotenvx: afterDashes,
  doppler: afterDashes,
  infisical: afterDashes,
  op: afterDashes,
  nohup: prefix(),
  exec: prefix(set('-a')),
  builtin: prefix(),
  command,
  time: prefix(),
  nice: prefix(set('-n', '--adjustment')),
  sudo: prefix(set('-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U', '--user', '--group')),
  timeout: prefix(set('-s', '--signal', '-k', '--kill-after'), 1),
  concurrently,
  'npm-run-all': runAll,
  'npm-run-all2': runAll,
  'run-s': runAll,
  'run-p': runAll,
  make,
  gmake: make,
  eval: evalText,
  source,
  '.': source,
  if: keyword,
  then: keyword,
  else: keyword,
  elif: keyword,
  do: keyword,
  while: keyword,
  until: keyword,
  '!': keyword,
  '{': keyword,
};

/**
 * Commands whose arguments are never run: `echo drizzle-kit push` prints it, `git push` pushes
 * commits. Other unknown commands (docker compose run, kubectl exec, turbo ...) are searched for
 * a runner among their arguments.
 */
export const INERT = set(
  'echo', 'printf', 'print', 'git', 'grep', 'egrep', 'fgrep', 'rg', 'ag', 'cat', 'less', 'more', 'head', 'tail',
  'sed', 'awk', 'test', '[', '[[', 'true', 'false', ':', 'read', 'export', 'declare', 'typeset', 'local',
  'readonly', 'alias', 'unalias', 'type', 'which', 'whereis', 'man', 'help', 'hash', 'set', 'unset', 'shift',
  'return', 'exit', 'trap', 'wc', 'sort', 'uniq', 'tee', 'jq', 'yq', 'curl', 'wget', 'cp', 'mv', 'rm', 'mkdir',
  'touch', 'chmod', 'chown', 'ln', 'ls', 'find', 'tr', 'cut', 'diff', 'patch', 'case', 'for', 'select', 'function',
  'fi', 'done', 'esac', 'in', 'cd', 'pushd', 'popd',
);
