/**
 * Helpers for the history tests: copies of a repository built once per file (drizzle-kit runs
 * once per situation, not once per test), journal edits as a developer makes them, JSON output.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { repoAt, tempDir, type TempRepo } from '../helpers/repo.js';

export interface JsonFinding {
  ruleId: string;
  severity: string;
  message: string;
  file?: string;
  line?: number;
  help?: string;
  details?: string;
}

/** A fresh copy of a repository (work tree, .git, the node_modules link). */
export function copyRepo(repo: TempRepo): TempRepo {
  const dir = tempDir();
  cpSync(repo.dir, dir, { recursive: true, verbatimSymlinks: true });
  return repoAt(dir);
}

/** Runs nexiom-lint with --format json: the findings (exit code checked against them) and the notes. */
export function lintJson(repo: TempRepo, args: string[]): { findings: JsonFinding[]; notes: string[] } {
  const r = repo.run([...args, '--format', 'json']);
  if (r.code === 2 || !r.stdout.trim()) {
    throw new Error(`nexiom-lint ${args.join(' ')} exited ${r.code}:\n${r.stderr}${r.stdout}`);
  }
  const result = JSON.parse(r.stdout) as { findings: JsonFinding[]; summary: { notes: string[] } };
  expect(r.code).toBe(result.findings.some((f) => f.severity === 'error') ? 1 : 0);
  // These tests are about the history rules; the SQL rules (serial → identity ...) have their own.
  return { findings: result.findings.filter((f) => !f.ruleId.startsWith('sql-')), notes: result.summary.notes };
}

export function findings(repo: TempRepo, args: string[]): JsonFinding[] {
  return lintJson(repo, args).findings;
}

export const ids = (list: JsonFinding[]) => [...new Set(list.map((f) => f.ruleId))].sort();

export interface JournalFile {
  version: string;
  dialect: string;
  entries: Array<{ idx: number; version: string; when: number; tag: string; breakpoints: boolean }>;
}

export function readJournal(repo: TempRepo, out = 'drizzle'): JournalFile {
  return JSON.parse(readFileSync(path.join(repo.dir, out, 'meta/_journal.json'), 'utf8')) as JournalFile;
}

export function writeJournal(repo: TempRepo, journal: JournalFile, out = 'drizzle'): void {
  writeFileSync(path.join(repo.dir, out, 'meta/_journal.json'), JSON.stringify(journal, null, 2));
}

export function read(repo: TempRepo, file: string): string {
  return readFileSync(path.join(repo.dir, file), 'utf8');
}

/** drizzle-kit's timestamp prefixes have one-second resolution: two generates need a new second. */
export function nextSecond(): void {
  const wait = Math.ceil(Date.now() / 1000) * 1000 + 50 - Date.now();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, wait);
}
