/**
 * The migrations on disk as drizzle's migrator sees them: for each, the SQL it runs, the `hash`
 * and `created_at` it records, and (1.0 line) the `name` it matches rows by.
 *
 * 0.x (drizzle-orm 0.45 `readMigrationFiles`): journal order; `created_at` = the entry's `when`.
 * 1.0 (drizzle-orm beta `readMigrationFiles`): every `<folder>/migration.sql`, sorted by folder
 * name; `name` = the folder name; `created_at` = `Date.UTC` of the folder's 14-digit prefix
 * (`formatToMillis`).
 */
import { ConfigError } from '../errors.js';
import type { MigrationSet } from '../project/migrations.js';
import { migrationFileHash } from '../project/hash.js';

export interface LocalMigration {
  tag: string;
  sqlFile: string;
  hash: string;
  /** What the migrator writes into `created_at`. */
  createdAt: number;
  /** The 1.0 migrator's `name` column (the folder name); absent for the 0.x layout. */
  name?: string;
  sql: string;
  /** `--> statement-breakpoint` separated statements, as the migrator runs them. */
  statements: string[];
  /** Not drizzle's: a Supabase CLI migration (not in the journal) the replay applies in its place. */
  supabaseCli?: true;
}

export const BREAKPOINT = '--> statement-breakpoint';

/** `20250101120000` → ms since the epoch, as drizzle's `formatToMillis` computes it (UTC). */
export function folderMillis(prefix: string): number {
  const n = (from: number, to: number) => Number.parseInt(prefix.slice(from, to), 10);
  return Date.UTC(n(0, 4), n(4, 6) - 1, n(6, 8), n(8, 10), n(10, 12), n(12, 14));
}

export async function localMigrations(set: MigrationSet): Promise<LocalMigration[]> {
  if (set.problems.length) {
    const p = set.problems[0]!;
    throw new ConfigError(
      `${p.file}: ${p.message}. Fix the migrations folder first (nexiom-lint --all shows every problem).`,
    );
  }
  const out: LocalMigration[] = [];
  for (const m of set.migrations) {
    const buffer = m.hasSql ? await set.tree.readBuffer(m.sqlFile) : undefined;
    if (!buffer) {
      throw new ConfigError(
        `${set.journal?.file ?? set.out}: the migration ${m.tag} has no SQL file (${m.sqlFile}). ` +
          "drizzle's migrator would fail on it too: restore the file or remove the entry, then try again.",
      );
    }
    const sql = buffer.toString();
    const folders = set.layout === 'folders';
    out.push({
      tag: m.tag,
      sqlFile: m.sqlFile,
      hash: migrationFileHash(buffer),
      createdAt: folders ? folderMillis(m.prefix) : m.entry!.when,
      ...(folders ? { name: m.tag } : {}),
      sql,
      statements: sql.split(BREAKPOINT),
    });
  }
  if (set.layout === 'folders') out.sort((a, b) => a.tag.localeCompare(b.tag));
  return out;
}

/** The migrations up to and including `to` (a tag, or its prefix such as `0003`). */
export function upTo(migrations: LocalMigration[], to: string | undefined): LocalMigration[] {
  if (to === undefined) return migrations;
  const exact = migrations.findIndex((m) => m.tag === to);
  const byPrefix = migrations.flatMap((m, i) => (m.tag.split('_')[0] === to ? [i] : []));
  if (exact < 0 && byPrefix.length > 1) {
    throw new ConfigError(
      `--to ${to} names ${byPrefix.length} migrations (${byPrefix.map((i) => migrations[i]!.tag).join(', ')}): give the full tag.`,
    );
  }
  const index = exact >= 0 ? exact : (byPrefix[0] ?? -1);
  if (index < 0) {
    const known = migrations.map((m) => m.tag);
    throw new ConfigError(
      `--to ${to}: no such migration. Migrations: ${known.slice(0, 8).join(', ')}${known.length > 8 ? ', ...' : ''}.`,
    );
  }
  return migrations.slice(0, index + 1);
}

const baseName = (file: string) => file.slice(file.lastIndexOf('/') + 1);

/**
 * What the database has run, in order, for a replay: drizzle's migrations (`drizzle`, possibly cut
 * by `upTo`) and, in a Supabase CLI folder, the CLI's own migrations, all in file-name (version)
 * order as `supabase db push` applies them. A CLI migration after the last of `drizzle` is left out
 * when `drizzle` was cut (`--to`). Drizzle's migrator itself never runs them: status and baseline
 * rows use `drizzle` alone.
 */
export async function replayOrder(
  set: MigrationSet,
  drizzle: LocalMigration[],
  cut = false,
): Promise<LocalMigration[]> {
  const files = set.supabaseCliSql ?? [];
  if (!files.length) return drizzle;
  const last = drizzle.length ? baseName(drizzle[drizzle.length - 1]!.sqlFile) : '';
  const cli: LocalMigration[] = [];
  for (const file of files) {
    if (cut && baseName(file) > last) continue;
    const buffer = await set.tree.readBuffer(file);
    if (!buffer) continue;
    const tag = baseName(file).replace(/\.sql$/, '');
    const sql = buffer.toString();
    const version = tag.split('_')[0]!;
    cli.push({
      tag,
      sqlFile: file,
      hash: migrationFileHash(buffer),
      createdAt: version.length === 14 ? folderMillis(version) : 0,
      sql,
      statements: sql.split(BREAKPOINT),
      supabaseCli: true,
    });
  }
  return [...drizzle, ...cli].sort((a, b) => (baseName(a.sqlFile) < baseName(b.sqlFile) ? -1 : 1));
}
