/**
 * Every user-facing sentence that is not a rule's own finding lives here, so wording stays the
 * same in the terminal, Markdown and annotations.
 */

export const TOOL = 'nexiom-lint';

export const notAGitRepo = (cwd: string) =>
  `${cwd} is not inside a git repository. nexiom-lint compares changes through git: run it from ` +
  'your project (or `git init` first), or use --cwd <dir>.';

export const noHeadForBase = (ref: string) =>
  `--base ${ref} needs a commit to compare, but this repository has no commit yet. Commit first, or use --staged / --all.`;

export const baseRefMissing = (ref: string, shallow: boolean) =>
  `The base ref "${ref}" does not exist in this clone.` +
  (shallow
    ? ' This is a shallow clone: fetch the base branch and its history, e.g. ' +
      `\`git fetch --no-tags --deepen=200 origin ${ref.replace(/^origin\//, '')}\`, or set \`fetch-depth: 0\` ` +
      'on actions/checkout.'
    : ` Check the name (git branch -a), or fetch it: \`git fetch origin ${ref.replace(/^origin\//, '')}\`.`);

export const shallowNoMergeBase = (ref: string) =>
  `This is a shallow clone and its history does not reach the merge base of HEAD and ${ref}, so the ` +
  'change set cannot be known. Fetch more history: set `fetch-depth: 0` on actions/checkout, or run ' +
  '`git fetch --deepen=200` (or `git fetch --unshallow`) and try again.';

export const noMergeBase = (ref: string) =>
  `HEAD and ${ref} share no history (no merge base). Pass the branch your work started from with --base <ref>, or use --all.`;

export const noDrizzleConfig = (root: string) =>
  `No drizzle config (drizzle.config.{ts,mts,js,mjs,cjs,json}) was found in ${root}. ` +
  'Run nexiom-lint in a Drizzle project, or name the file with --config <path>.';

export const unsupportedDialect = (file: string, dialect: string) =>
  `${file}: dialect "${dialect}" is not supported yet; nexiom-lint checks PostgreSQL projects ` +
  '(dialect: "postgresql"). Remove this config from the run with --config <another config>.';

export const generateHint = (project: { generateCommand: string; out: string }) =>
  `Run \`${project.generateCommand}\`, then stage the new files under ${project.out}/ (git add ${project.out}).`;

export const nothingRelevant = 'No schema, migration or push-related file in the change set: nothing to check.';

/** The commands a project offers for the safe path (guard push messages). */
export interface PushCommands {
  generate: string;
  migrate: string;
  /** `npm run db:push:unsafe` when such a script exists. */
  unsafe: string | null;
}

export const pushBlocked = (c: PushCommands) =>
  'nexiom-lint: `drizzle-kit push` is switched off in this project.\n' +
  'It changes the database directly: no migration file, no row in the migrations table, no review,\n' +
  'and it exits 0 even when a statement failed. Change the schema through migrations instead:\n\n' +
  `  1. ${c.generate.padEnd(28)} writes the SQL for your schema change\n` +
  '  2. review the SQL and commit it with the schema change\n' +
  `  3. ${c.migrate.padEnd(28)} applies it and records it\n\n` +
  (c.unsafe
    ? `Only for a throwaway database on your own machine: ${c.unsafe}\n`
    : 'Only for a throwaway database on your own machine, add a script\n' +
      '  "db:push:unsafe": "nexiom-lint guard push --unsafe && drizzle-kit push"\n');

export const pushRefused = (
  target: { masked: string; source: string } | null,
  reasons: string[],
  confirmName: string | null,
  confirm: string | undefined,
  c: PushCommands,
) =>
  `nexiom-lint: refusing to push the schema to ${target ? `${target.masked} (from ${target.source})` : 'an unknown database'}:\n` +
  reasons.map((r) => `  - ${r}\n`).join('') +
  (confirm !== undefined && confirmName
    ? `  - the confirmation names "${confirm}", but the target is "${confirmName}"\n`
    : '') +
  `An unsafe push is for a throwaway database on your own machine. Elsewhere, use ${c.generate}, then ${c.migrate}.\n` +
  (confirmName
    ? `If you really mean to push to this database, confirm it by name: --yes-i-know ${confirmName}\n` +
      `(or NEXIOM_LINT_PUSH_CONFIRM=${confirmName} when the guard runs inside a script).\n`
    : 'Tell the guard which database drizzle-kit push will change: --url <url>, --config <drizzle config>, or DATABASE_URL.\n');

export const pushAllowed = (target: { masked: string; source: string } | null, confirmed: boolean) =>
  `nexiom-lint: ${confirmed ? 'confirmed: ' : ''}unsafe push to ${target ? `${target.masked} (from ${target.source})` : 'an unknown database'}` +
  `${confirmed ? '' : ', a local database'}.\n`;

export const outputNotWritable = (file: string, reason: string) =>
  `Cannot write the report to ${file} (${reason}). Choose a writable path for --output.`;

export const stepSummaryNotWritable = (reason: string) =>
  `could not append to the job summary (GITHUB_STEP_SUMMARY): ${reason}.`;

export const commentNotAPullRequest = (why: string) =>
  `--comment posts on a pull request, but ${why}. No comment was posted.`;

export const commentNoToken =
  '--comment needs GITHUB_TOKEN (add `env: GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}` and ' +
  '`permissions: pull-requests: write` to the job). No comment was posted.';

export const commentFailed = (reason: string, status: number | null, hasSummary: boolean) =>
  `could not post the PR comment: ${reason}.` +
  (status === 403 || status === 404
    ? ' The token cannot write to this pull request: a pull request from a fork gets a read-only token, ' +
      'and the job needs `permissions: pull-requests: write`.'
    : '') +
  (hasSummary ? ' The report is in the job summary instead.' : '') +
  ' The exit code still reflects the findings.';

export const commentPosted = (action: 'created' | 'updated' | 'unchanged', pr: number, url?: string) =>
  `${action === 'created' ? 'created' : action === 'updated' ? 'updated' : 'kept (no change)'} the review comment on pull request #${pr}${url ? `: ${url}` : ''}.`;

export const noteNotAMergeRequest = (why: string) =>
  `--comment posts on a merge request, but ${why}. No note was posted.`;

export const noteNoToken =
  '--comment needs a GitLab token that can write notes: set NEXIOM_LINT_GITLAB_TOKEN (or GITLAB_TOKEN) to a ' +
  'project access token with the `api` scope, as a masked CI/CD variable (CI_JOB_TOKEN cannot write notes). No note was posted.';

export const noteFailed = (reason: string, status: number | null) =>
  `could not post the merge request note: ${reason}.` +
  (status === 401 || status === 403 || status === 404
    ? ' The token cannot write to this merge request: it needs the `api` scope and at least the Reporter role.'
    : '') +
  ' The exit code still reflects the findings.';

export const notePosted = (action: 'created' | 'updated' | 'unchanged', iid: number) =>
  `${action === 'created' ? 'created' : action === 'updated' ? 'updated' : 'kept (no change)'} the review note on merge request !${iid}.`;

export const schemaSerializesSame = (files: string[]) =>
  `Schema files changed (${files.slice(0, 3).join(', ')}${files.length > 3 ? ' …' : ''}) but serialize to the same snapshot: no migration needed.`;

export const driftOnBranches = (configFile: string, snapshot: string, tags: readonly string[]) =>
  `schema-drift did not judge ${configFile}: ${snapshot}, the snapshot db:generate diffs against, belongs to the parallel branches ${tags.join(' and ')} (migration-conflict). Resolve them, then run nexiom-lint again.`;

export const gateWithoutKit =
  'drizzle-kit is not installed, so schema-without-migration judged by file names alone (install drizzle-kit for the semantic gate).';

export const skippedConfig = (file: string, reason: string) =>
  `${file}: not checked (${reason}); nexiom-lint checks PostgreSQL projects.`;

export const noPostgresConfig = (skipped: Array<{ configFile: string; reason: string }>) =>
  `No PostgreSQL drizzle project here: ${skipped.map((s) => `${s.configFile} (${s.reason})`).join(', ')}. ` +
  'nexiom-lint checks drizzle projects with dialect: "postgresql"; name one with --config <path>.';
