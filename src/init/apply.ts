/**
 * Writes the plan all or nothing. Every new content is first written to a temporary file beside
 * its target (same folder, so the rename cannot cross file systems), then each temporary file is
 * renamed over its target: a reader never sees half a file. If any write or rename fails, every
 * file already replaced gets its old content back, new files and folders are removed, and the
 * error is rethrown. `rollback()` does the same later (a failed install): a file someone changed
 * since (the package manager adding devDependencies) is left alone.
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FileEdit } from './plan.js';

interface Done {
  edit: FileEdit;
  abs: string;
}

function writeAtomic(abs: string, content: string, mode: number | undefined): void {
  const tmp = `${abs}.nexiom-lint-${process.pid}.tmp`;
  try {
    writeFileSync(tmp, content, mode !== undefined ? { mode } : {});
    if (mode !== undefined) chmodSync(tmp, mode);
    renameSync(tmp, abs);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}

function modeOf(abs: string): number | undefined {
  try {
    return statSync(abs).mode & 0o777;
  } catch {
    return undefined;
  }
}

export class Transaction {
  private readonly done: Done[] = [];
  private readonly createdDirs: string[] = [];

  constructor(private readonly repoRoot: string) {}

  /** Writes every edit, or none: on failure restores what was written and rethrows. */
  apply(edits: FileEdit[]): void {
    const staged: Array<{ edit: FileEdit; abs: string; tmp: string }> = [];
    try {
      for (const edit of edits) {
        const abs = path.join(this.repoRoot, edit.file);
        const created = mkdirSync(path.dirname(abs), { recursive: true });
        if (created) this.createdDirs.push(created);
        const tmp = `${abs}.nexiom-lint-${process.pid}.tmp`;
        const mode = edit.before === null ? (edit.mode ?? 0o644) : modeOf(abs);
        writeFileSync(tmp, edit.after, mode !== undefined ? { mode } : {});
        if (mode !== undefined) chmodSync(tmp, mode);
        staged.push({ edit, abs, tmp });
      }
      for (const s of staged) {
        renameSync(s.tmp, s.abs);
        this.done.push({ edit: s.edit, abs: s.abs });
      }
    } catch (error) {
      for (const s of staged) rmSync(s.tmp, { force: true });
      this.rollback();
      throw error;
    }
  }

  /** Puts back every file this transaction wrote that still holds what it wrote. */
  rollback(): void {
    for (const { edit, abs } of this.done.splice(0).reverse()) {
      let current: string | null;
      try {
        current = readFileSync(abs, 'utf8');
      } catch {
        current = null;
      }
      if (current !== edit.after) continue;
      if (edit.before === null) unlinkSync(abs);
      else writeAtomic(abs, edit.before, modeOf(abs));
    }
    for (const dir of this.createdDirs.splice(0).reverse()) rmSync(dir, { recursive: true, force: true });
  }
}
