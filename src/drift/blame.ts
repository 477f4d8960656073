/**
 * Where drift the base already had came from, so that a finding about it names its origin rather
 * than the newest migration: the schema's entry file, and the last commit on the base that changed
 * it (the likeliest to have skipped `db:generate`).
 */
import { gitRaw } from '../git/exec.js';
import { CommitTree } from '../git/tree.js';
import type { RuleContext } from '../rules/types.js';
import { entryFiles } from './inputs.js';

export interface Origin {
  /** The schema entry file the finding points at. */
  file: string | undefined;
  /** `abc1234 "subject"` of the last base commit that changed the schema, when there is one. */
  commit: string | undefined;
}

export async function originOf(ctx: RuleContext): Promise<Origin> {
  const files = await entryFiles(ctx.target, ctx.project.schema);
  if (!(ctx.base instanceof CommitTree) || !files.length) return { file: files[0], commit: undefined };
  const r = await gitRaw(['log', '-1', '--format=%h%x00%s', ctx.base.rev, '--', ...files], ctx.repoRoot);
  const [hash, subject] = r.code === 0 ? r.stdout.trim().split('\0') : [];
  return { file: files[0], commit: hash ? `${hash} "${subject ?? ''}"` : undefined };
}
