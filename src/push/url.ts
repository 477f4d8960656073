/**
 * Database URLs: which host(s) a URL points at, whether that is this machine, and how to show a
 * URL without its password.
 *
 * Accepted forms (libpq / node-postgres):
 *   postgres://user:secret@db.example.com:5432/app?sslmode=require
 *   postgresql://user@[::1]:5432/app
 *   postgresql://h1:5432,h2:5433/app            (several hosts)
 *   postgresql:///app?host=/var/run/postgresql  (unix socket; an empty host is the socket too)
 *   postgresql://%2Fvar%2Frun%2Fpostgresql/app  (socket directory, percent-encoded)
 *   ./local-data                                 (not a URL: a PGlite folder, a file)
 */

export interface DatabaseTarget {
  /** Hosts as written (lower-cased, brackets removed); `''` means the default unix socket. */
  hosts: string[];
  /** The URL with its password masked: safe to print. */
  masked: string;
  /** Not a URL at all: a path on this machine (PGlite, a file). */
  path: boolean;
}

/** Hosts that are this machine. `host.docker.internal` is the developer's own machine seen from a container. */
export function isLocalHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === '' || h.startsWith('/') || h.startsWith('@')) return true; // unix socket (or Linux abstract socket)
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (h === '::1' || h === '0:0:0:0:0:0:0:1' || h === '0.0.0.0' || h === 'host.docker.internal') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** Replaces passwords in anything that may hold a URL or a `password=` parameter. */
export function maskSecrets(text: string): string {
  return text
    .replace(/([a-z][a-z0-9+.-]*:\/\/[^\s:/@'"]*:)[^\s@/'"]*@/gi, '$1****@')
    .replace(/\b(password|pass|pwd)=[^&\s'"]*/gi, '$1=****');
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Splits `h1:5432,[::1]:5433` into hosts. */
function hostsOf(hostspec: string): string[] {
  return hostspec.split(',').map((part) => {
    const bracket = /^\[([^\]]*)\]/.exec(part);
    if (bracket) return bracket[1]!.toLowerCase();
    const colon = part.lastIndexOf(':');
    return decode(colon === -1 ? part : part.slice(0, colon)).toLowerCase();
  });
}

export function parseDatabaseUrl(url: string): DatabaseTarget {
  const masked = maskSecrets(url);
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url);
  if (!scheme) return { hosts: [], masked, path: true };
  const rest = url.slice(scheme[0].length);
  const end = rest.search(/[/?#]/);
  const authority = end === -1 ? rest : rest.slice(0, end);
  const hostspec = authority.slice(authority.lastIndexOf('@') + 1);
  let hosts = hostsOf(hostspec);
  const query = /\?([^#]*)/.exec(rest)?.[1];
  if (query) {
    const params = new URLSearchParams(query);
    const override = params.get('host') ?? params.get('hostaddr');
    if (override) hosts = override.split(',').map((h) => h.trim().toLowerCase());
  }
  return { hosts, masked, path: false };
}
