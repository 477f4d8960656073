/**
 * Runs the SQL rules over migrations given as text, in memory, through the engine's own
 * `executeRules` (context, severities, suppressions, order): only the git side is replaced by a
 * file map (the CLI tests cover git). drizzle's journal is written the
 * way drizzle-kit writes it.
 */
import { executeRules } from '../../src/engine/execute.js';
import type { ChangedFile } from '../../src/git/changeset.js';
import type { Tree } from '../../src/git/tree.js';
import { DEFAULT_SETTINGS, type Settings } from '../../src/project/settings.js';
import { loadRules } from '../../src/rules/index.js';
import type { Finding } from '../../src/rules/types.js';
import { projectModel } from '../helpers/project.js';

export class MemoryTree implements Tree {
  readonly kind = 'worktree' as const;
  readonly label = 'memory';
  constructor(private readonly files: Map<string, string>) {}
  async list(dir: string) {
    return [...this.files.keys()].filter((f) => f.startsWith(`${dir}/`));
  }
  async read(file: string) {
    return this.files.get(file);
  }
  async readBuffer(file: string) {
    const text = this.files.get(file);
    return text === undefined ? undefined : Buffer.from(text);
  }
  async exists(file: string) {
    return this.files.has(file);
  }
}

export interface MigrationInput {
  /** `0001_add_phone`; defaults to `000<i>_m<i>`. */
  tag?: string;
  sql: string;
  /** The drizzle snapshot written with it (tables, enums ...), when a rule reads it. */
  snapshot?: Record<string, unknown>;
}

export interface SqlLintOptions {
  /** Tags the change set adds (diff mode); absent: `--all`. */
  added?: string[];
  /** Only these rule ids (default: every rule of the sql category that is on by default). */
  rules?: string[];
  settings?: Partial<Settings>;
}

/** Lints migrations; one string is one migration. Returns the findings after suppressions. */
export async function lintSql(
  input: string | Array<string | MigrationInput>,
  options: SqlLintOptions = {},
): Promise<Finding[]> {
  const list = (Array.isArray(input) ? input : [input]).map((m) => (typeof m === 'string' ? { sql: m } : m));
  const files = new Map<string, string>();
  const entries = list.map((m, i) => {
    const tag = m.tag ?? `${String(i).padStart(4, '0')}_m${i}`;
    files.set(`drizzle/${tag}.sql`, m.sql);
    files.set(
      `drizzle/meta/${tag.split('_')[0]}_snapshot.json`,
      JSON.stringify({ id: `id${i}`, prevId: i ? `id${i - 1}` : '0', ...(m.snapshot ?? {}) }),
    );
    return { idx: i, version: '7', when: 1_700_000_000_000 + i, tag, breakpoints: true };
  });
  files.set('drizzle/meta/_journal.json', JSON.stringify({ version: '7', dialect: 'postgresql', entries }));
  const tree = new MemoryTree(files);
  const settings: Settings = { ...DEFAULT_SETTINGS, ...options.settings };
  const rules = (await loadRules(options.rules)).filter(
    (r) => options.rules !== undefined || (r.meta.category === 'sql' && r.meta.defaultSeverity !== 'off'),
  );
  const changed: ChangedFile[] = (options.added ?? []).map((tag) => ({ status: 'A', path: `drizzle/${tag}.sql` }));
  const changeSet = options.added ? { files: changed, description: 'test' } : null;
  const project = await projectModel();
  const { findings } = await executeRules({
    repoRoot: '/repo',
    mode: changeSet ? 'staged' : 'all',
    changeSet,
    base: null,
    target: tree,
    projects: [project],
    settings,
    rules,
    named: options.rules ?? [],
  });
  return findings;
}

/** `ruleId@line` per finding: compact to assert on. */
export function ids(findings: Finding[]): string[] {
  return findings.map((f) => `${f.ruleId}@${f.line}`);
}
