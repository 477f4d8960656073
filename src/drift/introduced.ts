/**
 * Did the change being judged introduce the drift found at the target, or did the base already
 * have it? The verdict "would generate write something" is always the target's; the base only
 * answers this question.
 *
 * - A project the change does not touch: the target is the base, so the drift was there before.
 * - Schema and config untouched (only migrations changed): the target's schema is the base's, so
 *   the base side (the target schema against the base's snapshots, driftSide) is
 *   exactly the drift the base had.
 * - Schema or config changed: the base's own schema is serialized against the base's snapshots
 *   (baseDriftOf; cached like every verdict, so usually free when the base was judged before).
 *   `--staged` uses only a cached verdict (the commit path starts one worker at most); without
 *   one the drift is taken as the change's, as it was before this check existed.
 *
 * Pre-existing means every statement generate would write now was already owed at the base.
 */
import type { RuleContext } from '../rules/types.js';
import type { Verdict } from './protocol.js';
import { baseDriftOf, driftSide } from './index.js';
import { touchesProject } from './summary.js';

/** `now` is the target's verdict; the base's is computed here, only when it is needed. */
export async function introducedBy(ctx: RuleContext, now: Verdict): Promise<boolean | undefined> {
  if (!ctx.changeSet || now.status === 'same') return undefined;
  if (!touchesProject(ctx)) return false;
  const changes = ctx.projectChanges();
  let before: Verdict | undefined;
  try {
    before =
      !changes.schema.length && !changes.config.length
        ? (await driftSide(ctx, 'base')).side.verdict
        : (await baseDriftOf(ctx, ctx.mode === 'staged'))?.verdict;
  } catch {
    // The base's schema does not load (or no drizzle-kit there): nothing to compare with, so
    // the finding stays the change's, as it would be without this check.
    before = undefined;
  }
  return before === undefined || !alreadyOwed(now, before);
}

function alreadyOwed(now: Verdict, before: Verdict): boolean {
  if (before.status === 'same') return false;
  if (now.status === 'differs') {
    return before.status === 'differs' && now.statements.every((s) => before.statements.includes(s));
  }
  return now.status === before.status;
}
