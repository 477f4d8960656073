/** The sentences `nexiom-lint init` prints, in one place. */

export const severalConfigs = (configs: string[]) =>
  `This repository has ${configs.length} drizzle configs:\n${configs.map((c) => `  ${c}`).join('\n')}\n` +
  'Choose the project to set up with --config <path> (run init once per project).';

export const nothingToChange = 'Nothing to change: nexiom-lint is already set up in this project.';

export const dryRunFooter = (count: number) =>
  count ? `Dry run: ${count} file(s) would change; nothing was written. Run again without --dry-run to apply.` : '';

export const aborted = 'Nothing was changed.';

export const installFailed = (command: string, detail: string) =>
  `\`${command}\` failed, so init undid its changes (your files are as they were).\n${detail.trim()}\n` +
  'Fix the install problem and run init again, or run it with --no-install and install the packages yourself.';

export const managerMissing = (name: string, command: string) =>
  `${name} was not found on PATH, so \`${command}\` could not run; init undid its changes. Install ${name}` +
  `${name === 'pnpm' || name === 'yarn' ? ' (or enable it with `corepack enable`)' : ''}, ` +
  'or run init with --no-install and install the packages yourself.';

export const writeFailed = (file: string, reason: string) =>
  `Could not write ${file} (${reason}); init restored every file it had changed. Check the permissions and run init again.`;

export const npxInHook = (file: string) =>
  `${file} runs lint-staged through npx: that adds ~300 ms to every commit. Under husky, \`lint-staged\` alone is enough (husky puts node_modules/.bin on PATH).`;

export const workflowExists = (file: string) =>
  `${file} exists and differs from what init writes: left as is. Delete it and run init again to get the current one.`;

export const workflowSkipped = (remote: string, command: string) =>
  `The origin remote (${remote}) is not on GitHub: no GitHub Actions workflow added (use --workflow to add it anyway). ` +
  `Run \`${command}\` in your CI on every merge request, with the full history fetched.`;

export const lintStagedSnippet = (file: string, snippet: string, reason = 'it is code, not data') =>
  `${file} could not be edited safely (${reason}). Add this entry to its configuration:\n\n${snippet}`;

export const lintStagedPatternCustom = (file: string, pattern: string) =>
  `${file} runs nexiom-lint for a pattern init did not write, so it was left as is. Files the schema imports from ` +
  `elsewhere (a shared constants package, a tsconfig alias) count as schema changes: make its pattern ${pattern}`;

export const composeNoApp = (file: string, command: string) =>
  `${file} runs no app service (none has \`build:\`, or an image that uses the database): no migrator service added, ` +
  `as it would have no image to run \`${command}\` in. Add one the app waits for once the app runs in compose, or run init again then.`;

export const hooksPathOther = (current: string) =>
  `git config core.hooksPath is "${current}": husky will point it at its own folder, so hooks in "${current}" stop running. Move them into .husky/ if you still need them.`;

export const teamScripts = (file: string, roles: string[]) =>
  `${file}: your own scripts stay the way to ${roles.join(' and ')} migrations, with their flags; ` +
  'init names them in what it writes and added no twin.';

export const dryRunBaseline =
  'Then it would run the full check (what db:check runs) once and record the findings the project already has, if any, in nexiom-lint-baseline.json.';

export const supabaseCliMigrate = (file: string, out: string) =>
  `${file}: db:migrate runs \`supabase db push\` (link the project with \`supabase link\` first, or add --db-url): ` +
  `the Supabase CLI applies every migration of ${out}, its own and drizzle's, in order; drizzle-kit migrate would skip the CLI's.`;

export const prepareTolerant = (dockerfiles: string[]) =>
  `${dockerfiles.join(', ')} ${dockerfiles.length > 1 ? 'install' : 'installs'} without dev dependencies, where \`prepare\` runs ` +
  "but husky is not installed: the prepare script is `husky || true` (husky's own answer), so that install does not fail.";

export const workflowPresent = (files: string[]) =>
  `Workflow already present: ${files.join(', ')} ${files.length > 1 ? 'run' : 'runs'} nexiom-lint, so init added none.`;

export const nothingToChangeButInstall = (missing: string[]) =>
  `Nothing to change in the files: they are set up. Left to do: install ${missing.join(', ')} (below).`;

export const prepareFails = (file: string, prepare: string, dockerfiles: string[]) =>
  `${file}: prepare runs \`${prepare}\`, which fails with "husky: not found" where ${dockerfiles.join(', ')} ` +
  'installs without dev dependencies. Make its husky `husky || true`, or install there with `--ignore-scripts`.';

export const hookManagerSnippet = (file: string, snippet: string, reason: string) =>
  `${file} could not be edited (${reason}). Add nexiom-lint's check to it:\n\n${snippet}`;

export const severalHookManagers = (names: string[], chosen: string) =>
  `This repository configures ${names.join(' and ')}: nexiom-lint's check went into ${chosen}'s configuration only. One of them owns git's pre-commit hook; remove the others.`;

export const hookManagerInactive = (name: string, command: string) =>
  `git's pre-commit hook does not run ${name} yet: run \`${command}\` to install it.`;

export const simpleGitHooksUpdate = (command: string) =>
  `simple-git-hooks copies its commands into git's hook when it runs: run \`${command}\` so the hook gets nexiom-lint's check (your postinstall script may do it on the next install).`;

export const gitlabCiUnusable = (file: string, reason: string, snippet: string) =>
  `${file} could not be edited (${reason}). Add this job to it:\n\n${snippet}`;

export const gitlabToken =
  'Create a project access token with the `api` scope (role Reporter or above) and store it as a masked CI/CD variable `NEXIOM_LINT_GITLAB_TOKEN` (Settings → CI/CD → Variables): the merge request note needs it.';

export const gitlabReleaseStep = (command: string) =>
  `--release-step writes the release-phase job for GitHub Actions only: on GitLab, run \`${command}\` in a job of your deploy stage, before the app is deployed, with DATABASE_URL from a protected variable.`;
