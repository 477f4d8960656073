/**
 * A `Tree` is one side of a change set: a commit, the index, the working tree, or nothing (the
 * base of a first commit). Rules read files through it so that `--staged` judges what will be
 * committed (the index), not what sits in the working tree.
 *
 * All paths are repository-relative, with forward slashes.
 */
import { readFileSync, readlinkSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { BlobReader, git } from './exec.js';
import { splitZ } from './parse.js';

export interface Tree {
  readonly kind: 'commit' | 'index' | 'worktree' | 'empty';
  /** For humans: `HEAD`, `abc1234 (merge base of origin/main)`, `the index`, `the working tree`. */
  readonly label: string;
  /** Every file under `dir` (recursively), repository-relative; `''` means the whole repository. */
  list(dir: string): Promise<string[]>;
  /** The file's text, or undefined when it does not exist on this side. */
  read(file: string): Promise<string | undefined>;
  readBuffer(file: string): Promise<Buffer | undefined>;
  exists(file: string): Promise<boolean>;
  /**
   * Git blob ids of the files under `dir`, where git knows them without hashing (commits, the
   * index): lets callers cache facts about a file's content across runs.
   */
  blobIds?(dir: string): Promise<Map<string, string>>;
}

/**
 * Parses `git ls-tree -r -z` (`<mode> blob <sha>\t<path>`) and `git ls-files -s -z`
 * (`<mode> <sha> <stage>\t<path>`) records into path → sha.
 */
export function parseBlobIds(output: string, shaField: 1 | 2): Map<string, string> {
  const ids = new Map<string, string>();
  for (const record of splitZ(output)) {
    const tab = record.indexOf('\t');
    if (tab < 0) continue;
    const sha = record.slice(0, tab).split(' ')[shaField];
    if (sha) ids.set(record.slice(tab + 1), sha);
  }
  return ids;
}

function normalizeDir(dir: string): string {
  const clean = dir
    .replace(/\\/g, '/')
    .replace(/^\.\/?/, '')
    .replace(/\/+$/, '');
  return clean === '.' ? '' : clean;
}

abstract class GitTree implements Tree {
  abstract readonly kind: 'commit' | 'index';
  abstract readonly label: string;
  private listing: Promise<Set<string>> | null = null;
  protected constructor(
    protected readonly repoRoot: string,
    protected readonly reader: BlobReader,
  ) {}

  protected abstract objectName(file: string): string;
  protected abstract listAll(): Promise<string[]>;
  /** The blob id of one file, asked of git with the name as an argument (any byte but NUL works there). */
  protected abstract blobIdOf(file: string): Promise<string | undefined>;

  private all(): Promise<Set<string>> {
    this.listing ??= this.listAll().then((files) => new Set(files));
    return this.listing;
  }

  async list(dir: string): Promise<string[]> {
    const prefix = normalizeDir(dir);
    const files = await this.all();
    if (!prefix) return [...files];
    const withSlash = `${prefix}/`;
    return [...files].filter((f) => f.startsWith(withSlash));
  }

  async readBuffer(file: string): Promise<Buffer | undefined> {
    if (!(await this.all()).has(file)) return undefined;
    // `git cat-file --batch` reads one name a line: a name with a newline is read by its blob id.
    if (file.includes('\n')) {
      const sha = await this.blobIdOf(file);
      return sha ? this.reader.read(sha) : undefined;
    }
    return this.reader.read(this.objectName(file));
  }

  async read(file: string): Promise<string | undefined> {
    const buffer = await this.readBuffer(file);
    return buffer?.toString('utf8');
  }

  async exists(file: string): Promise<boolean> {
    return (await this.all()).has(file);
  }
}

export class CommitTree extends GitTree {
  readonly kind = 'commit' as const;
  constructor(
    repoRoot: string,
    reader: BlobReader,
    readonly rev: string,
    readonly label: string,
  ) {
    super(repoRoot, reader);
  }
  protected objectName(file: string): string {
    return `${this.rev}:${file}`;
  }
  protected async listAll(): Promise<string[]> {
    return splitZ(await git(['ls-tree', '-r', '-z', '--name-only', '--full-tree', this.rev], this.repoRoot));
  }
  /** A commit never changes: each folder's ids are asked of git once per run. */
  private readonly ids = new Map<string, Promise<Map<string, string>>>();
  blobIds(dir: string): Promise<Map<string, string>> {
    const key = normalizeDir(dir) || '.';
    let ids = this.ids.get(key);
    if (!ids) {
      ids = git(['ls-tree', '-r', '-z', '--full-tree', this.rev, '--', key], this.repoRoot).then((out) =>
        parseBlobIds(out, 2),
      );
      this.ids.set(key, ids);
    }
    return ids.then((found) => new Map(found));
  }
  protected async blobIdOf(file: string): Promise<string | undefined> {
    const out = await git(['ls-tree', '-z', '--full-tree', this.rev, '--', `:(literal,top)${file}`], this.repoRoot);
    return parseBlobIds(out, 2).get(file);
  }
}

export class IndexTree extends GitTree {
  readonly kind = 'index' as const;
  readonly label = 'the index (staged changes)';
  constructor(repoRoot: string, reader: BlobReader) {
    super(repoRoot, reader);
  }
  protected objectName(file: string): string {
    // `:path` is stage 0 of the index: exactly what `git commit` will record.
    return `:${file}`;
  }
  protected async listAll(): Promise<string[]> {
    return splitZ(await git(['ls-files', '-z', '--cached', '--full-name'], this.repoRoot));
  }
  async blobIds(dir: string): Promise<Map<string, string>> {
    const out = await git(
      ['ls-files', '-s', '-z', '--full-name', '--', `:(top)${normalizeDir(dir) || '.'}`],
      this.repoRoot,
    );
    return parseBlobIds(out, 1);
  }
  protected async blobIdOf(file: string): Promise<string | undefined> {
    const out = await git(['ls-files', '-s', '-z', '--full-name', '--', `:(literal,top)${file}`], this.repoRoot);
    return parseBlobIds(out, 1).get(file);
  }
}

/** The files on disk (tracked, plus untracked ones git does not ignore). */
export class WorktreeTree implements Tree {
  readonly kind = 'worktree' as const;
  readonly label = 'the working tree';
  private listing: Promise<Set<string>> | null = null;
  constructor(
    private readonly repoRoot: string,
    private readonly inGit: boolean,
  ) {}

  private all(): Promise<Set<string>> {
    this.listing ??= (this.inGit ? this.gitList() : walk(this.repoRoot, '')).then((f) => new Set(f));
    return this.listing;
  }

  private async gitList(): Promise<string[]> {
    // ls-files --cached still lists files deleted from disk but not yet staged: git lists those
    // too (one process, rather than a stat per file).
    const [out, deletedOut] = await Promise.all([
      git(['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--full-name'], this.repoRoot),
      git(['ls-files', '-z', '--deleted', '--full-name'], this.repoRoot),
    ]);
    const deleted = new Set(splitZ(deletedOut));
    return [...new Set(splitZ(out).filter((f) => !deleted.has(f)))];
  }

  async list(dir: string): Promise<string[]> {
    const prefix = normalizeDir(dir);
    const files = await this.all();
    if (!prefix) return [...files];
    return [...files].filter((f) => f.startsWith(`${prefix}/`));
  }

  async readBuffer(file: string): Promise<Buffer | undefined> {
    try {
      // Sync on purpose: migrations and snapshots are small, and fs/promises' readFile costs four
      // thread-pool round trips per file (open, fstat, read, close): 500 migrations took ~150 ms.
      return readFileSync(path.join(this.repoRoot, file));
    } catch (error) {
      // A symlink to a folder, which git lists as a file: its content is the link, as in a commit.
      if ((error as NodeJS.ErrnoException).code === 'EISDIR') {
        try {
          return Buffer.from(readlinkSync(path.join(this.repoRoot, file)));
        } catch {
          return undefined;
        }
      }
      return undefined;
    }
  }

  async read(file: string): Promise<string | undefined> {
    return (await this.readBuffer(file))?.toString('utf8');
  }

  async exists(file: string): Promise<boolean> {
    return (await this.all()).has(file);
  }

  /** Blob ids of the files that are as the index has them (modified and untracked ones have none). */
  async blobIds(dir: string): Promise<Map<string, string>> {
    if (!this.inGit) return new Map();
    const spec = `:(top)${normalizeDir(dir) || '.'}`;
    const [staged, modified] = await Promise.all([
      git(['ls-files', '-s', '-z', '--full-name', '--', spec], this.repoRoot),
      git(['diff-files', '-z', '--name-only', '--', spec], this.repoRoot),
    ]);
    const ids = parseBlobIds(staged, 1);
    for (const file of splitZ(modified)) ids.delete(file);
    return ids;
  }
}

/** The base of a repository's first commit. */
export class EmptyTree implements Tree {
  readonly kind = 'empty' as const;
  readonly label = 'the empty tree (first commit)';
  async list(): Promise<string[]> {
    return [];
  }
  async read(): Promise<undefined> {
    return undefined;
  }
  async readBuffer(): Promise<undefined> {
    return undefined;
  }
  async exists(): Promise<boolean> {
    return false;
  }
}

const SKIP_DIRS = new Set(['node_modules', '.git']);

async function walk(root: string, rel: string): Promise<string[]> {
  const entries = await readdir(path.join(root, rel), { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const entry of entries) {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) out.push(...(await walk(root, child)));
    } else if (entry.isFile()) out.push(child);
  }
  return out;
}
