/**
 * The guard's verdict on `db:push:unsafe`, a pure function of the environment and the targets.
 *
 * A push is let through at once only when all of these hold: not CI (`CI` unset, empty, 0 or
 * false), not production (`NODE_ENV` is not `production`), and every database the sources name is
 * known and local (src/db/url.ts: localhost, 127.0.0.0/8, ::1, a unix socket, host.docker.internal,
 * a PGlite folder; an empty host is PGHOST). Otherwise it needs a confirmation that names the
 * target host, so that nobody confirms a database they did not look at.
 */
import { effectiveHosts, isLocalHost } from '../db/url.js';
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

function hostsOf(target: PushTarget, env: NodeJS.ProcessEnv): string[] {
  return target.kind === 'pglite' ? [target.masked] : effectiveHosts(target, env);
}

/** The host(s) a confirmation must name: `db.example.com`, `h1,h2`, `localhost` for the default socket. */
export function confirmNameOf(targets: PushTarget[], env: NodeJS.ProcessEnv = {}): string {
  return [...new Set(targets.flatMap((t) => hostsOf(t, env)))].join(',');
}

export function judgePush(env: NodeJS.ProcessEnv, targets: PushTarget[], confirm: string | undefined): Verdict {
  const reasons: string[] = [];
  if (isCi(env)) reasons.push(`CI=${env.CI}: this is a CI run, not a developer's machine`);
  if (env.NODE_ENV === 'production') reasons.push('NODE_ENV=production');
  if (!targets.length) {
    reasons.push('the target database is unknown: no --url, no DATABASE_URL, no dbCredentials in the drizzle config');
  }
  for (const target of targets) {
    if (target.kind === 'pglite') continue;
    const remote = effectiveHosts(target, env).filter((h) => !isLocalHost(h));
    const from = targets.length > 1 ? ` (${target.masked}, from ${target.source})` : '';
    if (remote.length) reasons.push(`${remote.join(', ')} is not this machine${from}`);
  }
  const confirmName = targets.length ? confirmNameOf(targets, env) : null;
  const confirmed =
    confirm !== undefined && confirmName !== null && confirm.trim().toLowerCase() === confirmName.toLowerCase();
  return { allowed: reasons.length === 0 || confirmed, reasons, confirmName, confirmed };
}
