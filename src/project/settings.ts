/**
 * nexiom-lint's own settings: `nexiom-lint.config.json` at the repository root, or the
 * `"nexiom-lint"` key of the root package.json. Optional; everything has a default.
 *
 * {
 *   "rules": { "sql-drop-column": "warning", "schema-without-migration": ["error", { "literal": true }] },
 *   "failOn": "error",
 *   "ignore": ["drizzle/custom/**"],
 *   "sql": { "skip": ["0000_init"], "postgresVersion": 15 }
 * }
 *
 * The schema (zod) is only loaded when such a file exists, so the hook's fast path stays fast.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import type { Severity, SeveritySetting } from '../rules/types.js';

export interface RuleSetting {
  severity?: SeveritySetting;
  options: Record<string, unknown>;
}

export interface Settings {
  /** Where the settings came from, for messages; null when defaults. */
  source: string | null;
  rules: Record<string, RuleSetting>;
  failOn?: Severity;
  /** Globs (repository-relative) of files under `out` that are not drizzle migrations. */
  ignore: string[];
  /** Migrations (tags) whose SQL is not linted: history accepted as it is. */
  sqlSkip: string[];
  /** `sql.postgresVersion`: the oldest Postgres major the migrations run on (rules assume 14 when unset). */
  sqlPostgresVersion?: number;
  /** Any other section, kept for commands that read their own (`db`, `comment` ...). */
  extra: Record<string, unknown>;
}

export const DEFAULT_SETTINGS: Settings = { source: null, rules: {}, ignore: [], sqlSkip: [], extra: {} };

import { SETTINGS_FILE } from './names.js';
export { SETTINGS_FILE };

export async function loadSettings(repoRoot: string): Promise<Settings> {
  const file = path.join(repoRoot, SETTINGS_FILE);
  let raw: unknown;
  let source: string;
  if (existsSync(file)) {
    source = SETTINGS_FILE;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new ConfigError(`${SETTINGS_FILE} is not valid JSON: ${(error as Error).message}. Fix it and try again.`);
    }
  } else {
    const pkgFile = path.join(repoRoot, 'package.json');
    if (!existsSync(pkgFile)) return DEFAULT_SETTINGS;
    let pkg: Record<string, unknown>;
    try {
      pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as Record<string, unknown>;
    } catch {
      // A broken package.json is reported by the rules that read it; settings fall back to defaults.
      return DEFAULT_SETTINGS;
    }
    if (!pkg || pkg['nexiom-lint'] === undefined) return DEFAULT_SETTINGS;
    raw = pkg['nexiom-lint'];
    source = 'package.json#nexiom-lint';
  }
  const { parseSettings } = await import('./settings-schema.js');
  return parseSettings(raw, source);
}
