/**
 * Silent skips. drizzle-orm's 0.x migrator is a high-water mark:
 *
 *   select ... from __drizzle_migrations order by created_at desc limit 1
 *   for each journal entry: if (!last || Number(last.created_at) < entry.when) run it
 *
 * so an entry whose `when` is not greater than every entry before it never runs wherever a later
 * one already ran, while a fresh database (CI, tests) applies it and everything passes. A `when`
 * in the future makes every migration generated before that moment skip the same way.
 *
 * The 1.0 migrator matches applied migrations by name, so nothing is skipped there, but a new
 * folder that sorts before the base's newest runs in a different order on existing databases
 * than on a fresh one: a warning.
 */
import type { Project } from '../project/model.js';
import type { MigrationSet } from '../project/migrations.js';
import { formatWhen, journalFileOf, rebaseHelp } from './format.js';
import type { HistoryFinding } from './finding.js';

/** Clock skew tolerated before a `when` counts as "in the future". */
const FUTURE_SLACK_MS = 10 * 60 * 1000;

export function outOfOrderFindings(
  target: MigrationSet,
  base: MigrationSet | null,
  project: Project,
  now: number,
): HistoryFinding[] {
  const findings: HistoryFinding[] = [];
  const baseTags = new Set(base?.migrations.map((m) => m.tag || m.name) ?? []);
  if (target.layout === 'journal') {
    const journalFile = journalFileOf(target);
    let newest: { tag: string; when: number } | null = null;
    for (const m of target.migrations) {
      // Named by position when the entry has no tag; migration-integrity reports that.
      const tag = m.tag || m.name;
      if (!Number.isFinite(m.when)) {
        findings.push({
          message: `${tag} has no valid "when" in the journal (${m.entry?.invalid?.when ?? 'missing'}): drizzle's migrator compares it with the newest applied created_at and never runs it.`,
          file: journalFile,
          help: 'Restore the entry from git; `when` is the time (ms) the migration was generated.',
          involves: { tags: [tag] },
        });
        continue;
      }
      if (newest && m.when <= newest.when) {
        const fromBase = base !== null && !baseTags.has(tag) && baseTags.has(newest.tag);
        findings.push({
          message: fromBase
            ? `${tag} was generated at ${formatWhen(m.when)}, before ${newest.tag} (${formatWhen(newest.when)}), which the base already has: wherever ${newest.tag} already ran, drizzle's migrator silently skips ${tag} (it only runs entries newer than the newest applied one). A fresh database applies it, so tests pass.`
            : `${tag} (when ${formatWhen(m.when)}) is not later than ${newest.tag} (${formatWhen(newest.when)}), listed before it: wherever ${newest.tag} already ran, drizzle's migrator silently skips ${tag}. A fresh database applies it, so tests pass.`,
          file: journalFile,
          help: `${rebaseHelp(project)} Never lower a \`when\` by hand; for a migration that already ran elsewhere, apply the skipped one by hand there.`,
          involves: { tags: [tag, newest.tag] },
        });
      } else {
        newest = { tag: tag, when: m.when };
      }
      // Past the year 10000 it is not a clock: migration-integrity reports a when in micro- or nanoseconds.
      if (m.when > now + FUTURE_SLACK_MS && m.when < 253_402_300_800_000) {
        findings.push(future(tag, m.when, journalFile, false));
      }
    }
    findings.push(...olderThanBase(target, base, project, findings));
    return findings;
  }
  if (target.layout === 'folders') {
    const baseNewest = base?.migrations[base.migrations.length - 1]?.tag;
    for (const m of target.migrations) {
      if (Number.isFinite(m.when) && m.when > now + FUTURE_SLACK_MS) {
        findings.push(future(m.tag, m.when, m.sqlFile, true));
      }
      if (baseNewest && !baseTags.has(m.tag) && m.tag.localeCompare(baseNewest) < 0) {
        findings.push({
          message: `${m.tag} sorts before ${baseNewest}, which the base already has: databases that ran ${baseNewest} apply ${m.tag} after it, a fresh database before it. If the two touch the same objects, environments end up different.`,
          file: m.sqlFile,
          help: 'Regenerate the migration so that it sorts last: ' + rebaseHelp(project),
          severity: 'warning',
          involves: { tags: [m.tag] },
        });
      }
    }
  }
  return findings;
}

/**
 * Diff modes: a new migration must be newer than everything the base has, wherever the journal
 * lists it. A merged journal sorted by `when` hides the skip from the order check above, but a
 * database that ran the base's newest migration still skips the branch's older one.
 */
function olderThanBase(
  target: MigrationSet,
  base: MigrationSet | null,
  project: Project,
  already: HistoryFinding[],
): HistoryFinding[] {
  if (!base || base.layout !== 'journal') return [];
  let newest: { tag: string; when: number } | null = null;
  for (const m of base.migrations) {
    if (Number.isFinite(m.when) && (!newest || m.when > newest.when)) newest = { tag: m.tag || m.name, when: m.when };
  }
  if (!newest) return [];
  const baseTags = new Set(base.migrations.map((m) => m.tag || m.name));
  const reported = new Set(already.flatMap((f) => f.involves.tags?.slice(0, 1) ?? []));
  const findings: HistoryFinding[] = [];
  for (const m of target.migrations) {
    const tag = m.tag || m.name;
    if (baseTags.has(tag) || reported.has(tag) || !Number.isFinite(m.when) || m.when > newest.when) continue;
    findings.push({
      message: `${tag} was generated at ${formatWhen(m.when)}, before ${newest.tag} (${formatWhen(newest.when)}), which the base already has: wherever ${newest.tag} already ran, drizzle's migrator silently skips ${tag} (it only runs entries newer than the newest applied one). A fresh database applies it, so tests pass.`,
      file: journalFileOf(target),
      help: rebaseHelp(project),
      involves: { tags: [tag] },
    });
  }
  return findings;
}

function future(tag: string, when: number, file: string, folders: boolean): HistoryFinding {
  return {
    message: folders
      ? `${tag} is dated in the future (${formatWhen(when)}): every migration generated before that moment sorts before it, so databases that already ran it apply them in another order than a fresh one.`
      : `${tag} is dated in the future (${formatWhen(when)}): wherever it runs, every migration generated before that moment will be skipped silently.`,
    file,
    help: 'Check the clock of the machine that generated it, and regenerate the migration with a correct clock before it runs anywhere.',
    severity: 'warning',
    involves: { tags: [tag] },
  };
}
