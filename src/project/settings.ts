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
import type { Settings } from './settings-schema.js';

export type { RuleSetting, Settings } from './settings-schema.js';

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
