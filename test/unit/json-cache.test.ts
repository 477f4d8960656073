// Versioned JSON caches (src/cache/json.ts): one key, atomic writes, a bad file is a miss.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cacheDir, readJsonCache, writeJsonCache } from '../../src/cache/json.js';
import { toolVersion } from '../../src/version.js';
import { cleanupAll, tempDir } from '../helpers/repo.js';

afterAll(cleanupAll);

describe('JSON caches', () => {
  it('read back what was written with the same format, nothing else', () => {
    const file = path.join(tempDir(), 'deep', 'cache.json');
    expect(writeJsonCache(file, 3, { entries: { a: 1 } })).toBe(true);
    expect(readJsonCache(file, 3)).toEqual({ entries: { a: 1 } });
    expect(readJsonCache(file, 4)).toBeNull();
    expect(JSON.parse(readFileSync(file, 'utf8')).key).toBe(`3@${toolVersion()}`);
    // Nothing is left beside it.
    expect(readdirSync(path.dirname(file))).toEqual(['cache.json']);
  });

  it('another release, a corrupt file, a missing one: a miss', () => {
    const dir = tempDir();
    const file = path.join(dir, 'cache.json');
    writeFileSync(file, JSON.stringify({ key: '3@0.0.0-older', entries: {} }));
    expect(readJsonCache(file, 3)).toBeNull();
    writeFileSync(file, '{"key": "3@');
    expect(readJsonCache(file, 3)).toBeNull();
    writeFileSync(file, '[1]');
    expect(readJsonCache(file, 3)).toBeNull();
    expect(readJsonCache(path.join(dir, 'none.json'), 3)).toBeNull();
    expect(readJsonCache(null, 3)).toBeNull();
  });

  it('a write that cannot happen costs nothing but the cache', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'file'), '');
    expect(writeJsonCache(path.join(dir, 'file', 'cache.json'), 1, {})).toBe(false);
    expect(writeJsonCache(null, 1, {})).toBe(false);
  });

  it('live under node_modules/.cache/nexiom-lint, only when node_modules exists', () => {
    const repo = tempDir();
    expect(cacheDir(repo)).toBeNull();
    mkdirSync(path.join(repo, 'node_modules'));
    expect(cacheDir(repo)).toBe(path.join(repo, 'node_modules', '.cache', 'nexiom-lint'));
    expect(existsSync(cacheDir(repo)!)).toBe(false);
  });
});
