/**
 * Which database `drizzle-kit push` is about to change, found the way drizzle-kit finds it:
 *  1. `--url` given to the guard (pass the same one you give drizzle-kit);
 *  2. the drizzle config's `dbCredentials` (`url`, or `host`/`port`/`database`): `--config`, or
 *     drizzle.config.ts / .js / .json in the current folder, drizzle-kit's own lookup order.
 *     The config is loaded as drizzle-kit loads it, so `process.env.DATABASE_URL` and
 *     `import 'dotenv/config'` inside it resolve to what drizzle-kit would see;
 *  3. `DATABASE_URL` from the environment.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import { parseDatabaseUrl, type DatabaseTarget } from './url.js';

export interface PushTarget extends DatabaseTarget {
  /** Where the target came from, for the message: `--url`, `drizzle.config.ts (dbCredentials.url)` ... */
  source: string;
}

const DEFAULT_CONFIGS = ['drizzle.config.ts', 'drizzle.config.js', 'drizzle.config.json'];

export interface TargetOptions {
  url?: string;
  config?: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

function fromCredentials(raw: Record<string, unknown>, label: string): PushTarget | null {
  const credentials = raw.dbCredentials;
  if (!credentials || typeof credentials !== 'object') return null;
  const { url, host, port, database } = credentials as Record<string, unknown>;
  if (typeof url === 'string' && url) return { ...parseDatabaseUrl(url), source: `${label} dbCredentials.url` };
  if (typeof host === 'string' && host) {
    const masked = `${host}${port ? `:${String(port)}` : ''}${typeof database === 'string' ? `/${database}` : ''}`;
    return { hosts: [host.toLowerCase()], masked, path: false, source: `${label} dbCredentials.host` };
  }
  return null;
}

export async function resolveTarget(options: TargetOptions): Promise<PushTarget | null> {
  if (options.url) return { ...parseDatabaseUrl(options.url), source: '--url' };
  let configPath: string | undefined;
  if (options.config) {
    configPath = path.resolve(options.cwd, options.config);
    if (!existsSync(configPath)) {
      throw new ConfigError(`The drizzle config ${options.config} does not exist. Pass --config the path you give drizzle-kit push.`);
    }
  } else {
    configPath = DEFAULT_CONFIGS.map((name) => path.join(options.cwd, name)).find((p) => existsSync(p));
  }
  if (configPath) {
    const { importConfig } = await import('../project/drizzle-config.js');
    const found = fromCredentials(await importConfig(configPath), path.relative(options.cwd, configPath) || configPath);
    if (found) return found;
  }
  const url = options.env.DATABASE_URL;
  return url ? { ...parseDatabaseUrl(url), source: 'DATABASE_URL' } : null;
}
