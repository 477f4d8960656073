import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { canonical, legacyRenameQuestions, sameDdl, sameLegacySnapshot } from '../../src/drift/compare.js';
import { aliasesFor, parseJsonc } from '../../src/drift/tsconfig-paths.js';
import { sqlDetails } from '../../src/drift/describe.js';
import { cleanupAll, tempDir } from '../helpers/repo.js';

afterAll(cleanupAll);

describe('drift comparison', () => {
  it('ignores key order, ids and the rename metadata of the last migration', () => {
    const prev = {
      id: 'a',
      prevId: 'z',
      version: '7',
      tables: { t: { name: 't', columns: {} } },
      _meta: { columns: { x: 'y' } },
    };
    const cur = {
      tables: { t: { columns: {}, name: 't' } },
      version: '7',
      id: 'b',
      prevId: 'a',
      _meta: { columns: {} },
    };
    expect(sameLegacySnapshot(prev, cur)).toBe(true);
    expect(sameLegacySnapshot(prev, { ...cur, enums: { e: { values: ['a'] } } })).toBe(false);
    expect(canonical({ b: 1, a: [2, { d: 3, c: 4 }] })).toBe('{"a":[2,{"c":4,"d":3}],"b":1}');
  });

  it('compares 1.0 ddl rows as a set', () => {
    expect(sameDdl({ ddl: [{ a: 1 }, { b: 2 }] }, { ddl: [{ b: 2 }, { a: 1 }] })).toBe(true);
    expect(sameDdl({ ddl: [{ a: 1 }] }, { ddl: [{ a: 2 }] })).toBe(false);
  });

  it('words the rename questions drizzle-kit 0.31 would ask', () => {
    const table = (columns: string[]) => ({
      name: 'users',
      schema: '',
      columns: Object.fromEntries(columns.map((c) => [c, {}])),
    });
    const prev = { tables: { 'public.users': table(['id', 'name']) } };
    const cur = { tables: { 'public.users': table(['id', 'full_name']) } };
    expect(legacyRenameQuestions(prev, cur)).toEqual(['column users.name removed and users.full_name added']);
    expect(legacyRenameQuestions(prev, { tables: { 'public.people': table(['id']) } })).toEqual([
      'table public.users removed and public.people added',
    ]);
  });

  it('formats statements as SQL with a limit', () => {
    expect(sqlDetails(['ALTER TABLE "a" ADD COLUMN "b" text', 'DROP TABLE "c";'])).toBe(
      'ALTER TABLE "a" ADD COLUMN "b" text;\nDROP TABLE "c";',
    );
    const many = Array.from({ length: 50 }, (_, i) => `SELECT ${i}`);
    expect(sqlDetails(many).split('\n').pop()).toBe('-- … 10 more lines');
  });
});

describe('tsconfig paths as aliases', () => {
  it('parses comments and trailing commas, follows extends, keeps only exact and trailing-/* mappings', () => {
    expect(parseJsonc('{ // c\n "a": "http://x", /* b */ "c": [1,], }')).toEqual({ a: 'http://x', c: [1] });
    const dir = tempDir();
    mkdirSync(path.join(dir, 'src/lib'), { recursive: true });
    writeFileSync(
      path.join(dir, 'tsconfig.base.json'),
      '{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["./src/*"], "~lib": ["./src/lib"], "x/*/y": ["./z/*/y"] } } }',
    );
    writeFileSync(path.join(dir, 'tsconfig.json'), '{ "extends": "./tsconfig.base.json", }');
    // An explicit baseUrl also resolves bare names under it (`src/lib/x`), as tsc and tsx do.
    expect(aliasesFor(path.join(dir, 'src'))).toEqual({
      '@/': path.join(dir, 'src'),
      '~lib': path.join(dir, 'src/lib'),
      'src/': path.join(dir, 'src'),
    });
  });
});
