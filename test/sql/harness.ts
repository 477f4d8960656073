/**
 * Runs the SQL rules over migrations given as text, in memory: the rules, the shared analysis,
 * the project's migration reader and the engine's suppression logic are the real ones; only the
 * git side is replaced by a file map (the CLI tests cover git). drizzle's journal is written the
 * way drizzle-kit writes it.
 */
import type { ChangedFile } from '../../src/git/changeset.js';
import type { Tree } from '../../src/git/tree.js';
import { applySuppressions, parseDirectives, SUPPRESSION_RULE_ID, type Range } from '../../src/engine/suppressions.js';
import { readMigrations } from '../../src/project/migrations.js';
import { DEFAULT_SETTINGS, type Settings } from '../../src/project/settings.js';
import { rules as allRules } from '../../src/rules/index.js';
import type { Finding, RuleContext, Severity } from '../../src/rules/types.js';
import { projectModel } from '../helpers/project.js';

class MemoryTree implements Tree {
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
export async function lintSql(input: string | Array<string | MigrationInput>, options: SqlLintOptions = {}): Promise<Finding[]> {
  const list = (Array.isArray(input) ? input : [input]).map((m, i) => (typeof m === 'string' ? { sql: m } : m));
  const files = new Map<string, string>();
  const entries = list.map((m, i) => {
    const tag = m.tag ?? `${String(i).padStart(4, '0')}_m${i}`;
    files.set(`drizzle/${tag}.sql`, m.sql);
    files.set(`drizzle/meta/${tag.split('_')[0]}_snapshot.json`, JSON.stringify({ id: `id${i}`, prevId: i ? `id${i - 1}` : '0', ...(m.snapshot ?? {}) }));
    return { idx: i, version: '7', when: 1_700_000_000_000 + i, tag, breakpoints: true };
  });
  files.set('drizzle/meta/_journal.json', JSON.stringify({ version: '7', dialect: 'postgresql', entries }));
  const tree = new MemoryTree(files);
  const settings: Settings = { ...DEFAULT_SETTINGS, ...options.settings };
  const selected = allRules.filter((r) =>
    options.rules ? options.rules.includes(r.meta.id) : r.meta.category === 'sql' && r.meta.defaultSeverity !== 'off',
  );
  const changed: ChangedFile[] = (options.added ?? []).map((tag) => ({ status: 'A', path: `drizzle/${tag}.sql` }));
  const changeSet = options.added ? { files: changed, description: 'test' } : null;
  const set = readMigrations(tree, 'drizzle');
  const project = await projectModel();
  const shared = new Map<string, Promise<unknown>>();
  const findings: Finding[] = [];
  const inspected = new Map<string, { text: string; ranges: readonly Range[] }>();
  const inspectedBy = new Map<string, Set<string>>();
  for (const rule of selected) {
    const severity = (settings.rules[rule.meta.id]?.severity ?? rule.meta.defaultSeverity) as Severity | 'off';
    const ctx: RuleContext = {
      mode: changeSet ? 'staged' : 'all',
      repoRoot: '/repo',
      changeSet,
      base: null,
      target: tree,
      project,
      projects: [project],
      settings,
      options: settings.rules[rule.meta.id]?.options ?? {},
      flags: {},
      migrations: (side) => (side === 'target' ? set : Promise.resolve(null)),
      projectChanges: () => ({ schema: [], migrations: changed, config: [] }),
      shared<T>(key: string, compute: () => Promise<T>) {
        if (!shared.has(key)) shared.set(key, compute());
        return shared.get(key) as Promise<T>;
      },
      report(r) {
        findings.push({ ...r, ruleId: rule.meta.id, severity: r.severity ?? (severity === 'off' ? 'error' : severity) });
      },
      inspected(file, text, ranges = []) {
        inspected.set(file, { text, ranges });
        if (!inspectedBy.has(file)) inspectedBy.set(file, new Set());
        inspectedBy.get(file)!.add(rule.meta.id);
      },
      progress() {},
    };
    await rule.check(ctx);
  }
  const directives = new Map([...inspected].map(([file, { text, ranges }]) => [file, parseDirectives(file, text, ranges)]));
  const { kept, problems } = applySuppressions({
    findings,
    directives,
    inspectedBy,
    knownRules: new Set(allRules.map((r) => r.meta.id)),
  });
  if (selected.some((r) => r.meta.id === SUPPRESSION_RULE_ID)) {
    for (const p of problems) kept.push({ ...p, ruleId: SUPPRESSION_RULE_ID, severity: 'error' });
  }
  return kept.sort((a, b) => (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0));
}

/** `ruleId@line` per finding: compact to assert on. */
export function ids(findings: Finding[]): string[] {
  return findings.map((f) => `${f.ruleId}@${f.line}`);
}
