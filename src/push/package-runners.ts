/**
 * The package managers as runners: `npx drizzle-kit push` runs a bin, `pnpm db:push:unsafe` a
 * script, `yarn workspaces foreach run X` a script in every workspace.
 */
import { firstPositional, set, type Handler, type Step } from './runner-args.js';

/** `npx`, `pnpx`, `bunx`, `npm exec`, `bun x`: run a package's bin; `-c` runs a shell text. */
export const execPackage: Handler = (args) => {
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
export const npm: Handler = (args) => {
  const i = firstPositional(args, NPM_GLOBAL);
  const sub = args[i];
  const rest = args.slice(i + 1);
  if (sub === 'run' || sub === 'run-script' || sub === 'rum' || sub === 'urn') return runScript(rest, false);
  if (sub === 'exec' || sub === 'x') return execPackage(rest);
  return null;
};

const PNPM_BUILTINS = set(
  'install',
  'i',
  'add',
  'remove',
  'rm',
  'uninstall',
  'update',
  'up',
  'upgrade',
  'link',
  'ln',
  'unlink',
  'import',
  'rebuild',
  'rb',
  'prune',
  'fetch',
  'publish',
  'pack',
  'outdated',
  'list',
  'ls',
  'll',
  'why',
  'store',
  'env',
  'setup',
  'init',
  'create',
  'audit',
  'licenses',
  'patch',
  'patch-commit',
  'deploy',
  'config',
  'c',
  'root',
  'bin',
  'server',
  'install-test',
  'it',
  'doctor',
  'approve-builds',
  'self-update',
  'test',
  't',
  'start',
  'restart',
);
const PNPM_GLOBAL = set(
  '--filter',
  '-F',
  '-C',
  '--dir',
  '--reporter',
  '--workspace-concurrency',
  '--loglevel',
  '--filter-prod',
);
export const pnpm: Handler = (args) => {
  const i = firstPositional(args, PNPM_GLOBAL);
  const sub = args[i];
  const rest = args.slice(i + 1);
  if (!sub || PNPM_BUILTINS.has(sub)) return null;
  if (sub === 'run' || sub === 'run-script') return runScript(rest, false);
  if (sub === 'exec') return execPackage(rest);
  if (sub === 'dlx') {
    const shellMode = rest.findIndex((w) => w === '-c' || w === '--shell-mode');
    if (shellMode !== -1) {
      return {
        shell: [
          rest
            .slice(shellMode + 1)
            .filter((w) => !w.startsWith('-'))
            .join(' '),
        ],
      };
    }
    return execPackage(rest);
  }
  // `pnpm db:push:unsafe` runs the script; `pnpm drizzle-kit push` runs the bin.
  return { runs: [{ kind: 'script', name: sub }], next: args.slice(i) };
};

const YARN_BUILTINS = set(
  'install',
  'add',
  'remove',
  'up',
  'upgrade',
  'upgrade-interactive',
  'info',
  'init',
  'pack',
  'publish',
  'config',
  'cache',
  'why',
  'bin',
  'set',
  'plugin',
  'constraints',
  'npm',
  'version',
  'link',
  'unlink',
  'dedupe',
  'explain',
  'patch',
  'patch-commit',
  'rebuild',
  'stage',
  'global',
  'login',
  'logout',
  'outdated',
  'audit',
  'list',
  'licenses',
  'import',
  'check',
  'autoclean',
  'owner',
  'tag',
  'team',
  'generate-lock-entry',
  'policies',
  'test',
  'start',
);
const YARN_FOREACH = set('--include', '--exclude', '--from', '-j', '--jobs', '--since');
export const yarn: Handler = (args) => {
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
  'install',
  'i',
  'add',
  'a',
  'remove',
  'rm',
  'update',
  'link',
  'unlink',
  'pm',
  'init',
  'create',
  'c',
  'upgrade',
  'build',
  'test',
  'outdated',
  'publish',
  'patch',
  'repl',
  'info',
  'audit',
  'why',
);
export const bun: Handler = (args) => {
  const i = firstPositional(args, set('--cwd', '--filter', '-F', '--env-file', '--config', '-c', '--preload', '-r'));
  const sub = args[i];
  const rest = args.slice(i + 1);
  if (!sub || BUN_BUILTINS.has(sub)) return null;
  if (sub === 'run') return runScript(rest, true);
  if (sub === 'x') return execPackage(rest);
  if (sub === 'exec') return rest[0] ? { shell: [rest[0]] } : null;
  return { runs: [{ kind: 'script', name: sub }], next: args.slice(i) };
};
