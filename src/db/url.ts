/**
 * Database URLs, one type for every command: parsed the way node-postgres parses them (its own
 * `pg-connection-string`, loaded through `pg`), shown only masked, and judged local or not.
 *
 * Accepted forms:
 *   postgres://user:secret@db.example.com:5432/app?sslmode=require
 *   postgresql://user@[::1]:5432/app
 *   postgresql://h1:5432,h2:5433/app            (several hosts: libpq and postgres.js; not pg)
 *   postgresql:///app?host=/var/run/postgresql  (unix socket; an empty host is PGHOST or localhost)
 *   postgresql://%2Fvar%2Frun%2Fpostgresql/app  (socket directory, percent-encoded)
 *   pglite:./data, pglite: (in memory)          (an embedded PGlite database)
 *
 * The password is what pg reads: everything between the first `:` of the user info and the LAST
 * `@` before the host (`postgres://u:p@ss%word@host/db` has the password `p@ss%word`). A value
 * that does not parse is never shown, not even in part, and is never "local".
 */
import { createRequire } from 'node:module';

export interface ServerUrl {
  kind: 'server';
  /** The URL as given: for the driver only, never for output. */
  raw: string;
  user: string;
  password: string;
  /** Hosts as pg reads them (a `?host=` parameter wins); `''` is the default (PGHOST, else localhost). */
  hosts: string[];
  ports: string[];
  database: string | null;
  /** Query parameters, decoded, in order. */
  params: Array<[string, string]>;
  /** Safe to print: user kept, password and secret parameters replaced by `***`. */
  masked: string;
}

export interface PgliteUrl {
  kind: 'pglite';
  raw: string;
  /** null: a throwaway in-memory database. */
  dataDir: string | null;
  masked: string;
}

export type DatabaseUrl = ServerUrl | PgliteUrl;

/** Why a value is not a database URL. The message never contains the value. */
export class UrlError extends Error {}

export interface ParseOptions {
  /** A bare path is a PGlite data directory (drizzle's `driver: 'pglite'` takes one). */
  pglitePaths?: boolean;
}

type PgParse = (text: string) => Record<string, unknown>;
let pgParse: PgParse | undefined;

/** pg's own parser, resolved from pg's folder so it is the copy pg uses. */
function parser(): PgParse {
  if (!pgParse) {
    const fromPg = createRequire(createRequire(import.meta.url).resolve('pg'));
    pgParse = (fromPg('pg-connection-string') as { parse: PgParse }).parse;
  }
  return pgParse;
}

/** Query parameters whose value is a secret or points at one. */
export const SECRET_PARAM = /pass|secret|token|sslkey|^key$|credential/i;
/** Parameters that make pg-connection-string read files or print warnings: renamed for the parse. */
const SIDE_EFFECTS = /([?&])(sslcert|sslkey|sslrootcert|sslmode|uselibpqcompat)=/gi;
const HIDDEN = 'x-nexiom-';
const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;

export function parseDatabaseUrl(value: string, options: ParseOptions = {}): DatabaseUrl {
  const raw = value.trim();
  if (raw === '') throw new UrlError('it is empty');
  if (/^pglite:/i.test(raw)) return pglite(raw, raw.slice('pglite:'.length).replace(/^\/\//, ''));
  const scheme = SCHEME.exec(raw);
  if (!scheme) {
    if (options.pglitePaths && !raw.includes('@') && !/^[a-z][a-z0-9+.-]*:/i.test(raw)) return pglite(raw, raw);
    if (/^postgres(ql)?\b/i.test(raw)) {
      throw new UrlError('it starts with "postgres" but not with "postgres://" or "postgresql://"');
    }
    throw new UrlError('it is not a URL');
  }
  if (!/^postgres(ql)?$/i.test(scheme[1]!)) {
    throw new UrlError(`a ${scheme[1]!.toLowerCase()}:// URL is not a PostgreSQL URL`);
  }
  return parseServer(raw, scheme[0].length);
}

function pglite(raw: string, dir: string): PgliteUrl {
  const dataDir = dir === '' || dir === 'memory' ? null : dir;
  return { kind: 'pglite', raw, dataDir, masked: dataDir === null ? 'pglite: (in memory)' : `pglite:${dataDir}` };
}

/** The URL split as WHATWG URL (and so pg) splits it: authority up to the first / ? #, user info up to its last @. */
function split(raw: string, start: number) {
  const rest = raw.slice(start);
  const end = rest.search(/[/?#]/);
  const authority = end === -1 ? rest : rest.slice(0, end);
  const at = authority.lastIndexOf('@');
  const userinfo = at === -1 ? null : authority.slice(0, at);
  const hostspec = authority.slice(at + 1);
  const tail = end === -1 ? '' : rest.slice(end);
  const hash = tail.indexOf('#');
  const beforeHash = hash === -1 ? tail : tail.slice(0, hash);
  const q = beforeHash.indexOf('?');
  return {
    userinfo,
    hostspec,
    path: q === -1 ? beforeHash : beforeHash.slice(0, q),
    query: q === -1 ? '' : beforeHash.slice(q + 1),
  };
}

function parseServer(raw: string, start: number): ServerUrl {
  const parts = split(raw, start);
  for (const port of parts.hostspec.split(',').map((h) => /\]?:([^:\]]*)$/.exec(h)?.[1])) {
    if (port !== undefined && port !== '' && !(/^\d+$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)) {
      throw new UrlError('its port is not a number from 1 to 65535');
    }
  }
  if (/\[[^\]]*$/.test(parts.hostspec)) throw new UrlError('an IPv6 address in it has no closing "]" (write [::1])');
  // Several hosts: pg cannot read them, libpq and postgres.js can. Each host is read as pg would.
  const hostspecs = parts.hostspec.includes(',') ? parts.hostspec.split(',') : [parts.hostspec];
  const head = raw.slice(0, start) + (parts.userinfo !== null ? `${parts.userinfo}@` : '');
  const tailText = raw.slice(start + (parts.userinfo !== null ? parts.userinfo.length + 1 : 0) + parts.hostspec.length);
  const configs = hostspecs.map((h) => pgRead(head + h + tailText));
  const first = configs[0]!;
  const params = readParams(parts.query);
  const hostaddr = params.filter(([k]) => k === 'hostaddr').flatMap(([, v]) => v.split(','));
  return {
    kind: 'server',
    raw,
    user: str(first.user),
    password: str(first.password),
    hosts: [...configs.flatMap((c) => str(c.host).split(',')), ...hostaddr].map((h) => h.trim()),
    ports: configs.map((c) => str(c.port)),
    database: typeof first.database === 'string' ? first.database : null,
    params,
    masked: maskedText(raw.slice(0, start).toLowerCase(), parts),
  };
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function pgRead(text: string): Record<string, unknown> {
  let config: Record<string, unknown>;
  try {
    config = parser()(text.replace(SIDE_EFFECTS, `$1${HIDDEN}$2=`));
  } catch {
    throw new UrlError(
      'it does not parse as a URL: percent-encode special characters in the user name and password ' +
        '(@ %40, : %3A, / %2F, ? %3F, # %23, % %25, space %20)',
    );
  }
  const restore = (v: unknown) =>
    typeof v === 'string' ? v.split(`&${HIDDEN}`).join('&').split(`?${HIDDEN}`).join('?') : v;
  return Object.fromEntries(
    Object.entries(config).map(([k, v]) => [k.startsWith(HIDDEN) ? k.slice(HIDDEN.length) : k, restore(v)]),
  );
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

function readParams(query: string): Array<[string, string]> {
  return query
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const eq = pair.indexOf('=');
      return eq === -1 ? [decode(pair), ''] : [decode(pair.slice(0, eq)), decode(pair.slice(eq + 1))];
    });
}

/** Built from the parts pg reads: the password is never copied, secret parameters neither. */
function maskedText(scheme: string, parts: ReturnType<typeof split>): string {
  let userinfo = '';
  if (parts.userinfo !== null) {
    const colon = parts.userinfo.indexOf(':');
    userinfo = `${colon === -1 ? parts.userinfo : `${parts.userinfo.slice(0, colon)}:***`}@`;
  }
  const query = parts.query
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq === -1 ? pair : pair.slice(0, eq);
      return SECRET_PARAM.test(decode(name)) ? `${name}=***` : pair;
    })
    .join('&');
  return `${scheme}${userinfo}${parts.hostspec}${parts.path}${query ? `?${query}` : ''}`;
}

/** The text a driver error or a message could quote: password (as written and decoded), secret parameters. */
export function secretsOf(url: DatabaseUrl): string[] {
  if (url.kind !== 'server') return [];
  const secrets = [url.password, ...url.params.filter(([k]) => SECRET_PARAM.test(k)).map(([, v]) => v)];
  const userinfo = split(url.raw, SCHEME.exec(url.raw)![0].length).userinfo;
  const written = userinfo && userinfo.includes(':') ? userinfo.slice(userinfo.indexOf(':') + 1) : '';
  return [...new Set([...secrets, written, encodeURIComponent(url.password)])]
    .filter((s) => s.length >= 3)
    .sort((a, b) => b.length - a.length);
}

/** Replaces the URL and every secret of it in a text (driver errors may quote them). */
export function maskIn(text: string, url: DatabaseUrl): string {
  let out = text.split(url.raw).join(url.masked);
  for (const secret of secretsOf(url)) out = out.split(secret).join('***');
  return out;
}

/** Parts to build a URL from (drizzle's `dbCredentials` host form). */
export interface UrlParts {
  user?: string;
  password?: string;
  host: string;
  port?: string | number;
  database?: string;
  params?: Array<[string, string]>;
}

/** The URL for these parts, every part percent-encoded so that pg reads back exactly these parts. */
export function formatDatabaseUrl(parts: UrlParts): string {
  const enc = encodeURIComponent;
  const userinfo =
    parts.user || parts.password ? `${enc(parts.user ?? '')}${parts.password ? `:${enc(parts.password)}` : ''}@` : '';
  const host = parts.host.includes(':') ? `[${parts.host}]` : enc(parts.host);
  const port = parts.port !== undefined && parts.port !== '' ? `:${parts.port}` : '';
  // pg decodes the database with decodeURI, which leaves %2F, %3F, %23 ... as written: encodeURI it.
  const database = parts.database ? `/${encodeURI(parts.database).replace(/[?#]/g, enc)}` : '';
  const query = parts.params?.length ? `?${parts.params.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&')}` : '';
  return `postgresql://${userinfo}${host}${port}${database}${query}`;
}

/** Hosts that are this machine. `host.docker.internal` is the developer's own machine seen from a container. */
export function isLocalHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === '' || h.startsWith('/') || h.startsWith('@')) return true; // unix socket (or Linux abstract socket)
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (h === '::1' || h === '0:0:0:0:0:0:0:1' || h === '0.0.0.0' || h === 'host.docker.internal') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** The hosts a connection really goes to: an empty host is PGHOST when set (pg and libpq read it), else localhost. */
export function effectiveHosts(url: ServerUrl, env: NodeJS.ProcessEnv): string[] {
  return url.hosts
    .flatMap((h) => (h === '' ? (env.PGHOST ? env.PGHOST.split(',') : ['localhost']) : [h]))
    .map((h) => h.trim().toLowerCase());
}

/** A PGlite folder, or a server URL whose every host is this machine. */
export function isLocalUrl(url: DatabaseUrl, env: NodeJS.ProcessEnv): boolean {
  return url.kind === 'pglite' || effectiveHosts(url, env).every(isLocalHost);
}

/**
 * Masks every database URL and `password=` value in a free text (a command line, a message): a URL
 * that parses is shown masked, one that does not is cut to its scheme.
 */
export function maskSecrets(text: string): string {
  // A URL ends at whitespace only: user names and paths may hold quotes and brackets.
  const urls = text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)(\S*)/gi, (whole: string, scheme: string) => {
    for (let end = whole.length; end > scheme.length; end--) {
      if (end < whole.length && !/['"),.;\]}>]/.test(whole[end]!)) break;
      try {
        return parseDatabaseUrl(whole.slice(0, end)).masked + whole.slice(end);
      } catch {
        // try again without the trailing punctuation
      }
    }
    return /[@:]/.test(whole.slice(scheme.length)) ? `${scheme}***` : whole;
  });
  return urls.replace(/\b([a-z_]*(?:password|passwd|pass|pwd|secret|token))=[^&\s'"]*/gi, '$1=***');
}

/** One shell word (spaces and all) masked: `DATABASE_URL=postgres://u:pa ss@h/db` keeps no part of the password. */
export function maskWord(word: string): string {
  const start = word.search(/[a-z][a-z0-9+.-]*:\/\//i);
  if (start === -1) return maskSecrets(word);
  const scheme = SCHEME.exec(word.slice(start))![0];
  try {
    return word.slice(0, start) + parseDatabaseUrl(word.slice(start)).masked;
  } catch {
    return (
      maskSecrets(word.slice(0, start)) +
      (/[@:]/.test(word.slice(start + scheme.length)) ? `${scheme}***` : word.slice(start))
    );
  }
}
