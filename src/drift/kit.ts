/**
 * Finds the drizzle-kit installed in the user's project: the one their `db:generate` runs, so
 * the drift verdict is the verdict of their own version. Node's lookup (`node_modules/drizzle-kit`
 * in the package directory and each directory above it) done by hand, because drizzle-kit's
 * `exports` map does not expose its package.json, and because loading anything here would cost
 * the time the check is meant to save.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { EnvironmentError } from '../errors.js';
import type { KitLine } from './protocol.js';

export interface Kit {
  version: string;
  line: KitLine;
  /** Absolute directory of the package. */
  dir: string;
}

/** No drizzle-kit in the project: schema-drift cannot run, the semantic gate falls back to files. */
export class KitMissingError extends EnvironmentError {}

export function lineOf(version: string): KitLine {
  return /^0\./.test(version) ? '0.31' : '1.0';
}

export function findKit(packageDir: string, repoRoot: string): Kit {
  for (let dir = packageDir; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'node_modules', 'drizzle-kit', 'package.json');
    if (existsSync(manifest)) {
      const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
      return { version, line: lineOf(version), dir: path.dirname(manifest) };
    }
    if (path.dirname(dir) === dir) break;
  }
  const where = path.relative(repoRoot, packageDir) || '.';
  throw new KitMissingError(
    `drizzle-kit is not installed in ${where}: the drift check serializes the schema with the project's own ` +
      'drizzle-kit. Install it (`npm i -D drizzle-kit`), or turn the rule off (rules: { "schema-drift": "off" }).',
  );
}
