/**
 * `nexiom-lint rebase-migrations [--base REF] [--dry-run]`: drops the branch's own migrations and
 * generates the schema change again on top of the base (see history/rebase.ts for the steps).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { defaultBranch, findRepo, mergeBase } from '../git/changeset.js';
import { BlobReader, git, gitRaw } from '../git/exec.js';
import { splitZ } from '../git/parse.js';
import { CommitTree, WorktreeTree, type Tree } from '../git/tree.js';
import { EnvironmentError, UsageError } from '../errors.js';
import { failed, howItEnded, runChild, type ChildEnded } from '../process/child.js';
import { discoverProjects } from '../project/discover.js';
import { drizzleKitScript } from '../project/package-manager.js';
import { installHint } from '../project/install-hint.js';
import type { Project } from '../project/model.js';
import { readMigrations } from '../project/migrations.js';
import { applyFiles, planRebase, type RebasePlan } from '../history/rebase.js';
import type { Io } from './io.js';
import { formatOptions, parse } from './options.js';
import { resolveCwd } from './cwd.js';

export const REBASE_OPTIONS = {
  base: {
    type: 'string',
    value: 'ref',
    description: 'Rebase on the merge base with <ref> (default: the default branch).',
  },
  'dry-run': { type: 'boolean', description: 'Print what would be removed, restored and run; change nothing.' },
  config: { type: 'string', multiple: true, value: 'path', description: 'Only this drizzle config (repeatable).' },
  cwd: { type: 'string', value: 'dir', description: 'Run as if started in <dir>.' },
  help: { type: 'boolean', short: 'h', description: 'Show this help.' },
} as const;

const HELP = `nexiom-lint rebase-migrations: generate this branch's migrations again on top of the base.

Removes the migrations this branch added since the merge base with the default branch (or --base),
puts the base's journal and snapshots back, and runs the project's own drizzle-kit generate, so
the schema change becomes one new migration after the base's newest. Custom (data) migrations are
re-created after it with their SQL. The migrations folder must have no uncommitted changes.

Usage:
  nexiom-lint rebase-migrations --dry-run      show the steps
  nexiom-lint rebase-migrations                do them
  nexiom-lint rebase-migrations --base origin/main

Options:
${formatOptions(REBASE_OPTIONS)}
`;

interface Invocation {
  command: string;
  args: string[];
  cwd: string;
  display: string;
}

export async function rebaseMigrationsCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, REBASE_OPTIONS);
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  if (positionals.length) {
    throw new UsageError(`Unexpected argument "${positionals[0]}". Run nexiom-lint rebase-migrations --help.`);
  }
  const dryRun = values['dry-run'] === true;
  const cwd = resolveCwd(io.cwd, values.cwd as string | undefined);
  const repo = await findRepo(cwd);
  if (!repo.hasHead) {
    throw new UsageError('This repository has no commit yet: there is no base to rebase migrations on.');
  }
  const ref = (values.base as string | undefined) ?? (await defaultBranch(repo.root));
  if (!ref) {
    throw new UsageError('No default branch (origin/HEAD, main or master) was found: name the base with --base <ref>.');
  }
  const baseRev = await mergeBase(repo, ref);
  const reader = new BlobReader(repo.root);
  try {
    const base = new CommitTree(repo.root, reader, baseRev, `${baseRev.slice(0, 7)} (merge base with ${ref})`);
    const { projects } = await discoverProjects(repo.root, cwd, (values.config as string[] | undefined) ?? []);
    for (const project of projects) await assertClean(repo.root, project);
    const plans: RebasePlan[] = [];
    for (const project of projects) {
      const plan = await planRebase(project, base, new WorktreeTree(repo.root, true));
      if (plan.own.length) plans.push(plan);
    }
    if (!plans.length) {
      io.stdout(`No migration was added on this branch since ${base.label}: nothing to rebase.\n`);
      return 0;
    }
    const ahead = await migrationsAhead(repo.root, reader, ref, baseRev, plans);
    for (const plan of plans) io.stdout(describePlan(plan, base, dryRun, ahead.get(plan.project) ?? []));
    if (dryRun) {
      io.stdout('Dry run: nothing was changed. Run without --dry-run to do it.\n');
      return 0;
    }
    for (const plan of plans) await execute(plan, repo.root, base, io);
    io.stdout(
      `Done. Review the new migration(s), then commit: git add ${plans.map((p) => p.project.out || '.').join(' ')} && git commit\n` +
        `To undo instead: git checkout -- ${plans.map((p) => p.project.out || '.').join(' ')} && git clean -fd ${plans.map((p) => p.project.out || '.').join(' ')}\n`,
    );
    return 0;
  } finally {
    reader.close();
  }
}

/** Refuses to touch a migrations folder with uncommitted work: git must be able to undo us. */
async function assertClean(root: string, project: Project): Promise<void> {
  const out = await git(['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', project.out || '.'], root);
  const dirty = splitZ(out)
    .map((line) => line.slice(3))
    .filter(Boolean);
  if (dirty.length) {
    const shown = dirty.slice(0, 5).join(', ') + (dirty.length > 5 ? ` and ${dirty.length - 5} more` : '');
    throw new UsageError(
      `${project.out || '.'}/ has uncommitted changes (${shown}). Commit or stash them first, so that everything ` +
        'rebase-migrations does can be undone with git.',
    );
  }
}

/** Migrations the base ref's tip has and the merge base has not: the branch should merge them first. */
async function migrationsAhead(
  root: string,
  reader: BlobReader,
  ref: string,
  baseRev: string,
  plans: RebasePlan[],
): Promise<Map<Project, string[]>> {
  const result = new Map<Project, string[]>();
  const tip = await gitRaw(['rev-parse', '--verify', '-q', '--end-of-options', `${ref}^{commit}`], root);
  const tipRev = tip.stdout.trim();
  if (tip.code !== 0 || tipRev === baseRev) return result;
  const tipTree = new CommitTree(root, reader, tipRev, ref);
  const baseTree = new CommitTree(root, reader, baseRev, 'merge base');
  for (const plan of plans) {
    const [atTip, atBase] = await Promise.all([
      readMigrations(tipTree, plan.project.out),
      readMigrations(baseTree, plan.project.out),
    ]);
    const known = new Set(atBase.migrations.map((m) => m.tag));
    const newer = atTip.migrations.filter((m) => !known.has(m.tag)).map((m) => m.tag);
    if (newer.length) result.set(plan.project, newer);
  }
  return result;
}

function describePlan(plan: RebasePlan, base: Tree, dryRun: boolean, ahead: string[]): string {
  const verb = (now: string, later: string) => (dryRun ? later : now);
  const lines = [`${plan.project.configFile}: this branch's migrations since ${base.label}:`];
  for (const o of plan.own) {
    const note =
      o.kind === 'custom'
        ? ' (custom: re-created after, with its SQL)'
        : o.kind === 'orphan'
          ? ' (not in the journal; its SQL is not kept)'
          : '';
    lines.push(`  ${o.tag}${note}`);
  }
  if (plan.remove.length) lines.push(`${verb('Removing', 'Would remove')}:`, ...plan.remove.map((f) => `  ${f}`));
  if (plan.restore.length) {
    lines.push(
      `${verb('Restoring from the base', 'Would restore from the base')}:`,
      ...plan.restore.map((f) => `  ${f}`),
    );
  }
  const schema = plan.own.filter((o) => o.kind !== 'custom');
  if (schema.length) {
    lines.push(`${verb('Running', 'Would run')}: ${generateInvocation(plan.project, '', nameFor(plan)).display}`);
  }
  for (const c of plan.own.filter((o) => o.kind === 'custom')) {
    lines.push(
      `${verb('Then', 'Then would run')}: ${customInvocation(plan.project, '', c.name).display}, and copy ${c.tag}'s SQL into it`,
    );
  }
  if (plan.edited.length) {
    lines.push(
      `Left alone (they exist at the base and this branch edited them; see migration-edited): ${plan.edited.join(', ')}`,
    );
  }
  if (ahead.length) {
    lines.push(
      `Note: the base branch has ${ahead.length} newer migration(s) this branch does not have yet (${ahead.slice(0, 3).join(', ')}${ahead.length > 3 ? ' ...' : ''}). ` +
        'Merge or rebase onto it first and run this again, so the change is generated on top of them.',
    );
  }
  return `${lines.join('\n')}\n`;
}

function nameFor(plan: RebasePlan): string | undefined {
  const names = plan.own
    .filter((o) => o.kind !== 'custom')
    .map((o) => o.name)
    .filter(Boolean);
  if (!names.length) return undefined;
  return names
    .join('_')
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .slice(0, 60);
}

async function execute(plan: RebasePlan, root: string, base: Tree, io: Io): Promise<void> {
  const { project } = plan;
  await applyFiles(plan, root, base);
  const known = async () =>
    new Set((await readMigrations(new WorktreeTree(root, true), project.out)).migrations.map((m) => m.tag));
  let before = await known();
  if (plan.own.some((o) => o.kind !== 'custom')) {
    await run(generateInvocation(project, root, nameFor(plan)), io);
    const after = await known();
    if (![...after].some((t) => !before.has(t))) {
      throw new EnvironmentError(
        `drizzle-kit generate wrote no migration (it exits 0 when it fails, and when it must ask about a rename without a terminal). ` +
          `The branch's migrations are removed; run \`${project.generateCommand}\` yourself in a terminal, or undo with ` +
          `\`git checkout -- ${project.out || '.'} && git clean -fd ${project.out || '.'}\`.`,
      );
    }
    before = after;
  }
  for (const custom of plan.own.filter((o) => o.kind === 'custom')) {
    await run(customInvocation(project, root, custom.name), io);
    const set = await readMigrations(new WorktreeTree(root, true), project.out);
    const created = set.migrations.find((m) => !before.has(m.tag));
    if (!created) {
      throw new EnvironmentError(
        `drizzle-kit generate --custom wrote no migration for ${custom.tag}; re-create it by hand.`,
      );
    }
    const { writeFile } = await import('node:fs/promises');
    await writeFile(path.join(root, created.sqlFile), custom.sql ?? '');
    before = new Set(set.migrations.map((m) => m.tag));
  }
}

/** The project's own generate: its `db:generate`-style script when it has one, else drizzle-kit itself. */
function generateInvocation(project: Project, root: string, name: string | undefined): Invocation {
  const cwd = path.join(root, project.baseDir);
  const script = drizzleKitScript(project.scripts, 'generate');
  if (script !== undefined && !project.generateCommand.startsWith('npx ')) {
    const runner = project.generateCommand.split(' ').slice(0, -1);
    // Extra arguments are appended to the script: only safe when it is drizzle-kit generate alone.
    const simple = /^\s*drizzle-kit\s+generate(\s+[^&|;<>`$()]*)?$/.test(project.scripts[script]!);
    const extra = simple && name ? (runner[0] === 'npm' ? ['--', '--name', name] : ['--name', name]) : [];
    const args = [...runner.slice(1), script, ...extra];
    return { command: runner[0]!, args, cwd, display: [runner[0], ...args].join(' ') };
  }
  return kitInvocation(project, root, ['generate', '--config', project.configFile, ...(name ? ['--name', name] : [])]);
}

function customInvocation(project: Project, root: string, name: string): Invocation {
  return kitInvocation(project, root, ['generate', '--custom', '--config', project.configFile, '--name', name]);
}

function kitInvocation(project: Project, root: string, args: string[]): Invocation {
  const cwd = path.join(root, project.baseDir);
  const config = path.relative(project.baseDir, project.configFile) || project.configFile;
  const finalArgs = args.map((a) => (a === project.configFile ? config : a));
  const candidates = [
    path.join(cwd, 'node_modules/.bin/drizzle-kit'),
    path.join(root, 'node_modules/.bin/drizzle-kit'),
  ];
  const bin = root ? candidates.find((c) => existsSync(c)) : 'drizzle-kit';
  if (!bin) {
    throw new EnvironmentError(
      `drizzle-kit is not installed in this project: ${installHint(cwd, root, 'drizzle-kit')}, then try again.`,
    );
  }
  return { command: bin, args: finalArgs, cwd, display: ['drizzle-kit', ...finalArgs].join(' ') };
}

/** Runs a command; in a terminal it talks to the user directly (drizzle-kit may ask about renames). */
async function run(invocation: Invocation, io: Io): Promise<void> {
  const interactive = io.isTTY && Boolean(process.stdin.isTTY);
  io.stdout(`$ ${invocation.display}\n`);
  let ended: ChildEnded;
  try {
    ended = await runChild([invocation.command, ...invocation.args], {
      cwd: invocation.cwd,
      env: io.env,
      interactive,
      onOutput: (text, stream) => (stream === 'stdout' ? io.stdout(text) : io.stderr(text)),
    });
  } catch (error) {
    throw new EnvironmentError(`Could not run ${invocation.display}: ${(error as Error).message}`, { cause: error });
  }
  if (failed(ended)) {
    throw new EnvironmentError(
      `${invocation.display} ended with ${howItEnded(ended)}. Fix the error above and run \`${invocation.display}\` yourself.`,
    );
  }
}
