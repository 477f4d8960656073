/**
 * Properties of the database URL parse and mask, over generated users, passwords, hosts, databases
 * and query parameters. The oracle is node-postgres' own parser (pg-connection-string, resolved
 * from pg as pg resolves it): what nexiom-lint reads is what pg would connect with.
 */
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDatabaseUrl, maskSecrets, parseDatabaseUrl, SECRET_PARAM, type ServerUrl } from '../../src/db/url.js';

const fromPg = createRequire(createRequire(import.meta.url).resolve('pg'));
const pgParse = (fromPg('pg-connection-string') as { parse: (s: string) => Record<string, unknown> }).parse;

const RUNS = { numRuns: 200 };
const text = (min: number, max: number) => fc.string({ unit: 'grapheme', minLength: min, maxLength: max });
const NAME_CHARS = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-. ', 'é', 'ß', '日', 'ж'];
const dbName = fc
  .string({ unit: fc.constantFrom(...NAME_CHARS), minLength: 1, maxLength: 20 })
  .filter((s) => s.trim() === s && s !== '' && s !== '.' && s !== '..'); // URL paths drop dot segments: pg cannot name those
/** Parameters pg does not fold into user/password/host/port/database. */
const paramName = fc
  .oneof(
    fc.constantFrom('sslmode', 'application_name', 'options', 'sslpassword', 'sslkey', 'connect_timeout'),
    fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz_'), minLength: 1, maxLength: 10 }),
  )
  .filter((k) => !['user', 'password', 'host', 'port', 'database', 'ssl', 'db', 'encoding'].includes(k));
const host = fc.oneof(fc.domain(), fc.ipV4(), fc.constant('localhost'));

const parts = fc.record({
  user: text(1, 12),
  password: text(1, 24),
  host,
  port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
  database: fc.option(dbName, { nil: undefined }),
  params: fc
    .array(fc.tuple(paramName, text(0, 12)), { maxLength: 3 })
    .map((list) => list.filter(([k], i) => list.findIndex(([o]) => o === k) === i)),
});

describe('database URLs (property-based)', () => {
  it('treats the parameters libpq and pg take secrets from as secret', () => {
    for (const name of ['password', 'sslpassword', 'sslkey']) expect(SECRET_PARAM.test(name)).toBe(true);
    for (const name of ['sslmode', 'application_name', 'host']) expect(SECRET_PARAM.test(name)).toBe(false);
  });

  it('parse(format(parts)) gives back the parts, and agrees with pg', () => {
    fc.assert(
      fc.property(parts, (p) => {
        const url = formatDatabaseUrl(p);
        const parsed = parseDatabaseUrl(url) as ServerUrl;
        expect(parsed.kind).toBe('server');
        expect(parsed.user).toBe(p.user);
        expect(parsed.password).toBe(p.password);
        expect(parsed.hosts).toEqual([p.host]);
        expect(parsed.ports).toEqual([p.port === undefined ? '' : String(p.port)]);
        expect(parsed.database).toBe(p.database ?? null);
        expect(parsed.params).toEqual(p.params);
        // (without parameters: pg reads sslkey and sslrootcert files while parsing)
        const pg = pgParse(formatDatabaseUrl({ ...p, params: [] }));
        expect([pg.user, pg.password, pg.host, pg.database ?? null]).toEqual([
          p.user,
          p.password,
          p.host,
          p.database ?? null,
        ]);
      }),
      RUNS,
    );
  });

  it('the masked URL, and any text that quotes the URL, never contain the password or a secret parameter', () => {
    fc.assert(
      fc.property(parts, (p) => {
        const url = formatDatabaseUrl(p);
        const secret = ([k]: [string, string]) => SECRET_PARAM.test(k);
        const withoutSecrets = formatDatabaseUrl({
          ...p,
          password: '',
          params: p.params.map(([k, v]) => [k, secret([k, v]) ? '***' : v]),
        });
        const secrets = [p.password, ...p.params.filter(secret).map(([, v]) => v)].filter((s) => s.length >= 2);
        const forms = secrets.flatMap((s) => [s, encodeURIComponent(s)]);
        // A secret that is also part of what may be shown (the host, the words around the URL) proves nothing.
        fc.pre(forms.every((s) => !`${withoutSecrets} connecting to failed ***`.includes(s)));
        const { masked } = parseDatabaseUrl(url);
        const quoted = maskSecrets(`connecting to ${url} failed`);
        for (const secret of forms) {
          expect(masked).not.toContain(secret);
          expect(quoted).not.toContain(secret);
        }
        expect(masked.startsWith(`postgresql://${encodeURIComponent(p.user)}:***@`)).toBe(true);
      }),
      RUNS,
    );
  });

  it('a password written without percent-encoding is read as pg reads it, and masked whole', () => {
    const raw = fc.string({ unit: fc.constantFrom(...'ab1@%: !$&*+=;,~'), minLength: 1, maxLength: 16 });
    fc.assert(
      fc.property(raw, fc.domain(), (password, hostname) => {
        const url = `postgres://app:${password}@${hostname}/db`;
        let pg: Record<string, unknown>;
        try {
          pg = pgParse(url);
        } catch {
          // pg cannot read it: neither may nexiom-lint, and the refusal must not quote it.
          expect(() => parseDatabaseUrl(url)).toThrow();
          try {
            parseDatabaseUrl(url);
          } catch (error) {
            expect((error as Error).message).not.toContain(password);
          }
          return;
        }
        const parsed = parseDatabaseUrl(url) as ServerUrl;
        expect(parsed.password).toBe(pg.password);
        expect(parsed.hosts).toEqual([pg.host]);
        fc.pre(password.length >= 2 && !`postgres://app:***@${hostname}/db`.includes(password));
        expect(parsed.masked).toBe(`postgres://app:***@${hostname}/db`);
      }),
      RUNS,
    );
  });
});
