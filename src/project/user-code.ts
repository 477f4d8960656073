/**
 * What the places that run the user's code (the drizzle config, the schema modules) share: the
 * time limit, and how to explain a program that stopped on its own (what it printed last, and the
 * environment variable it wanted).
 */
import { readFileSync } from 'node:fs';

/** `drift.timeout` in nexiom-lint.config.json: seconds a config or the schema may take (default 120). */
export const DEFAULT_TIMEOUT_S = 120;

/** The limit in milliseconds, from settings already loaded (`settings.extra`). */
export function timeoutOf(extra: Record<string, unknown>): number {
  const drift = extra.drift as { timeout?: number } | undefined;
  return (drift?.timeout ?? DEFAULT_TIMEOUT_S) * 1000;
}

/** The limit in milliseconds, from the repository's settings file. */
export async function userCodeTimeoutMs(repoRoot: string): Promise<number> {
  const { loadSettings } = await import('./settings.js');
  return timeoutOf((await loadSettings(repoRoot)).extra);
}

/** The last non-empty line of some output, trimmed to a readable length. */
export function lastLine(output: string): string | undefined {
  const line = output
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .pop();
  return line && line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

const NAME = /\b([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\b/g;
const ENV_READ = /process\.env(?:\.([A-Za-z_][A-Za-z0-9_]*)|\[\s*['"`]([^'"`]+)['"`]\s*\])/g;

/**
 * Environment variables that are unset (or empty) here and that the program's words name
 * (`DATABASE_URL is not set`), or, when it said nothing, that its source reads.
 */
export function unsetVariables(texts: string[], env: NodeJS.ProcessEnv, sourceFile?: string): string[] {
  // Error codes (ERR_MODULE_NOT_FOUND) look like variable names too.
  const unset = (name: string) => !env[name] && !/^ERR_|^MODULE_NOT_FOUND$/.test(name);
  const named = new Set<string>();
  for (const text of texts) for (const m of text.matchAll(NAME)) if (unset(m[1]!)) named.add(m[1]!);
  if (named.size || !sourceFile || texts.some((t) => t.trim())) return [...named];
  let source: string;
  try {
    source = readFileSync(sourceFile, 'utf8');
  } catch {
    return [];
  }
  for (const m of source.matchAll(ENV_READ)) {
    const name = m[1] ?? m[2]!;
    if (unset(name) && name !== 'NODE_ENV') named.add(name);
  }
  return [...named];
}

/** The sentence that tells a user a placeholder is enough, for the variables a config wanted. */
export function placeholderHint(names: string[]): string {
  if (!names.length) return '';
  const value = (name: string) => (/URL|URI|DSN|CONNECTION/.test(name) ? 'postgres://localhost/x' : 'x');
  const assignments = names
    .slice(0, 3)
    .map((n) => `${n}=${value(n)}`)
    .join(' ');
  const list = names.slice(0, 3).join(', ');
  return (
    ` ${list} ${names.length === 1 ? 'is' : 'are'} not set here. Nothing connects to a database during a check, ` +
    `so a placeholder value is enough, e.g. \`${assignments} npx nexiom-lint\` (or set ${names.length === 1 ? 'it' : 'them'} in the CI job).`
  );
}

const ENV_TOOLS = /\b(dotenv|with-env|env-cmd|dotenvx|--env-file|infisical|doppler|op run)\b/;

/**
 * When the package's scripts load an env file before drizzle-kit (`pnpm with-env drizzle-kit
 * generate`, `dotenv -e ../../.env -- drizzle-kit ...`), the sentence that says to run
 * nexiom-lint the same way.
 */
export function envWrapperHint(scripts: Record<string, string>): string {
  const wrapper = (command: string) => {
    const before = command.split(/\bdrizzle-kit\b/)[0] ?? '';
    if (ENV_TOOLS.test(before)) return before.trim();
    // `"with-env": "dotenv -e ../../.env --"` used as `pnpm with-env drizzle-kit ...`.
    const named = /\b(?:pnpm|npm run|yarn|bun run)\s+([\w:-]+)\s*$/.exec(before);
    return named && ENV_TOOLS.test(scripts[named[1]!] ?? '') ? before.trim() : null;
  };
  for (const command of Object.values(scripts)) {
    if (!/\bdrizzle-kit\b/.test(command)) continue;
    const prefix = wrapper(command);
    if (prefix) {
      return ` The package's scripts load the environment before drizzle-kit (\`${prefix} drizzle-kit ...\`): run nexiom-lint the same way (\`${prefix} npx nexiom-lint\`), or give the variables placeholder values (nothing connects to a database during a check).`;
    }
  }
  return '';
}
