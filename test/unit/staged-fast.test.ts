// The commit path's shortcut (cli/staged-fast.cts) carries its own copies of the path test, the
// cache reader and two messages, so that it loads nothing of the project's. These tests hold each
// copy to its original: a copy that says "irrelevant" where the engine would look is a commit
// let through unchecked.
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, realpathSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clearlyIrrelevant } from '../../src/engine/relevance.js';
import type { StagedFile } from '../../src/git/staged.js';
import { nothingRelevant, skippedConfig } from '../../src/messages.js';
import { hydrate, readCache, writeCache, type SerializedProject } from '../../src/project/cache.js';
import { schemaRegexes } from '../../src/project/drizzle-config.js';
import { FILE_NAMES } from '../helpers/file-names.js';

// The built module, as bin/ loads it (`npm test` builds first).
const { hydrateFast, irrelevantFast, NOTHING_RELEVANT, readCacheFast, skippedNote } = createRequire(import.meta.url)(
  '../../dist/cli/staged-fast.cjs',
) as typeof import('../../src/cli/staged-fast.cjs');

async function serialized(configFile: string, schema: string[], out: string): Promise<SerializedProject> {
  return {
    configFile,
    baseDir: path.posix.dirname(configFile).replace(/^\.$/, ''),
    dialect: 'postgresql',
    schema,
    out,
    prefix: 'index',
    breakpoints: true,
    migrationsTable: '__drizzle_migrations',
    migrationsSchema: 'drizzle',
    generateCommand: 'npm run db:generate',
    scripts: {},
    schemaRegexes: await schemaRegexes(schema, (p) => !/\.[a-z]+$/i.test(p)),
  } as SerializedProject;
}

const PROJECTS = [
  await serialized('drizzle.config.ts', ['src/db/schema', '!src/db/schema/legacy/**'], 'drizzle'),
  await serialized(
    'packages/api/db.config.mjs',
    ['packages/api/src/**/*.schema.ts', 'packages/api/enums.sql'],
    'packages/api/migrations',
  ),
  await serialized('apps/web/drizzle.config.json', ['apps/web/schema.ts'], 'apps/web/drizzle'),
];

/** Path segments that hit every branch of the path tests, and their near misses. */
const SEGMENTS = [
  'src',
  'db',
  'schema',
  'legacy',
  'drizzle',
  'meta',
  'migrations',
  'packages',
  'api',
  'apps',
  'web',
  'node_modules',
  '.github',
  'workflows',
  '.gitlab',
  'ci',
  '.husky',
  '_',
  'bin',
  'scripts',
  'script',
  'tools',
  '.githooks',
  'hooks',
  'docs',
];

const files = fc
  .tuple(fc.array(fc.constantFrom(...SEGMENTS), { maxLength: 4 }), fc.constantFrom(...FILE_NAMES))
  .map(([dirs, name]) => [...dirs, name].join('/'));
const staged = fc.oneof(
  files.map((p): StagedFile => ({ status: 'M', path: p })),
  fc.tuple(files, files).map(([p, old]): StagedFile => ({ status: 'R', path: p, oldPath: old })),
);
const fixed = (...parts: string[]) => parts.map((p): StagedFile => ({ status: 'M', path: p }));

describe('the shortcut agrees with the engine', () => {
  it('on which staged files concern no rule', () => {
    const engine = PROJECTS.map(hydrate);
    const fast = PROJECTS.map(hydrateFast);
    const seen = new Set<boolean>();
    const check = (f: StagedFile) => {
      const verdict = clearlyIrrelevant(f, engine);
      seen.add(verdict);
      expect(irrelevantFast(f, fast), JSON.stringify(f)).toBe(verdict);
    };
    for (const f of fixed(
      'README.md',
      'drizzle/notes.md',
      'packages/api/migrations/x.txt',
      'src/db/schema/a.md',
      'src/db/schema/legacy/a.md',
      'x.md',
    )) {
      check(f);
    }
    fc.assert(
      fc.property(staged, (f) => {
        check(f);
      }),
      { numRuns: 5000 },
    );
    expect([...seen].sort()).toEqual([false, true]);
  });

  it('on the messages it prints', () => {
    expect(NOTHING_RELEVANT).toBe(nothingRelevant);
    expect(skippedNote('a/drizzle.config.ts', 'dialect mysql')).toBe(
      skippedConfig('a/drizzle.config.ts', 'dialect mysql'),
    );
  });

  it('on the cache it reads (a cache version it does not know fails here, not on a commit)', () => {
    const root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'nexiom-fast-')));
    mkdirSync(path.join(root, 'node_modules'));
    writeFileSync(path.join(root, 'drizzle.config.ts'), 'export default {}\n');
    writeFileSync(path.join(root, 'package.json'), '{}\n');
    writeCache(
      root,
      ['drizzle.config.ts'],
      ['package.json'],
      [PROJECTS[0]!],
      { 'drizzle.config.ts': ['src/x.ts'] },
      'abc',
      {},
      [{ configFile: 'b/drizzle.config.ts', reason: 'dialect mysql' }],
    );
    const engine = readCache(root);
    expect(engine).not.toBeNull();
    expect(readCacheFast(root)).toEqual(engine);
    // A new checkout (the cache restored in CI): new mtimes, the same contents. Both still read it.
    const later = new Date(Date.now() + 60_000);
    for (const file of ['drizzle.config.ts', 'package.json']) utimesSync(path.join(root, file), later, later);
    expect(readCache(root)).toEqual(engine);
    expect(readCacheFast(root)).toEqual(engine);
    // Another content of the same size: neither does.
    writeFileSync(path.join(root, 'package.json'), '[]\n');
    expect(readCache(root)).toBeNull();
    expect(readCacheFast(root)).toBeNull();
    writeFileSync(path.join(root, 'package.json'), '{ }\n');
    expect(readCache(root)).toBeNull();
    expect(readCacheFast(root)).toBeNull();
  });
});
