/**
 * What a command runs, one runner at a time: `npx drizzle-kit push` runs `drizzle-kit push`,
 * `pnpm db:push:unsafe` runs the script `db:push:unsafe`, `sh -c "..."` runs a shell text,
 * `cross-env A=1 dotenv -- x` runs `x`. Each handler receives the arguments after the runner's
 * own name and says what comes next; command.ts follows the chain. The package managers' own
 * handlers are in package-runners.ts.
 */
import { execPackage, bun, npm, pnpm, yarn } from './package-runners.js';
import { firstPositional, isAssignment, set, type Handler, type Step } from './runner-args.js';

export { isAssignment, type Step } from './runner-args.js';

/** `node [options] <file> ...`, `tsx <file>`: the file decides (node_modules/.bin/drizzle-kit). */
const NODE_VALUED = set(
  '-r',
  '--require',
  '--import',
  '--loader',
  '--experimental-loader',
  '-C',
  '--conditions',
  '--env-file',
  '--input-type',
  '--title',
  '--tsconfig',
);
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
  '-n',
  '--names',
  '-c',
  '--prefix-colors',
  '-p',
  '--prefix',
  '-s',
  '--success',
  '-m',
  '--max-processes',
  '--restart-tries',
  '--restart-after',
  '-t',
  '--timestamp-format',
  '--default-input-target',
  '--kill-signal',
  '-l',
  '--prefix-length',
  '--name-separator',
  '-P',
  '--passthrough-arguments',
  '--pad-prefix',
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

export { INERT } from './inert-commands.js';
