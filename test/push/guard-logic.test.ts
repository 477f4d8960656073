import { describe, expect, it } from 'vitest';
import { judgePush } from '../../src/push/guard.js';
import type { PushTarget } from '../../src/push/target.js';
import { isLocalHost, maskSecrets, parseDatabaseUrl } from '../../src/push/url.js';

const target = (url: string): PushTarget => ({ ...parseDatabaseUrl(url), source: 'DATABASE_URL' });

describe('database URLs', () => {
  it.each([
    ['postgres://app:s3cret@db.example.com:5432/app?sslmode=require', ['db.example.com']],
    ['postgresql://app@[::1]:5432/app', ['::1']],
    ['postgresql://h1:5432,h2.internal:5433/app', ['h1', 'h2.internal']],
    ['postgresql:///app', ['']],
    ['postgresql:///app?host=/var/run/postgresql', ['/var/run/postgresql']],
    ['postgresql://%2Fvar%2Frun%2Fpostgresql/app', ['/var/run/postgresql']],
    ['postgres://u:p@localhost/app?host=db.example.com', ['db.example.com']],
  ])('%s → %j', (url, hosts) => {
    expect(parseDatabaseUrl(url)).toMatchObject({ hosts, path: false });
  });

  it('a value that is not a URL is a path (PGlite folder)', () => {
    expect(parseDatabaseUrl('./.pglite')).toMatchObject({ hosts: [], path: true });
  });

  it.each(['localhost', 'LOCALHOST', 'api.localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]', '', '/tmp', 'host.docker.internal', '0.0.0.0'])(
    '%s is local',
    (host) => {
      expect(isLocalHost(host)).toBe(true);
    },
  );

  it.each(['db', 'db.example.com', '10.0.0.5', '192.168.1.10', '128.0.0.1', 'localhost.example.com', '::2'])('%s is not local', (host) => {
    expect(isLocalHost(host)).toBe(false);
  });

  it('masks passwords in URLs and password parameters', () => {
    expect(maskSecrets('postgres://app:s3cret@db/app and postgresql://x:y@h/db?password=abc&ssl=1')).toBe(
      'postgres://app:****@db/app and postgresql://x:****@h/db?password=****&ssl=1',
    );
    expect(maskSecrets('postgres://app@db/app')).toBe('postgres://app@db/app');
  });
});

describe('the guard verdict for --unsafe', () => {
  const local = target('postgres://postgres:pw@localhost:5432/app');
  const remote = target('postgres://app:pw@db.example.com:5432/app');

  it('lets a local push through outside CI and production', () => {
    expect(judgePush({}, local, undefined)).toMatchObject({ allowed: true, reasons: [] });
    expect(judgePush({ CI: 'false', NODE_ENV: 'development' }, local, undefined).allowed).toBe(true);
  });

  it('refuses in CI, in production, for a remote host and for an unknown target', () => {
    expect(judgePush({ CI: 'true' }, local, undefined)).toMatchObject({ allowed: false, confirmName: 'localhost' });
    expect(judgePush({ CI: '1' }, local, undefined).allowed).toBe(false);
    expect(judgePush({ NODE_ENV: 'production' }, local, undefined).allowed).toBe(false);
    expect(judgePush({}, remote, undefined)).toMatchObject({ allowed: false, confirmName: 'db.example.com' });
    expect(judgePush({}, null, undefined)).toMatchObject({ allowed: false, confirmName: null });
  });

  it('accepts a confirmation only when it names the target host', () => {
    expect(judgePush({}, remote, 'db.example.com')).toMatchObject({ allowed: true, confirmed: true });
    expect(judgePush({}, remote, 'DB.EXAMPLE.COM').allowed).toBe(true);
    expect(judgePush({}, remote, 'localhost').allowed).toBe(false);
    expect(judgePush({}, remote, 'yes').allowed).toBe(false);
    expect(judgePush({ CI: 'true' }, local, 'localhost').allowed).toBe(true);
    expect(judgePush({}, null, 'anything').allowed).toBe(false);
  });

  it('needs every host of a multi-host URL named', () => {
    const multi = target('postgresql://localhost:5432,db.example.com:5432/app');
    expect(judgePush({}, multi, 'db.example.com').allowed).toBe(false);
    expect(judgePush({}, multi, 'localhost,db.example.com').allowed).toBe(true);
  });
});
