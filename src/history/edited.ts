/**
 * Migrations that exist at the base and were changed, deleted or renamed. drizzle's migrator
 * stores each applied migration's hash but never compares it (0.x: high-water mark on `when`;
 * 1.0: by name), so an edit is silently ignored wherever the migration already ran, while a fresh
 * database runs the new text: environments drift apart with every test green.
 *
 * Hashes are compared exactly as the migrator computes them (see project/hash.ts), so a change
 * git reports that leaves the text identical (a mode change) is no finding, and a CRLF change is.
 */
import type { ChangedFile } from '../git/changeset.js';
import { migrationFileHash } from '../project/hash.js';
import type { Project } from '../project/model.js';
import type { Migration, MigrationSet } from '../project/migrations.js';
import { formatWhen, journalFileOf } from './format.js';
import type { HistoryFinding } from './finding.js';

export interface EditedOptions {
  /** Tag → reason: edits accepted on purpose (`rules["migration-edited"].allow`). */
  allow: Record<string, unknown>;
}

export async function editedFindings(
  target: MigrationSet,
  base: MigrationSet,
  changes: readonly ChangedFile[],
  project: Project,
  options: EditedOptions,
): Promise<HistoryFinding[]> {
  const findings: HistoryFinding[] = [];
  const changed = new Map<string, ChangedFile>();
  for (const f of changes) {
    changed.set(f.path, f);
    if (f.oldPath) changed.set(f.oldPath, f);
  }
  const atTarget = new Map(target.migrations.map((m) => [m.tag, m]));
  const folders = base.layout === 'folders';
  const fix = fixHelp(project);
  for (const before of base.migrations) {
    if (!before.hasSql) continue;
    const reason = options.allow[before.tag];
    if (typeof reason === 'string' && reason.trim()) continue;
    const allowNote =
      reason !== undefined ? ` (rules["migration-edited"].allow["${before.tag}"] needs a reason to take effect)` : '';
    const after = atTarget.get(before.tag);
    if (!after) {
      findings.push(gone(before, changed.get(before.sqlFile), target, folders, fix, allowNote));
      continue;
    }
    if (after.hasSql && changed.has(before.sqlFile)) {
      const [old, now] = await Promise.all([
        base.tree.readBuffer(before.sqlFile),
        target.tree.readBuffer(after.sqlFile),
      ]);
      if (old && now) {
        const oldHash = migrationFileHash(old);
        const newHash = migrationFileHash(now);
        if (oldHash !== newHash) {
          findings.push({
            message: `${after.sqlFile} was edited, but ${before.tag} already exists at the base: databases that ran it will never run the new text (drizzle stores the hash, was ${oldHash.slice(0, 12)}, now ${newHash.slice(0, 12)}, and never compares it), while fresh databases will.${allowNote}`,
            file: after.sqlFile,
            line: firstDifferentLine(old.toString(), now.toString()),
            help: fix,
            involves: { files: [after.sqlFile], tags: [after.tag] },
          });
        }
      }
    }
    if (before.entry && after.entry && !Object.is(before.entry.when, after.entry.when)) {
      findings.push({
        message: `The journal's "when" of ${before.tag} changed from ${formatWhen(before.entry.when)} to ${formatWhen(after.entry.when)}: databases recorded the old value as created_at, and the migrator decides what to run by comparing with it.${allowNote}`,
        file: journalFileOf(target),
        help: `Restore the old value (${before.entry.when}). ${fix}`,
        involves: { tags: [before.tag] },
      });
    }
  }
  return findings;
}

function gone(
  before: Migration,
  change: ChangedFile | undefined,
  target: MigrationSet,
  folders: boolean,
  fix: string,
  allowNote: string,
): HistoryFinding {
  const renamedTo = change?.status === 'R' && change.oldPath === before.sqlFile ? change.path : undefined;
  const consequence = folders
    ? 'drizzle 1.0 matches applied migrations by name, so under a new name it runs again where it already ran'
    : 'databases that ran it keep its changes, fresh ones do not get them, and the history no longer matches what databases recorded';
  return {
    message: renamedTo
      ? `${before.tag} exists at the base but was renamed (${before.sqlFile} → ${renamedTo}): ${consequence}.${allowNote}`
      : `${before.tag} exists at the base but was removed from ${folders ? `${target.out}/` : 'the journal'}: ${consequence}.${allowNote}`,
    file: renamedTo ?? (folders ? before.sqlFile : journalFileOf(target)),
    help: `Restore it (\`git checkout <base> -- ${before.sqlFile}\`${folders ? '' : ' and its journal entry'}). ${fix}`,
    involves: { files: [before.sqlFile], tags: [before.tag] },
  };
}

function fixHelp(project: Project): string {
  return (
    `Put the change in a new migration instead: change the schema and run \`${project.generateCommand}\`, or ` +
    '`drizzle-kit generate --custom` for a data fix. If every database that ran the old version is rebuilt ' +
    `anyway, accept it with a reason: "rules": { "migration-edited": ["error", { "allow": { "<tag>": "why" } }] } in nexiom-lint.config.json.`
  );
}

/** 1-based line of the first difference, for reviewers. */
function firstDifferentLine(a: string, b: string): number {
  const left = a.split('\n');
  const right = b.split('\n');
  const n = Math.max(left.length, right.length);
  for (let i = 0; i < n; i++) if (left[i] !== right[i]) return i + 1;
  return 1;
}
