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

export const schemaSerializesSame = (files: string[]) =>
  `Schema files changed (${files.slice(0, 3).join(', ')}${files.length > 3 ? ' …' : ''}) but serialize to the same snapshot: no migration needed.`;

export const gateWithoutKit =
  'drizzle-kit is not installed, so schema-without-migration judged by file names alone (install drizzle-kit for the semantic gate).';
