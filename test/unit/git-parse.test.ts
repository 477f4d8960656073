import { describe, expect, it } from 'vitest';
import { parseRawZ, splitZ } from '../../src/git/parse.js';

describe('parseRawZ', () => {
  it('reads modified, added, deleted, renamed and copied entries', () => {
    const out = [
      ':100644 100644 bcd1234 0123456 M',
      'src/schema/users.ts',
      ':000000 100644 0000000 1234567 A',
      'drizzle/0001_add phone.sql',
      ':100644 000000 1234567 0000000 D',
      'old.ts',
      ':100644 100644 abcd123 1234567 R086',
      'src/schema/old name.ts',
      'src/schema/new näme.ts',
      ':100644 100644 abcd123 1234567 C100',
      'a.ts',
      'b.ts',
      '',
    ].join('\0');
    expect(parseRawZ(out)).toEqual([
      { status: 'M', path: 'src/schema/users.ts', blob: '0123456' },
      { status: 'A', path: 'drizzle/0001_add phone.sql', blob: '1234567' },
      { status: 'D', path: 'old.ts' },
      { status: 'R', path: 'src/schema/new näme.ts', oldPath: 'src/schema/old name.ts', score: 86, blob: '1234567' },
      { status: 'C', path: 'b.ts', oldPath: 'a.ts', score: 100, blob: '1234567' },
    ]);
  });

  it('keeps newlines and quotes inside paths', () => {
    const out = ':000000 100644 0000000 1234567 A\0we"ird\nname.ts\0';
    expect(parseRawZ(out)).toEqual([{ status: 'A', path: 'we"ird\nname.ts', blob: '1234567' }]);
  });

  it('returns nothing for empty output', () => {
    expect(parseRawZ('')).toEqual([]);
    expect(splitZ('')).toEqual([]);
  });

  it('rejects output that is not --raw', () => {
    expect(() => parseRawZ('M\0file\0')).toThrow(/unexpected git --raw field/);
  });
});
