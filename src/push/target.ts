/**
 * Which database `drizzle-kit push` is about to change. The sources and their order are every
 * command's (src/db/target.ts): `--url`, then `DATABASE_URL`, then the drizzle config's
 * `dbCredentials` (`--config`, or drizzle.config.ts / .js / .json here, drizzle-kit's own lookup).
 *
 * `--url` is the user naming the target (the one given to `drizzle-kit push --url`): it alone is
 * judged. Without it, drizzle-kit push reads only the config, so the guard judges both
 * `DATABASE_URL` and the config's database: a config that hard-codes a remote URL is refused even
 * when `DATABASE_URL` is local. The config is loaded as drizzle-kit loads it, so
 * `process.env.DATABASE_URL` and `import 'dotenv/config'` inside it resolve as drizzle-kit sees them.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import { candidateTargets, type DatabaseTarget } from '../db/target.js';
import { DEFAULT_CONFIG_NAMES } from '../project/names.js';

export type PushTarget = DatabaseTarget;

export interface TargetOptions {
  url?: string;
  config?: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** The databases the push may reach, first the one shown; the same database named twice counts once. */
export async function resolveTargets(options: TargetOptions): Promise<PushTarget[]> {
  if (options.url !== undefined) return candidateTargets({ flag: options.url, env: {} });
  let configPath: string | undefined;
  if (options.config) {
    configPath = path.resolve(options.cwd, options.config);
    if (!existsSync(configPath)) {
      throw new ConfigError(
        `The drizzle config ${options.config} does not exist. Pass --config the path you give drizzle-kit push.`,
      );
    }
  } else {
    configPath = DEFAULT_CONFIG_NAMES.map((name) => path.join(options.cwd, name)).find((p) => existsSync(p));
  }
  let raw: Record<string, unknown> = {};
  if (configPath) {
    const { importConfig } = await import('../project/drizzle-config.js');
    raw = (await importConfig(configPath)) as Record<string, unknown>;
  }
  const targets = candidateTargets({
    env: options.env,
    credentials: raw.dbCredentials,
    configFile: configPath ? path.relative(options.cwd, configPath) || configPath : 'the drizzle config',
    driver: raw.driver,
  });
  return targets.filter((t, i) => targets.findIndex((o) => o.raw === t.raw) === i);
}
