/**
 * package.json scripts: the three the guide's workflow runs (`db:generate`, `db:migrate`,
 * `db:check`) when they are missing (the team's own generate / migrate scripts count: context.ts),
 * and the push guard. A script that runs `drizzle-kit push`
 * keeps its command but gets a name nobody types by accident (`db:push` → `db:push:unsafe`), and
 * `db:push` itself runs `nexiom-lint guard push`, which refuses and explains the safe path. Every
 * other script stays as the user wrote it, in its place.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import { join, relative, type InitContext } from './context.js';
import { parseObject, setTopLevelKey } from './json-edit.js';
import * as messages from './messages.js';
import type { Plan } from './plan.js';
import { DEFAULT_CONFIG_NAMES } from '../project/names.js';

export const GUARD_COMMAND = 'nexiom-lint guard push';

/** `drizzle-kit push` (and the 0.20-era `push:pg`) as a command in a script line. */
const PUSH = /(^|[\s;&|(])drizzle-kit\s+push(:[a-z]+)?(?=$|[\s;&|)])/;

export function callsPush(command: string): boolean {
  return PUSH.test(command);
}

/** drizzle-kit finds `drizzle.config.{ts,js,json}` in the folder it runs in; anything else needs --config. */
function drizzleKitConfigFlag(ctx: InitContext): string {
  const rel = relative(ctx.packageDir, ctx.project.configFile);
  for (const name of DEFAULT_CONFIG_NAMES) {
    if (existsSync(path.join(ctx.repoRoot, ctx.packageDir, name))) return rel === name ? '' : ` --config ${rel}`;
  }
  return ` --config ${rel}`;
}

export function nexiomConfigFlag(ctx: InitContext, from: string): string {
  return ctx.allConfigs.length > 1 ? ` --config ${relative(from, ctx.project.configFile)}` : '';
}

export function readPackageJson(plan: Plan, file: string): { text: string; pkg: Record<string, unknown> } {
  const text = plan.read(file);
  if (text === null) {
    throw new ConfigError(
      `${file} does not exist. init sets up the package that owns the drizzle config: run \`npm init -y\` there first.`,
    );
  }
  const pkg = parseObject(text);
  if (!pkg) throw new ConfigError(`${file} is not a valid JSON object. Fix it and run init again.`);
  return { text, pkg };
}

function scriptsOf(pkg: Record<string, unknown>, file: string): Record<string, string> {
  const scripts = pkg.scripts ?? {};
  if (typeof scripts !== 'object' || Array.isArray(scripts)) {
    throw new ConfigError(`${file}: "scripts" is not an object.`);
  }
  return scripts as Record<string, string>;
}

interface Rewrite {
  entries: Array<[string, string]>;
  notes: string[];
  conflicts: string[];
}

/**
 * Renames every script that runs `drizzle-kit push` to `<name>:unsafe`, in place; a renamed
 * `db:push` leaves the guard at its name.
 */
function renamePushScripts(entries: Array<[string, string]>): Rewrite {
  const out: Array<[string, string]> = [];
  const notes: string[] = [];
  const conflicts: string[] = [];
  const names = new Set(entries.map(([n]) => n));
  for (const [name, command] of entries) {
    if (name.endsWith(':unsafe') || !callsPush(command)) {
      out.push([name, command]);
      continue;
    }
    const unsafe = `${name}:unsafe`;
    if (names.has(unsafe)) {
      out.push([name, command]);
      conflicts.push(
        `"${name}" runs \`${command}\` but "${unsafe}" exists too: rename or remove one of them, then run init again.`,
      );
      continue;
    }
    if (name === 'db:push') out.push(['db:push', GUARD_COMMAND]);
    out.push([unsafe, command]);
    names.add(unsafe);
    notes.push(
      name === 'db:push'
        ? `db:push renamed to db:push:unsafe, db:push runs ${GUARD_COMMAND}`
        : `${name} renamed to ${unsafe}`,
    );
  }
  return { entries: out, notes, conflicts };
}

function writeScripts(plan: Plan, file: string, text: string, rewrite: Rewrite): void {
  plan.notices.push(...rewrite.conflicts.map((c) => `${file}: ${c}`));
  if (!rewrite.notes.length) return;
  plan.write(
    file,
    setTopLevelKey(text, 'scripts', Object.fromEntries(rewrite.entries)),
    `scripts: ${rewrite.notes.join('; ')}`,
  );
}

/**
 * The Supabase CLI applies every migration of `supabase/migrations`, its own (RLS, functions) and
 * drizzle's alike; `drizzle-kit migrate` would apply drizzle's alone and record them in another table.
 */
function migrateCommand(ctx: InitContext, flag: string): string {
  return ctx.supabaseCli ? 'supabase db push' : `drizzle-kit migrate${flag}`;
}

export function planScripts(ctx: InitContext, plan: Plan): void {
  const file = join(ctx.packageDir, 'package.json');
  const { text, pkg } = readPackageJson(plan, file);
  const rewrite = renamePushScripts(Object.entries(scriptsOf(pkg, file)));
  const names = new Set(rewrite.entries.map(([n]) => n));
  const flag = drizzleKitConfigFlag(ctx);
  // The team's own generate / migrate scripts stay the ones to run: a twin without their flags
  // (`--env-file`, `dotenv -e`) would fail or reach another database.
  const wanted: Array<[string, string]> = [
    ...(ctx.scripts.own.generate ? [] : [['db:generate', `drizzle-kit generate${flag}`] as [string, string]]),
    ...(ctx.scripts.own.migrate ? [] : [['db:migrate', migrateCommand(ctx, flag)] as [string, string]]),
    ['db:check', `nexiom-lint --all${nexiomConfigFlag(ctx, ctx.packageDir)}`],
    // Also where nothing pushed before: `npm run db:push` out of habit gets the explanation.
    ['db:push', GUARD_COMMAND],
  ];
  for (const [name, command] of wanted) {
    if (names.has(name)) continue;
    rewrite.entries.push([name, command]);
    rewrite.notes.push(`${name} added`);
  }
  writeScripts(plan, file, text, rewrite);
  if (ctx.supabaseCli && !ctx.scripts.own.migrate && !names.has('db:migrate')) {
    plan.notices.push(messages.supabaseCliMigrate(file, ctx.project.out));
  }
  const own = (['generate', 'migrate'] as const).filter((k) => ctx.scripts.own[k] && ctx.scripts[k] !== `db:${k}`);
  const verbs = { generate: 'generate', migrate: 'apply' };
  if (own.length) {
    plan.notices.push(
      messages.teamScripts(
        file,
        own.map((k) => `${verbs[k]} (\`${ctx.scripts[k]}\`)`),
      ),
    );
  }

  // In a monorepo the root package.json may run drizzle-kit push itself (`drizzle-kit push --config
  // packages/db/...`); a root script that delegates to the package's db:push is guarded already.
  const rootFile = join(ctx.installRoot, 'package.json');
  if (rootFile === file || plan.read(rootFile) === null) return;
  const root = readPackageJson(plan, rootFile);
  writeScripts(plan, rootFile, root.text, renamePushScripts(Object.entries(scriptsOf(root.pkg, rootFile))));
}
