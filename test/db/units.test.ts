/** Pure parts of the database side: URL masking, status classification, baseline plans, catalog diffs. */
import { describe, expect, it } from 'vitest';
import { planBaseline } from '../../src/db/baseline.js';
import { unqualify, type Catalog, type CatalogObject } from '../../src/db/catalog.js';
import { diffCatalogs, formatDiff } from '../../src/db/diff.js';
import { folderMillis, type LocalMigration } from '../../src/db/local.js';
import { computeStatus } from '../../src/db/status.js';
import type { MigrationsTable } from '../../src/db/table.js';
import { resolveTarget } from '../../src/db/target.js';
import { maskIn, parseDatabaseUrl } from '../../src/db/url.js';

const maskUrl = (url: string) => parseDatabaseUrl(url).masked;

const m = (tag: string, createdAt: number, hash = `h-${tag}`, name?: string): LocalMigration => ({
  tag,
  sqlFile: `drizzle/${tag}.sql`,
  hash,
  createdAt,
  ...(name ? { name } : {}),
  sql: '',
  statements: [],
});
const table = (rows: Array<[string, number | null, string?]>, hasName = false): MigrationsTable => ({
  exists: true,
  hasName,
  rows: rows.map(([hash, createdAt, name], i) => ({
    id: i + 1,
    hash,
    createdAt,
    ...(hasName ? { name: name ?? null } : {}),
  })),
});

describe('URLs', () => {
  it('masks passwords in URLs and in messages that quote them', () => {
    expect(maskUrl('postgres://app:s3cret@db.internal:5432/prod')).toBe('postgres://app:***@db.internal:5432/prod');
    expect(maskUrl('postgresql://db/prod?user=app&password=s3cret&sslmode=require')).toBe(
      'postgresql://db/prod?user=app&password=***&sslmode=require',
    );
    expect(maskUrl('postgres://app@db/prod')).toBe('postgres://app@db/prod');
    const url = 'postgres://app:p%40ss@db/prod';
    expect(maskIn(`cannot reach ${url}; password p@ss rejected`, parseDatabaseUrl(url))).toBe(
      'cannot reach postgres://app:***@db/prod; password *** rejected',
    );
  });

  it('takes --url, then DATABASE_URL, then the config; pglite: for an embedded database', () => {
    expect(resolveTarget({ flag: 'postgres://a/b', env: { DATABASE_URL: 'postgres://c/d' } })).toMatchObject({
      raw: 'postgres://a/b',
      source: '--url',
    });
    expect(
      resolveTarget({ env: { DATABASE_URL: 'postgres://c/d' }, credentials: { url: 'postgres://e/f' } }),
    ).toMatchObject({ source: 'DATABASE_URL' });
    expect(
      resolveTarget({ env: {}, credentials: { url: 'postgres://e/f' }, configFile: 'drizzle.config.ts' }).source,
    ).toContain('drizzle.config.ts');
    expect(resolveTarget({ env: {}, flag: 'pglite:./data' })).toMatchObject({ kind: 'pglite', dataDir: './data' });
    expect(() => resolveTarget({ env: {} })).toThrow(/No database to connect to/);
    expect(() => resolveTarget({ env: {}, flag: 'mysql://u:topsecret@h/d' })).toThrow(
      /a mysql:\/\/ URL is not a PostgreSQL URL/,
    );
    expect(() => resolveTarget({ env: {}, flag: 'mysql://u:topsecret@h/d' })).not.toThrow(/topsecret/);
  });
});

describe('status (0.x migrator: a high-water mark on created_at)', () => {
  const local = [m('0000_init', 100), m('0001_b', 300), m('0002_late', 200)];

  it('applied, pending, and a merged-late migration that will be skipped', () => {
    const s = computeStatus(
      local,
      table([
        ['h-0000_init', 100],
        ['h-0001_b', 300],
      ]),
      'journal',
    );
    expect(s.migrations.map((x) => x.state)).toEqual(['applied', 'applied', 'skipped']);
    expect(s.problems).toBe(1);
    expect(s.migrations[2]!.note).toContain('0001_b');
    const fresh = computeStatus(local, table([['h-0000_init', 100]]), 'journal');
    expect(fresh.migrations.map((x) => x.state)).toEqual(['applied', 'pending', 'pending']);
    expect(fresh.problems).toBe(0);
  });

  it('an edited file, and a Date.now() row that hides everything older', () => {
    const edited = computeStatus(local, table([['other', 100]]), 'journal');
    expect(edited.migrations[0]!.state).toBe('edited');
    const now = computeStatus(local, table([['baseline', 10_000]]), 'journal');
    expect(now.migrations.map((x) => x.state)).toEqual(['skipped', 'skipped', 'skipped']);
    expect(now.unknown.map((r) => r.hash)).toEqual(['baseline']);
  });

  it('a row with the right hash but another created_at still counts as applied, with a note', () => {
    const s = computeStatus(local, table([['h-0000_init', 150]]), 'journal');
    expect(s.migrations[0]).toMatchObject({ state: 'applied' });
    expect(s.migrations[0]!.note).toContain('created_at 150');
    expect(s.unknown).toEqual([]);
  });
});

describe('status (1.0 migrator: rows matched by name)', () => {
  const local = [
    m('20250101120000_init', folderMillis('20250101120000'), 'h1', '20250101120000_init'),
    m('20240101000000_old', folderMillis('20240101000000'), 'h2', '20240101000000_old'),
  ];

  it('nothing is skipped: an older unapplied migration is pending', () => {
    const s = computeStatus(
      local,
      table([['h1', folderMillis('20250101120000'), '20250101120000_init']], true),
      'folders',
    );
    expect(s.matchBy).toBe('name');
    expect(s.migrations.map((x) => x.state)).toEqual(['applied', 'pending']);
  });

  it('folder prefixes are UTC, as drizzle computes them', () => {
    expect(folderMillis('20250101120000')).toBe(Date.UTC(2025, 0, 1, 12, 0, 0));
  });

  it('a 0.x-shaped table under a 1.0 project matches created_at to the second', () => {
    const s = computeStatus(local, table([['h1', folderMillis('20250101120000') + 999]]), 'folders');
    expect(s.migrations[0]!.state).toBe('applied');
  });
});

describe('baseline plan', () => {
  const local = [m('0000_init', 100), m('0001_b', 200)];
  it('writes only missing rows and refuses conflicting ones', () => {
    const empty: MigrationsTable = { exists: false, hasName: false, rows: [] };
    const plan = planBaseline(local, local, computeStatus(local, empty, 'journal'), 'journal');
    expect(plan.rows).toEqual([
      { tag: '0000_init', hash: 'h-0000_init', createdAt: 100 },
      { tag: '0001_b', hash: 'h-0001_b', createdAt: 200 },
    ]);
    const half = planBaseline(local, local, computeStatus(local, table([['h-0000_init', 100]]), 'journal'), 'journal');
    expect(half.rows.map((r) => r.tag)).toEqual(['0001_b']);
    const ahead = planBaseline(
      local,
      local.slice(0, 1),
      computeStatus(
        local,
        table([
          ['h-0000_init', 100],
          ['h-0001_b', 200],
        ]),
        'journal',
      ),
      'journal',
    );
    expect(ahead.conflicts[0]).toContain('the database is ahead');
    const stray = planBaseline(local, local, computeStatus(local, table([['x', 999]]), 'journal'), 'journal');
    expect(stray.conflicts[0]).toContain('matches no migration file');
  });
});

describe('catalog diff', () => {
  const catalog = (objects: CatalogObject[]): Catalog => ({
    schemas: ['public'],
    objects: new Map(objects.map((o) => [`${o.kind} ${o.name}`, o])),
  });
  it('groups by table, and a missing table is one line', () => {
    const expected = catalog([
      { kind: 'table', name: 'public.a', definition: '' },
      { kind: 'column', name: 'public.a.x', parent: 'public.a', definition: 'text' },
      { kind: 'table', name: 'public.b', definition: '' },
      { kind: 'column', name: 'public.b.y', parent: 'public.b', definition: 'integer' },
    ]);
    const actual = catalog([
      { kind: 'table', name: 'public.a', definition: '' },
      { kind: 'column', name: 'public.a.x', parent: 'public.a', definition: 'text NOT NULL' },
    ]);
    const diff = diffCatalogs(expected, actual);
    expect(diff.changes).toHaveLength(2);
    expect(formatDiff(diff, { expected: 'the migrations', actual: 'the database' })).toBe(
      [
        '  public.a',
        '    ~ column public.a.x',
        '        the migrations: text',
        '        the database:   text NOT NULL',
        '  public.b',
        '    - table public.b  (in the migrations, not in the database)',
      ].join('\n'),
    );
  });

  it('view bodies compare alike whether or not Postgres qualified the columns', () => {
    expect(unqualify('SELECT items.id, items.name FROM app.items WHERE items.price < 10', ['items'])).toBe(
      'SELECT id, name FROM app.items WHERE price < 10',
    );
  });
});

describe('db options', async () => {
  const { toDbOptions, dbHelp } = await import('../../src/cli/db-options.js');
  it('rejects what cannot work together, and documents every option', () => {
    expect(() => toDbOptions({ 'dry-run': true, yes: true })).toThrow(/cannot be combined/);
    expect(() => toDbOptions({ format: 'sarif' })).toThrow(/pretty or json/);
    expect(() => toDbOptions({ timeout: '0' })).toThrow(/--timeout/);
    expect(toDbOptions({ to: '0003', force: true })).toMatchObject({
      to: '0003',
      force: true,
      dryRun: false,
      timeoutSeconds: 10,
    });
    for (const flag of ['--url', '--to', '--dry-run', '--yes', '--force', '--format', '--timeout']) {
      expect(dbHelp()).toContain(flag);
    }
  });
});
