/**
 * Structural checks of one migrations folder: every journal entry has its SQL file and its
 * snapshot, every migration-named SQL file is in the journal, idx runs 0, 1, 2 ..., each snapshot
 * was generated on top of the one before it, all JSON parses, and nothing in `meta/` confuses
 * drizzle-kit. Each finding names the files and tags it involves, for the diff-mode scope.
 */
import type { Project } from '../project/model.js';
import type { Migration, MigrationSet } from '../project/migrations.js';
import { journalFileOf, migrationBySnapshot } from './format.js';
import { idxFindings, journalFieldFindings } from './journal-checks.js';
import { latestSnapshotFindings } from './snapshot-shape.js';
import { ORIGIN_ID, snapshotGraph, type FullParse, type SnapshotGraph } from './graph.js';
import type { HistoryFinding } from './finding.js';

export type { HistoryFinding } from './finding.js';

export async function integrityFindings(
  set: MigrationSet,
  project: Project,
  full?: FullParse,
  repoRoot?: string,
): Promise<HistoryFinding[]> {
  const findings: HistoryFinding[] = [];
  if (set.outIssue) return [outFinding(set, project)];
  const graph = await snapshotGraph(set, full, repoRoot);
  if (set.layout === 'journal') journalChecks(set, project, graph, findings);
  if (set.layout === 'folders') folderChecks(set, graph, findings);
  duplicateIds(graph, findings);
  findings.push(...(await latestSnapshotFindings(set, project.generateCommand)));
  // Last: reading the snapshots above adds their JSON problems to the set.
  for (const problem of set.problems) {
    findings.push({
      message: `${problem.file} is not valid JSON (${problem.message}): drizzle-kit stops on it, and the history rules cannot read it.`,
      file: problem.file,
      ...(problem.line ? { line: problem.line, column: problem.column } : {}),
      help: 'Fix the file (a merge conflict marker is the usual cause), or restore it from git: `git checkout <commit> -- <file>`.',
      involves: { files: [problem.file] },
    });
  }
  return findings;
}

function journalChecks(set: MigrationSet, project: Project, graph: SnapshotGraph, findings: HistoryFinding[]): void {
  const journalFile = journalFileOf(set);
  const out = set.out === '' ? '.' : set.out;
  if (!set.files.includes(journalFile)) {
    findings.push({
      message: `${journalFile} is missing: drizzle's migrator stops with "Can't find meta/_journal.json file" and applies nothing.`,
      file: journalFile,
      help: `Restore it from git (\`git log --oneline -- ${journalFile}\` finds the last version).`,
      involves: { files: [journalFile] },
    });
  }
  if (set.foreignLayoutFiles.length) {
    const shown = set.foreignLayoutFiles.slice(0, 3).join(', ');
    findings.push({
      message: `${out}/ mixes both layouts: ${shown} belong to drizzle-kit 1.0 migration folders, next to the 0.x journal. The 0.x migrator never runs them; the 1.0 migrator refuses a folder that still has meta/_journal.json.`,
      file: set.foreignLayoutFiles[0],
      help: 'Keep one layout: upgrade the whole folder with `drizzle-kit up` (1.0), or remove the 1.0 folders.',
      involves: { files: set.foreignLayoutFiles },
    });
  }
  const entries = set.migrations;
  const prefixCount = new Map<string, number>();
  for (const m of entries) prefixCount.set(m.prefix, (prefixCount.get(m.prefix) ?? 0) + 1);
  const seenTags = new Set<string>();
  entries.forEach((m) => {
    // An entry without a usable tag names no file: journalFieldFindings says what the migrator does.
    if (!m.tag) return;
    if (seenTags.has(m.tag)) {
      findings.push({
        message: `${m.tag} is listed twice in ${journalFile}: the migrator reads the file twice, and one entry is either skipped or applied a second time.`,
        file: journalFile,
        help: 'Remove the duplicate entry (keep the first), then check that idx runs 0, 1, 2 ... again.',
        involves: { tags: [m.tag] },
      });
      return;
    }
    seenTags.add(m.tag);
    if (!m.hasSql) {
      findings.push({
        message: `The journal lists ${m.tag}, but ${m.sqlFile} does not exist: drizzle's migrator stops with "No file ${m.sqlFile} found" and applies nothing.`,
        file: journalFile,
        help: `Restore ${m.sqlFile} from git. If the migration never ran anywhere, remove its entry from the journal and its snapshot instead.`,
        involves: { files: [m.sqlFile], tags: [m.tag] },
      });
    }
    // A prefix two entries share is one snapshot file for two migrations: migration-conflict reports it.
    if (!m.snapshotFile && prefixCount.get(m.prefix) === 1) {
      const expected = `${set.out === '' ? '' : `${set.out}/`}meta/${m.prefix}_snapshot.json`;
      const names = [expected, ...olderSnapshotName(set, m)];
      findings.push({
        message: `${m.tag} has no snapshot (${names.join(' or ')}): drizzle-kit generates the next migration from the last snapshot, so with a snapshot missing it repeats or undoes changes, and drift checks compare against the wrong state.`,
        file: journalFile,
        help: `If git has it (\`git log --all --oneline -- ${names.join(' ')}\` lists the commits that touched it), restore it from there; a snapshot cannot be regenerated for an old migration. If it was never committed, the history cannot get it back: keep the newest migration's snapshot in place so generate diffs against the right state.`,
        involves: { files: [expected], tags: [m.tag] },
      });
    }
  });
  for (const orphan of set.orphanSql) {
    findings.push({
      message: `${orphan} is named like a drizzle migration but is not in ${journalFile}: drizzle's migrator only runs journal entries, so this SQL never runs.`,
      file: orphan,
      help:
        'If it is a migration that lost its journal entry (often in a merge), regenerate it: `npx nexiom-lint rebase-migrations`. ' +
        'If another tool applies it, list it under "ignore" in nexiom-lint.config.json.',
      involves: { files: [orphan] },
    });
  }
  for (const stray of set.metaStrays) {
    findings.push({
      message: `${stray} is in meta/: drizzle-kit reads every file there whose name does not start with "_" as a snapshot, so generate and check parse it (and may diff against it).`,
      file: stray,
      help: 'Move it out of meta/, or rename it with a leading "_" (as _journal.json.backup).',
      involves: { files: [stray] },
    });
  }
  const owned = migrationBySnapshot(set);
  for (const file of set.snapshotFiles) {
    if (owned.has(file)) continue;
    findings.push({
      message: `${file} belongs to no journal entry: a snapshot left behind by a removed migration or a merge. drizzle-kit still reads it, and diffs against it when it sorts last.`,
      file,
      help: 'Remove it if its migration is gone; if the migration should exist, restore its SQL file and journal entry.',
      severity: 'warning',
      involves: { files: [file] },
    });
  }
  const last = entries[entries.length - 1];
  const latest = set.latestSnapshotFile();
  if (last?.snapshotFile && latest && latest !== last.snapshotFile) {
    findings.push({
      message: `drizzle-kit generate (${project.generateCommand}) diffs the schema against ${latest}, the last file of meta/ by name, but the newest migration ${last.tag} has ${last.snapshotFile}: the next migration will repeat or revert changes. This happens when the prefix style changed (e.g. timestamp, then index) or after a merge.`,
      file: latest,
      help: "Make the newest migration's snapshot sort last: keep one `migrations.prefix` style for the whole history, and remove snapshots that belong to no migration.",
      involves: { files: [latest, last.snapshotFile], tags: [last.tag] },
    });
  }
  journalFieldFindings(set, findings);
  idxFindings(set, project, findings);
  chainChecks(set, graph, prefixCount, findings);
}

/** Each snapshot must be generated on top of the previous migration's snapshot. */
function chainChecks(
  set: MigrationSet,
  graph: SnapshotGraph,
  prefixCount: Map<string, number>,
  findings: HistoryFinding[],
): void {
  const usable = (m: Migration | undefined) =>
    m?.snapshotFile && prefixCount.get(m.prefix) === 1 ? graph.nodes.get(m.snapshotFile) : undefined;
  set.migrations.forEach((m, position) => {
    const node = usable(m);
    if (!node || !node.id) return;
    const parent = node.prevIds[0];
    if (position === 0) {
      if (parent !== ORIGIN_ID && parent !== undefined && !graph.byId.has(parent)) {
        findings.push({
          message: `${m.tag} is the first migration, but its snapshot says it was generated on top of ${parent}, a snapshot that is not here: older migrations were deleted or squashed.`,
          file: m.snapshotFile,
          help: 'If the history was squashed on purpose, every database must be baselined on the new first migration (nexiom-lint db baseline).',
          severity: 'warning',
          involves: { files: [m.snapshotFile!], tags: [m.tag] },
        });
      }
      return;
    }
    const previous = set.migrations[position - 1]!;
    const previousNode = usable(previous);
    if (!previousNode?.id || parent === previousNode.id) return;
    // Siblings (another snapshot with the same parent) are two branches: migration-conflict's.
    if (parent !== undefined && (graph.children.get(parent)?.length ?? 0) > 1) return;
    const parentNode = parent === undefined ? undefined : graph.byId.get(parent)?.[0];
    const parentTag = parentNode ? migrationBySnapshot(set).get(parentNode.file)?.tag : undefined;
    findings.push({
      message: parentNode
        ? `The snapshot chain is broken at ${m.tag}: it was generated on top of ${parentTag ?? parentNode.file}, not on top of ${previous.tag}, the migration before it in the journal.`
        : `The snapshot chain is broken at ${m.tag}: its prevId ${parent ?? '(none)'} is no snapshot in ${set.out}/ (the snapshot it was generated from was deleted or regenerated).`,
      file: m.snapshotFile,
      help: 'Restore the missing or replaced snapshot from git. If a migration was dropped from the middle of the history, put it back: databases that ran it still have its changes.',
      involves: { files: [m.snapshotFile!, previous.snapshotFile!], tags: [m.tag] },
    });
  });
}

function folderChecks(set: MigrationSet, graph: SnapshotGraph, findings: HistoryFinding[]): void {
  for (const m of set.migrations) {
    const folder = `${set.out === '' ? '' : `${set.out}/`}${m.tag}`;
    if (!m.hasSql) {
      findings.push({
        message: `${folder}/ has a snapshot but no migration.sql: drizzle's migrator only runs folders with a migration.sql, so this migration never runs.`,
        file: m.snapshotFile,
        help: 'Restore migration.sql from git, or remove the folder if the migration was abandoned.',
        involves: { files: [m.sqlFile, ...(m.snapshotFile ? [m.snapshotFile] : [])], tags: [m.tag] },
      });
    }
    if (!m.snapshotFile) {
      findings.push({
        message: `${folder}/ has no snapshot.json: drizzle-kit generates the next migration from the last snapshot and tracks branches through them, so it will repeat or undo changes.`,
        file: m.sqlFile,
        help: `Restore ${folder}/snapshot.json from git. A snapshot cannot be regenerated for an old migration.`,
        involves: { files: [`${folder}/snapshot.json`], tags: [m.tag] },
      });
    }
    if (!Number.isFinite(m.when)) {
      findings.push({
        message: `${folder}/ does not start with a YYYYMMDDHHMMSS timestamp: drizzle's migrator reads the migration's time from the first 14 characters of the folder name.`,
        file: m.hasSql ? m.sqlFile : m.snapshotFile,
        help: 'Name migration folders as drizzle-kit does (`<YYYYMMDDHHMMSS>_<name>`); a folder that is not a migration must not hold migration.sql.',
        severity: 'warning',
        involves: { tags: [m.tag] },
      });
    }
  }
  const bySnapshot = migrationBySnapshot(set);
  for (const node of graph.nodes.values()) {
    if (!node.id) continue;
    const missing = node.prevIds.filter((p) => p !== ORIGIN_ID && !graph.byId.has(p));
    if (!missing.length) continue;
    const tag = bySnapshot.get(node.file)?.tag ?? node.file;
    findings.push({
      message: `${tag} was generated on top of ${missing.join(', ')}, which is no snapshot in ${set.out}/: a migration it builds on was deleted or regenerated.`,
      file: node.file,
      help: 'Restore the missing migration folder from git: databases that ran it still have its changes.',
      involves: { files: [node.file], tags: [tag] },
    });
  }
}

function duplicateIds(graph: SnapshotGraph, findings: HistoryFinding[]): void {
  for (const [id, nodes] of graph.byId) {
    if (nodes.length < 2) continue;
    const files = nodes.map((n) => n.file);
    findings.push({
      message: `${files.join(' and ')} have the same id ${id}: a snapshot was copied by hand, so drizzle-kit cannot tell which migration follows which.`,
      file: files[1],
      help: 'Restore the copied snapshot from git, or regenerate the migration with drizzle-kit (custom migrations: `drizzle-kit generate --custom`).',
      involves: { files },
    });
  }
}

/** `out` that nexiom-lint cannot read and drizzle cannot use as a migrations folder of this repository. */
function outFinding(set: MigrationSet, project: Project): HistoryFinding {
  const outside = set.outIssue === 'outside';
  return {
    message: outside
      ? `"out" in ${project.configFile} is ${set.out}/, outside this git repository: the migrations drizzle-kit writes there are not committed with the schema, and nexiom-lint cannot check them.`
      : `"out" in ${project.configFile} is ${set.out}, a file, not a folder: drizzle-kit generate fails when it creates ${set.out}/meta, and the migrator finds no journal.`,
    file: project.configFile,
    help: outside
      ? 'Point "out" at a folder inside the repository (e.g. "./drizzle"), and run nexiom-lint in the repository that holds the migrations.'
      : 'Point "out" at the migrations folder (e.g. "./drizzle").',
    involves: { files: [project.configFile], always: true },
  };
}

/** drizzle-kit before 0.23 named snapshots by idx whatever the tag: the name it would have had then. */
function olderSnapshotName(set: MigrationSet, m: Migration): string[] {
  if (/^\d{4}$/.test(m.prefix) || !m.entry || !Number.isInteger(m.entry.idx) || m.entry.idx < 0) return [];
  return [`${set.out === '' ? '' : `${set.out}/`}meta/${String(m.entry.idx).padStart(4, '0')}_snapshot.json`];
}
