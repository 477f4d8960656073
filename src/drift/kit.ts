/**
 * Finds the drizzle-kit installed in the user's project: the one their `db:generate` runs, so
 * the drift verdict is the verdict of their own version. Node's lookup (`node_modules/drizzle-kit`
 * in the package directory and each directory above it) done by hand, because drizzle-kit's
 * `exports` map does not expose its package.json, and because loading anything here would cost
 * the time the check is meant to save.
 *
 * What the installed package offers is read from its `exports` map, not from a version table:
 * `./api-postgres` (the 1.0 line, folder layout), `./api` (0.23.2 to 0.31.x) or `./payload`
 * (0.20.17 to 0.23.1), all with `generateDrizzleJson` and `generateMigration`. Releases before 0.20.17
 * have none: the drift check then runs their `generate` on a copy (generate.ts).
 */
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import path from 'node:path';
import { EnvironmentError } from '../errors.js';
import type { KitLine } from './protocol.js';
import { installHint } from '../project/install-hint.js';

export interface Kit {
  version: string;
  line: KitLine;
  /** Absolute directory of the package. */
  dir: string;
  /** The module with the serializer and the differ (`drizzle-kit/api` ...); null when it exports none. */
  api: string | null;
}

/** No drizzle-kit in the project: schema-drift cannot run, the semantic gate falls back to files. */
export class KitMissingError extends EnvironmentError {}

export function lineOf(version: string, exportsMap?: Record<string, unknown>): KitLine {
  if (exportsMap && './api-postgres' in exportsMap) return '1.0';
  return /^0\./.test(version) ? '0.31' : '1.0';
}

/** The API module, in order of preference, among those the package exports. */
export function apiEntryOf(line: KitLine, exportsMap: Record<string, unknown> | undefined, dir: string): string | null {
  const candidates = line === '1.0' ? ['./api-postgres'] : ['./api', './payload'];
  // No exports map (before 0.20): any file of the package could be required, if it were there.
  const found = candidates.find((c) => (exportsMap ? c in exportsMap : existsSync(path.join(dir, `${c.slice(2)}.js`))));
  return found ? `drizzle-kit/${found.slice(2)}` : null;
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function findKit(packageDir: string, repoRoot: string): Kit {
  for (let dir = packageDir; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'node_modules', 'drizzle-kit', 'package.json');
    if (existsSync(manifest)) {
      const { version, exports: exportsMap } = JSON.parse(readFileSync(manifest, 'utf8')) as {
        version: string;
        exports?: Record<string, unknown>;
      };
      const line = lineOf(version, exportsMap);
      return { version, line, dir: path.dirname(manifest), api: apiEntryOf(line, exportsMap, path.dirname(manifest)) };
    }
    if (path.dirname(dir) === dir) break;
  }
  const where = path.relative(repoRoot, packageDir) || '.';
  throw new KitMissingError(
    `drizzle-kit is not installed in ${where}: the drift check serializes the schema with the project's own ` +
      `drizzle-kit. ${capitalize(installHint(packageDir, repoRoot, 'drizzle-kit'))}, or turn the rule off (rules: { "schema-drift": "off" }).`,
  );
}

/**
 * The snapshot version the installed drizzle-kit writes and accepts as latest ("5" on 0.20, "6"
 * on 0.21, "7" from 0.22 on), read from its API bundle (`snapshotVersion = "7"`); null when it
 * cannot be found there (then nothing is claimed about older snapshots).
 */
const snapshotVersions = new Map<string, string | null>();

export function snapshotVersionOf(kit: Kit): string | null {
  if (!kit.api || kit.line === '1.0') return null;
  const file = path.join(kit.dir, `${kit.api.slice('drizzle-kit/'.length)}.js`);
  if (!snapshotVersions.has(file)) {
    let found: string | null;
    try {
      // The constant sits near the top of the bundle (~115 kB into 3 MB): its first 512 kB are
      // searched first, the whole file only when the first match is not complete there.
      found = versionIn(readHead(file, 512 * 1024), false) ?? versionIn(readFileSync(file), true) ?? null;
    } catch {
      found = null; // Not where expected: claim nothing.
    }
    snapshotVersions.set(file, found);
  }
  return snapshotVersions.get(file)!;
}

function readHead(file: string, bytes: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    return buffer.subarray(0, readSync(fd, buffer, 0, bytes, 0));
  } finally {
    closeSync(fd);
  }
}

/**
 * The first `snapshotVersion = "<digits>"` not preceded by a word character, as the regex
 * `\bsnapshotVersion = "(\d+)"` finds it, searched as bytes. `whole`: the buffer is the whole
 * file (null: none); else undefined when a match may be cut off at the buffer's end.
 */
function versionIn(bundle: Buffer, whole: boolean): string | null | undefined {
  const mark = Buffer.from('snapshotVersion = "');
  for (let at = bundle.indexOf(mark); at >= 0; at = bundle.indexOf(mark, at + 1)) {
    const before = at > 0 ? String.fromCharCode(bundle[at - 1]!) : ' ';
    if (/\w/.test(before)) continue;
    let end = at + mark.length;
    while (end < bundle.length && bundle[end]! >= 0x30 && bundle[end]! <= 0x39) end++;
    if (end === bundle.length && !whole) return undefined;
    if (end > at + mark.length && bundle[end] === 0x22) return bundle.toString('latin1', at + mark.length, end);
  }
  return whole ? null : undefined;
}
