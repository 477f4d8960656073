/**
 * Which database a `db` command talks to, and how its address is shown.
 *
 * Order: `--url`, then `DATABASE_URL`, then the drizzle config's `dbCredentials.url`. A URL may be
 * a server (`postgres://` / `postgresql://`) or an embedded PGlite data directory
 * (`pglite:./path`, `pglite:` alone for a throwaway in-memory database).
 *
 * Passwords never reach output: every message that names a database goes through `maskUrl`.
 */
import { UsageError } from '../errors.js';

export type DatabaseTarget =
  | { kind: 'server'; url: string; source: string }
  | { kind: 'pglite'; dataDir: string | null; url: string; source: string };

const SERVER = /^postgres(ql)?:\/\//i;

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db`; also masks `password=` parameters. */
export function maskUrl(url: string): string {
  let masked = url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/?#@]*):([^@/?#]*)@/i, (_m, head: string) => `${head}:***@`);
  masked = masked.replace(/([?&]password=)[^&#]*/gi, '$1***');
  return masked;
}

/** Replaces every occurrence of the URL and of its password in a text (driver errors may quote them). */
export function maskIn(text: string, url: string): string {
  let out = text.split(url).join(maskUrl(url));
  const password = passwordOf(url);
  if (password && password.length >= 3) out = out.split(password).join('***');
  return out;
}

function passwordOf(url: string): string | null {
  const match = /^[a-z][a-z0-9+.-]*:\/\/[^:/?#@]*:([^@/?#]*)@/i.exec(url);
  if (match?.[1]) {
    try {
      return decodeURIComponent(match[1]);
    } catch {
      return match[1];
    }
  }
  return /[?&]password=([^&#]*)/i.exec(url)?.[1] ?? null;
}

export interface UrlSources {
  flag?: string;
  env: NodeJS.ProcessEnv;
  configUrl?: string;
  configFile?: string;
}

export function resolveTarget({ flag, env, configUrl, configFile }: UrlSources): DatabaseTarget {
  const candidates: Array<[string | undefined, string]> = [
    [flag, '--url'],
    [env.DATABASE_URL, 'DATABASE_URL'],
    [configUrl, `dbCredentials.url in ${configFile ?? 'the drizzle config'}`],
  ];
  const found = candidates.find(([value]) => value !== undefined && value.trim() !== '');
  if (!found) {
    throw new UsageError(
      'No database to connect to. Pass --url postgres://user@host:5432/db, set DATABASE_URL, or set ' +
        'dbCredentials.url in the drizzle config.',
    );
  }
  const url = found[0]!.trim();
  const source = found[1];
  if (SERVER.test(url)) return { kind: 'server', url, source };
  if (/^pglite:/i.test(url)) {
    const dir = url.slice('pglite:'.length).replace(/^\/\//, '');
    return { kind: 'pglite', dataDir: dir === '' || dir === 'memory' ? null : dir, url, source };
  }
  throw new UsageError(
    `The database URL from ${source} (${maskUrl(url)}) is not a PostgreSQL URL. Use postgres://user:password@host:5432/db, ` +
      'or pglite:<data directory> for an embedded PGlite database.',
  );
}
