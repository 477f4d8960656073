/**
 * The team's own scripts that generate and apply migrations, found in a package.json so that init
 * reuses them (and their flags) instead of adding twins.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { drizzleKitConfigs, runsDrizzleKit } from './package-manager.js';

/** drizzle-orm's own migrator, imported by a file a `migrate` script runs (`tsx migrate.ts`). */
const ORM_MIGRATOR = /['"]drizzle-orm\/[\w-]+\/migrator['"]/;

/** The local files a script line hands to a runner: `tsx -r dotenv/config migration.ts`, `zx ./scripts/gen.mjs`. */
function scriptFiles(command: string): string[] {
  return command
    .split(/[\s;&|()]+/)
    .filter((token) => /^[\w./-]+\.(?:[cm]?[jt]s|sh)$/.test(token) && !token.startsWith('-'))
    .map((token) => token.replace(/^\.\//, ''));
}

/** A command that applies a Supabase CLI migrations folder: `supabase db push`, `supabase migration up`. */
const SUPABASE_APPLY = /(?:^|[\s;&|(/])supabase(?:@\S+)?\s+(?:db\s+push|migration\s+up)(?=$|[\s;&|)'"])/;

function runs(command: string, subcommand: 'generate' | 'migrate', supabaseCli: boolean): boolean {
  return (
    runsDrizzleKit(command, subcommand) || (supabaseCli && subcommand === 'migrate' && SUPABASE_APPLY.test(command))
  );
}

function fileRuns(packageDir: string, file: string, subcommand: 'generate' | 'migrate', supabaseCli: boolean): boolean {
  const abs = path.resolve(packageDir, file);
  if (!abs.startsWith(packageDir + path.sep) || !existsSync(abs)) return false;
  const text = readFileSync(abs, 'utf8').slice(0, 64 * 1024);
  // A command inside a zx template or a string (execa) reads like a script line once the quotes are gone.
  return (
    runs(text.replace(/[`'"]/g, ' '), subcommand, supabaseCli) || (subcommand === 'migrate' && ORM_MIGRATOR.test(text))
  );
}

/**
 * The team's own script that generates (or applies) migrations for one config, so init reuses it
 * with its flags (`--env-file`, `dotenv -e`, `--config`) instead of adding a twin: a script that
 * runs drizzle-kit for that config (`--config` naming it, or none when the config has drizzle-kit's
 * default name), else, when the package has only that config, a script that runs a local file
 * doing it (`zx ./scripts/migrate-drizzle.mjs` around `drizzle-kit generate`, `tsx migration.ts`
 * around drizzle-orm's migrator).
 */
export function teamScript(
  packageDir: string,
  scripts: Record<string, string>,
  subcommand: 'generate' | 'migrate',
  config: { path: string; isDefault: boolean; only: boolean; supabaseCli?: boolean },
): string | undefined {
  const supabaseCli = config.supabaseCli ?? false;
  const same = (written: string) => path.resolve(packageDir, written) === path.resolve(packageDir, config.path);
  const entries = Object.entries(scripts).filter(([, command]) => typeof command === 'string');
  const direct = entries.find(([, command]) => {
    if (supabaseCli && subcommand === 'migrate' && SUPABASE_APPLY.test(command)) return true;
    if (!runsDrizzleKit(command, subcommand)) return false;
    const configs = drizzleKitConfigs(command);
    return configs.length ? configs.some(same) : config.isDefault;
  });
  if (direct) return direct[0];
  if (!config.only) return undefined;
  // A test setup may migrate a test database too: a script named for the job comes first.
  const named = subcommand === 'generate' ? /gen|migrat/i : /migrat/i;
  const byName = [...entries.filter(([name]) => named.test(name)), ...entries.filter(([name]) => !named.test(name))];
  return byName.find(
    ([, command]) =>
      !(subcommand === 'generate' && /--custom/.test(command)) &&
      scriptFiles(command).some((f) => fileRuns(packageDir, f, subcommand, supabaseCli)),
  )?.[0];
}
