/**
 * Snapshot ids by git blob id, kept between runs in `node_modules/.cache/nexiom-lint/` (as the
 * project cache): a blob's content never changes, so a 500-migration history is read once, and
 * later diff-mode runs (the pre-commit hook) read only the snapshots they have not seen.
 *
 * A blob parsed in full once (a run over the whole project checks that every snapshot is valid
 * JSON) is remembered as valid, so the next such run reads neither it nor its megabytes of JSON.
 *
 * File (cache/json.ts): { "key": …, "ids": { "<blob sha>": ["<id>", "<prevId>", ...] }, "valid": ["<blob sha>", ...] }
 */
import path from 'node:path';
import { cacheDir, readJsonCache, writeJsonCache } from '../cache/json.js';
import type { SnapshotIds } from '../project/migrations.js';

const VERSION = 2;
/** Bounds the file: a few thousand snapshots across branches is plenty. */
const MAX_ENTRIES = 20_000;

export class IdsCache {
  private added = 0;
  private constructor(
    private readonly file: string | null,
    private readonly ids: Map<string, string[]>,
    private readonly valid: Set<string>,
  ) {}

  static load(repoRoot: string): IdsCache {
    const dir = cacheDir(repoRoot);
    const file = dir ? path.join(dir, 'snapshot-ids.json') : null;
    let ids = new Map<string, string[]>();
    let valid = new Set<string>();
    // No cache yet, or a broken one: it is rebuilt from the snapshots.
    const data = readJsonCache<{ ids?: Record<string, string[]>; valid?: string[] }>(file, VERSION);
    if (data?.ids && typeof data.ids === 'object') {
      ids = new Map(Object.entries(data.ids));
      valid = new Set((Array.isArray(data.valid) ? data.valid : []).filter((sha) => ids.has(sha)));
    }
    return new IdsCache(file, ids, valid);
  }

  get(sha: string): SnapshotIds | undefined {
    const entry = this.ids.get(sha);
    if (!entry) return undefined;
    const [id, ...prevIds] = entry;
    return { ...(id ? { id } : {}), prevIds };
  }

  /** The ids of a blob known to be valid JSON as a whole (parsed in full before). */
  getValidated(sha: string): SnapshotIds | undefined {
    return this.valid.has(sha) ? this.get(sha) : undefined;
  }

  /** @param validated the whole blob was parsed as JSON, not only its head */
  set(sha: string, ids: SnapshotIds, validated = false): void {
    this.ids.set(sha, [ids.id ?? '', ...ids.prevIds]);
    if (validated) this.valid.add(sha);
    this.added++;
  }

  save(): void {
    if (!this.file || !this.added) return;
    const entries = [...this.ids].slice(-MAX_ENTRIES);
    const valid = entries.filter(([sha]) => this.valid.has(sha)).map(([sha]) => sha);
    writeJsonCache(this.file, VERSION, { ids: Object.fromEntries(entries), valid });
  }
}
