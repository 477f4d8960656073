/**
 * Property tests of the parsers that read what users commit: the journal, snapshots and migration
 * SQL. Whatever the bytes, they return the tool's own findings and never throw; the SQL split
 * is drizzle's migrator's own (`text.split("--> statement-breakpoint")`) and keeps positions.
 * Bounded runs, so they stay fast in CI.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Tree } from '../../src/git/tree.js';
import { integrityFindings } from '../../src/history/integrity.js';
import { outOfOrderFindings } from '../../src/history/out-of-order.js';
import { readMigrations, snapshotIdsFromHead, snapshotIdsOf, type Snapshot } from '../../src/project/migrations.js';
import { loadParser, parseMigrationSql } from '../../src/sql/parse.js';
import { BREAKPOINT, LineMap, splitChunks } from '../../src/sql/split.js';
import { projectModel } from '../helpers/project.js';

/** One side of a change set held in memory: the parsers only list and read files. */
function memoryTree(files: Record<string, string>): Tree {
  return {
    kind: 'worktree',
    label: 'memory',
    list: async (dir) => Object.keys(files).filter((f) => f.startsWith(`${dir}/`)),
    read: async (file) => files[file],
    readBuffer: async (file) => (files[file] === undefined ? undefined : Buffer.from(files[file]!)),
    exists: async (file) => file in files,
  };
}

const tag = fc.oneof(fc.constantFrom('0000_init', '0001_add_phone', '0002_x'), fc.string({ maxLength: 12 }));
const field = fc.oneof(
  fc.integer({ min: -5, max: 5 }),
  fc.double(),
  fc.constantFrom(1_700_000_000_000, 1_700_000_000_000_000_000, Number.MAX_SAFE_INTEGER + 2, 1e300),
  fc.string({ maxLength: 8 }),
  fc.constant(null),
  fc.constant(undefined),
  fc.boolean(),
);
const entry = fc.oneof(
  fc.record(
    {
      idx: field,
      version: fc.constant('7'),
      when: field,
      tag: fc.oneof(tag, field),
      breakpoints: fc.oneof(fc.boolean(), field),
    },
    { requiredKeys: [] },
  ),
  field,
  fc.array(field, { maxLength: 2 }),
);
const journal = fc.oneof(
  fc
    .record({
      version: fc.constant('7'),
      dialect: fc.constant('postgresql'),
      entries: fc.array(entry, { maxLength: 8 }),
    })
    .map((j) => JSON.stringify(j)),
  fc.json({ maxDepth: 3 }),
  fc.string({ maxLength: 40 }),
);

describe('the journal parser and the history rules', () => {
  it('never throw on any journal, and name every entry (never NaN, undefined or ".sql")', async () => {
    const project = await projectModel();
    await fc.assert(
      fc.asyncProperty(journal, fc.subarray(['0000_init', '0001_add_phone']), async (text, present) => {
        const files: Record<string, string> = { 'drizzle/meta/_journal.json': text };
        for (const t of present) files[`drizzle/${t}.sql`] = 'SELECT 1;';
        const set = await readMigrations(memoryTree(files), 'drizzle');
        for (const m of set.migrations) {
          expect(m.name).not.toBe('');
          expect(m.name).not.toMatch(/^(undefined)?(\.sql)?$/);
        }
        const found = [
          ...(await integrityFindings(set, project)),
          ...outOfOrderFindings(set, null, project, 1_800_000_000_000),
        ];
        for (const f of found) {
          expect(f.message).not.toMatch(/\bNaN\b|\bundefined\b|Invalid time value/);
          expect(f.help ?? '').not.toMatch(/\bundefined\b/);
        }
      }),
      { numRuns: 150 },
    );
  });
});

const snapshotJson = fc.record({
  id: fc.uuid(),
  prevId: fc.uuid(),
  version: fc.constantFrom('5', '6', '7'),
  dialect: fc.constant('postgresql'),
  tables: fc.dictionary(
    fc.string({ maxLength: 6 }),
    fc.json({ maxDepth: 2 }).map((j) => JSON.parse(j) as unknown),
    { maxKeys: 3 },
  ),
  enums: fc.constant({}),
});

describe('the snapshot reader', () => {
  it('reads the ids from the head exactly as the full parse does, for drizzle-kit output', () => {
    fc.assert(
      fc.property(snapshotJson, (s) => {
        const text = JSON.stringify(s, null, 2);
        expect(snapshotIdsFromHead(text)).toEqual(snapshotIdsOf(JSON.parse(text) as Snapshot));
      }),
      { numRuns: 200 },
    );
  });

  it('never throws on any text: a problem is recorded, or the ids are read', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.json({ maxDepth: 3 }),
          snapshotJson.map((s) => JSON.stringify(s)),
        ),
        async (text) => {
          expect(() => snapshotIdsFromHead(text)).not.toThrow();
          const set = await readMigrations(
            memoryTree({ 'drizzle/meta/_journal.json': '{"entries":[]}', 'drizzle/meta/0000_snapshot.json': text }),
            'drizzle',
          );
          const [ids, snapshot] = await Promise.all([
            set.readSnapshotIds('drizzle/meta/0000_snapshot.json'),
            set.readSnapshot('drizzle/meta/0000_snapshot.json'),
          ]);
          if (!snapshot) expect(set.problems.length).toBeGreaterThan(0);
          else expect(ids).toEqual(snapshotIdsOf(snapshot));
        },
      ),
      { numRuns: 150 },
    );
  });
});

// Text made of the pieces migrations are made of, so breakpoints, comments and quotes meet.
const sqlText = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        BREAKPOINT,
        '\n',
        ';',
        '--',
        '/*',
        '*/',
        "'",
        '"',
        '$$',
        '\0',
        'é',
        '\r\n',
        'CREATE TABLE "t" ("a" text)',
        'SELECT 1',
        'ALTER TABLE x ADD y int',
      ),
      fc.string({ maxLength: 6 }),
    ),
    { maxLength: 25 },
  )
  .map((parts) => parts.join(''));

describe('SQL splitting and parsing', () => {
  it("splits as drizzle's migrator does, and every piece sits at its offset", () => {
    fc.assert(
      fc.property(sqlText, (text) => {
        const chunks = splitChunks(text);
        expect(chunks.map((c) => c.text)).toEqual(text.split(BREAKPOINT));
        expect(chunks.map((c) => c.text).join(BREAKPOINT)).toBe(text);
        for (const c of chunks) expect(text.slice(c.offset, c.offset + c.text.length)).toBe(c.text);
      }),
      { numRuns: 200 },
    );
  });

  it('LineMap counts lines as splitting on newlines does', () => {
    fc.assert(
      fc.property(sqlText, fc.nat(), (text, n) => {
        const offset = text.length ? n % (text.length + 1) : 0;
        expect(new LineMap(text).line(offset)).toBe(text.slice(0, offset).split('\n').length);
      }),
      { numRuns: 200 },
    );
  });

  it('parses any text without throwing; errors and statements point inside the file', async () => {
    const api = await loadParser();
    fc.assert(
      fc.property(sqlText, (text) => {
        const parsed = parseMigrationSql(api, text);
        const lines = parsed.lines.lineCount;
        for (const e of parsed.errors) {
          expect(e.line).toBeGreaterThanOrEqual(1);
          expect(e.line).toBeLessThanOrEqual(lines);
          expect(typeof e.message).toBe('string');
        }
        for (const s of parsed.statements) {
          // NULs are blanked for the parser; a statement is still a slice of the file.
          expect(text.replace(/\0/g, ' ')).toContain(s.text.replace(/\0/g, ' '));
          expect(s.line).toBeGreaterThanOrEqual(1);
          expect(s.endLine).toBeLessThanOrEqual(lines);
        }
        if (text.includes('\0') && text.split(BREAKPOINT).some((p) => p.includes('\0'))) {
          expect(parsed.errors.some((e) => /NUL byte/.test(e.message))).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });
});
