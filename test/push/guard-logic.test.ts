import { describe, expect, it } from 'vitest';
import { judgePush } from '../../src/push/guard.js';
import type { PushTarget } from '../../src/push/target.js';
import { isLocalHost, maskSecrets, parseDatabaseUrl } from '../../src/db/url.js';

const target = (url: string): PushTarget => ({
  ...parseDatabaseUrl(url, { pglitePaths: true }),
  source: 'DATABASE_URL',
});
const one = (url: string): PushTarget[] => [target(url)];

describe('database URLs', () => {
  it.each([
    ['postgres://app:s3cret@db.example.com:5432/app?sslmode=require', ['db.example.com']],
    ['postgresql://app@[::1]:5432/app', ['::1']],
    ['postgresql://h1:5432,h2.internal:5433/app', ['h1', 'h2.internal']],
    ['postgresql:///app', ['']],
    ['postgres://u:p@ss%word@db.example.com/app', ['db.example.com']],
    ['postgresql:///app?host=/var/run/postgresql', ['/var/run/postgresql']],
    ['postgresql://%2Fvar%2Frun%2Fpostgresql/app', ['/var/run/postgresql']],
    ['postgres://u:p@localhost/app?host=db.example.com', ['db.example.com']],
  ])('%s → %j', (url, hosts) => {
    expect(parseDatabaseUrl(url)).toMatchObject({ kind: 'server', hosts });
  });

  it('a bare path is a PGlite folder only where drizzle takes one; a malformed URL is never a path', () => {
    expect(parseDatabaseUrl('./.pglite', { pglitePaths: true })).toMatchObject({
      kind: 'pglite',
      dataDir: './.pglite',
    });
    expect(() => parseDatabaseUrl('./.pglite')).toThrow(/not a URL/);
    expect(() => parseDatabaseUrl('postgresql//u:secret@db.example.com/app', { pglitePaths: true })).toThrow(
      /postgres:\/\//,
    );
  });

  it.each([
    'localhost',
    'LOCALHOST',
    'api.localhost',
    '127.0.0.1',
    '127.1.2.3',
    '::1',
    '[::1]',
    '',
    '/tmp',
    'host.docker.internal',
    '0.0.0.0',
  ])('%s is local', (host) => {
    expect(isLocalHost(host)).toBe(true);
  });

  it.each(['db', 'db.example.com', '10.0.0.5', '192.168.1.10', '128.0.0.1', 'localhost.example.com', '::2'])(
    '%s is not local',
    (host) => {
      expect(isLocalHost(host)).toBe(false);
    },
  );

  it('masks passwords in URLs and password parameters', () => {
    expect(maskSecrets('postgres://app:s3cret@db/app and postgresql://x:y@h/db?password=abc&ssl=1')).toBe(
      'postgres://app:***@db/app and postgresql://x:***@h/db?password=***&ssl=1',
    );
    expect(maskSecrets('postgres://app@db/app')).toBe('postgres://app@db/app');
  });
});

describe('the guard verdict for --unsafe', () => {
  const local = one('postgres://postgres:pw@localhost:5432/app');
  const remote = one('postgres://app:pw@db.example.com:5432/app');

  it('lets a local push through outside CI and production', () => {
    expect(judgePush({}, local, undefined)).toMatchObject({ allowed: true, reasons: [] });
    expect(judgePush({ CI: 'false', NODE_ENV: 'development' }, local, undefined).allowed).toBe(true);
    expect(judgePush({}, one('./.pglite'), undefined).allowed).toBe(true);
  });

  it('refuses in CI, in production, for a remote host and for an unknown target', () => {
    expect(judgePush({ CI: 'true' }, local, undefined)).toMatchObject({ allowed: false, confirmName: 'localhost' });
    expect(judgePush({ CI: '1' }, local, undefined).allowed).toBe(false);
    expect(judgePush({ NODE_ENV: 'production' }, local, undefined).allowed).toBe(false);
    expect(judgePush({}, remote, undefined)).toMatchObject({ allowed: false, confirmName: 'db.example.com' });
    expect(judgePush({}, [], undefined)).toMatchObject({ allowed: false, confirmName: null });
  });

  it('accepts a confirmation only when it names the target host', () => {
    expect(judgePush({}, remote, 'db.example.com')).toMatchObject({ allowed: true, confirmed: true });
    expect(judgePush({}, remote, 'DB.EXAMPLE.COM').allowed).toBe(true);
    expect(judgePush({}, remote, 'localhost').allowed).toBe(false);
    expect(judgePush({}, remote, 'yes').allowed).toBe(false);
    expect(judgePush({ CI: 'true' }, local, 'localhost').allowed).toBe(true);
    expect(judgePush({}, [], 'anything').allowed).toBe(false);
  });

  it('needs every host of a multi-host URL named', () => {
    const multi = one('postgresql://localhost:5432,db.example.com:5432/app');
    expect(judgePush({}, multi, 'db.example.com').allowed).toBe(false);
    expect(judgePush({}, multi, 'localhost,db.example.com').allowed).toBe(true);
  });
});

describe('the guard judges every database the sources name', () => {
  it('an empty host is PGHOST when it is set, as pg and libpq read it', () => {
    expect(judgePush({}, one('postgres:///app'), undefined).allowed).toBe(true);
    expect(judgePush({ PGHOST: 'db.example.com' }, one('postgres:///app'), undefined)).toMatchObject({
      allowed: false,
      confirmName: 'db.example.com',
    });
  });

  it('a local DATABASE_URL does not cover a config that names a remote host', () => {
    const both = [
      target('postgres://u@localhost/app'),
      { ...target('postgres://u:pw@db.example.com/app'), source: 'dbCredentials.url in drizzle.config.ts' },
    ];
    const verdict = judgePush({}, both, undefined);
    expect(verdict.allowed).toBe(false);
    expect(verdict.reasons.join('\n')).toContain(
      'db.example.com is not this machine (postgres://u:***@db.example.com/app, from dbCredentials.url in drizzle.config.ts)',
    );
    expect(judgePush({}, both, 'localhost,db.example.com').allowed).toBe(true);
  });

  it('hostaddr counts as a host too', () => {
    expect(judgePush({}, one('postgres://u@localhost/app?hostaddr=10.0.0.5'), undefined).allowed).toBe(false);
  });
});
