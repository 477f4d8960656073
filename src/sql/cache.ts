/**
 * Parse results kept between runs in `node_modules/.cache/nexiom-lint/sql-ast.json`, keyed by the
 * sha1 of a migration's text and the libpg-query version. Parsing 500 migrations costs ~0.35 s
 * of CPU in a fresh process (the WebAssembly parser runs cold); reading them back ~30 ms, and the
 * parser is not even loaded when every file is known. Migrations rarely change once written, so
 * after the first run only new ones are parsed.
 *
 * Like the project cache, nothing is written when the repository has no node_modules folder, and
 * a cache that cannot be read or written only costs speed. A run over the whole project (`--all`)
 * drops the entries it did not use, so the file follows the project; diff runs only add.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDir, readJsonCache, writeJsonCache } from '../cache/json.js';
import type { StoredSql } from './parse.js';

const FORMAT = 5; // 3: NUL bytes reported as syntax errors; 4: statements inside DO blocks; 5: their IF / WHILE conditions
const FILE = 'sql-ast.json';

interface CacheFile {
  entries: Record<string, StoredSql>;
}

/** libpg-query's version, from its package.json (found without starting the CommonJS loader). */
function parserVersion(): string {
  try {
    let dir = path.dirname(fileURLToPath(import.meta.resolve('libpg-query')));
    for (let up = 0; up < 4; up++, dir = path.dirname(dir)) {
      try {
        const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
          name?: string;
          version?: string;
        };
        if (pkg.name === 'libpg-query' && pkg.version) return pkg.version;
      } catch {
        // No package.json at this level: go up.
      }
    }
  } catch {
    // Not resolvable: the parse step reports a missing parser.
  }
  return 'unknown';
}

export class AstCache {
  private readonly used = new Map<string, StoredSql>();
  private dirty = false;

  private constructor(
    private readonly file: string | null,
    /** The format and the parser's version: a tree from another parser is never read back. */
    private readonly key: string,
    private readonly entries: Record<string, StoredSql>,
  ) {}

  static open(repoRoot: string): AstCache {
    const dir = cacheDir(repoRoot);
    const key = `${FORMAT}:${parserVersion()}`;
    if (!dir) return new AstCache(null, key, {});
    const file = path.join(dir, FILE);
    // No cache yet, or an unreadable one: it is rebuilt on save.
    const data = readJsonCache<CacheFile>(file, key);
    return new AstCache(file, key, data?.entries && typeof data.entries === 'object' ? data.entries : {});
  }

  static hash(text: string): string {
    return createHash('sha1').update(text).digest('hex');
  }

  get(hash: string): StoredSql | undefined {
    const hit = this.entries[hash];
    if (hit) this.used.set(hash, hit);
    return hit;
  }

  put(hash: string, stored: StoredSql): void {
    this.used.set(hash, stored);
    this.dirty = true;
  }

  save(prune: boolean): void {
    const pruning = prune && this.used.size !== Object.keys(this.entries).length;
    if (!this.file || (!this.dirty && !pruning)) return;
    const entries = prune ? Object.fromEntries(this.used) : { ...this.entries, ...Object.fromEntries(this.used) };
    writeJsonCache(this.file, this.key, { entries } satisfies CacheFile);
  }
}
