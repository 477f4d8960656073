/**
 * The plan: every change init would make, computed in full before anything is written. Steps
 * read files through the plan (so a later step sees an earlier step's edit of the same file, e.g.
 * package.json gets scripts, `prepare` and a lint-staged key from three steps) and record what
 * they changed in words for the summary.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export interface FileEdit {
  /** Repository-relative posix path. */
  file: string;
  /** Content on disk when planned; null when the file does not exist. */
  before: string | null;
  after: string;
  /** What changed, in words: `db:check added`. */
  notes: string[];
  /** File mode for a new file (hooks are executable). */
  mode?: number;
}

export class Plan {
  private readonly edits = new Map<string, FileEdit>();
  /** Things the user should know that are not file edits (a step skipped, a file left as is). */
  readonly notices: string[] = [];
  /** Commands or edits left to the user, printed as next steps. */
  readonly nextSteps: string[] = [];

  constructor(readonly repoRoot: string) {}

  abs(file: string): string {
    return path.join(this.repoRoot, file);
  }

  /** The file as the plan has it so far: an earlier step's edit, else the disk; null if absent. */
  read(file: string): string | null {
    const edit = this.edits.get(file);
    if (edit) return edit.after;
    const abs = this.abs(file);
    if (!existsSync(abs) || !statSync(abs).isFile()) return null;
    return readFileSync(abs, 'utf8');
  }

  write(file: string, content: string, note: string, mode?: number): void {
    const edit = this.edits.get(file);
    if (edit) {
      edit.after = content;
      edit.notes.push(note);
      return;
    }
    this.edits.set(file, { file, before: this.read(file), after: content, notes: [note], ...(mode ? { mode } : {}) });
  }

  /** The edits that change something, in the order they were first planned. */
  changes(): FileEdit[] {
    return [...this.edits.values()].filter((e) => e.before !== e.after);
  }
}
