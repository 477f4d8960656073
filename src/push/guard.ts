/**
 * The guard's verdict on `db:push:unsafe`, a pure function of the environment and the target.
 *
 * A push is let through at once only when all of these hold: not CI (`CI` unset, empty, 0 or
 * false), not production (`NODE_ENV` is not `production`), and the target is known and local
 * (see url.ts: localhost, 127.0.0.0/8, ::1, a unix socket, host.docker.internal, a PGlite folder).
 * Otherwise it needs a confirmation that names the target host, so that nobody confirms a
 * database they did not look at.
 */
import { isLocalHost } from './url.js';
import type { PushTarget } from './target.js';

export interface Verdict {
  allowed: boolean;
  /** Why a confirmation is needed (empty: a plain local push). */
  reasons: string[];
  /** The word `--yes-i-know` must repeat; null when the target is unknown. */
  confirmName: string | null;
  /** A confirmation was given and it named the target. */
  confirmed: boolean;
}

export function isCi(env: NodeJS.ProcessEnv): boolean {
  const value = env.CI?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}

/** The host(s) a confirmation must name: `db.example.com`, `h1,h2`, `localhost` for the default socket. */
export function confirmNameOf(target: PushTarget): string {
  if (target.path) return target.masked;
  return target.hosts.map((h) => h || 'localhost').join(',');
}

export function judgePush(env: NodeJS.ProcessEnv, target: PushTarget | null, confirm: string | undefined): Verdict {
  const reasons: string[] = [];
  if (isCi(env)) reasons.push(`CI=${env.CI}: this is a CI run, not a developer's machine`);
  if (env.NODE_ENV === 'production') reasons.push('NODE_ENV=production');
  if (!target) {
    reasons.push('the target database is unknown: no --url, no dbCredentials in the drizzle config, no DATABASE_URL');
  } else {
    const remote = target.path ? [] : target.hosts.filter((h) => !isLocalHost(h));
    if (remote.length) reasons.push(`${remote.join(', ')} is not this machine`);
  }
  const confirmName = target ? confirmNameOf(target) : null;
  const confirmed = confirm !== undefined && confirmName !== null && confirm.trim().toLowerCase() === confirmName.toLowerCase();
  return { allowed: reasons.length === 0 || confirmed, reasons, confirmName, confirmed };
}
