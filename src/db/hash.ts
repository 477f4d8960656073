/**
 * The hash drizzle records for an applied migration, computed exactly as its migrator does.
 *
 * drizzle-orm 0.45 (`migrator.js`, `readMigrationFiles`) and the 1.0 line (`migrator.ts`) both do:
 *
 *   const query = fs.readFileSync(`${folder}/${tag}.sql`).toString();   // 1.0: <folder>/migration.sql
 *   hash: crypto.createHash('sha256').update(query).digest('hex')
 *
 * So the hash is the hex sha256 of the file decoded as UTF-8 and encoded back: byte-identical for
 * valid UTF-8 (a BOM or CRLF line ends count), while invalid byte sequences become U+FFFD first.
 * (The same function as `src/project/hash.ts` on the history branch; one of them goes on merge.)
 */
import { createHash } from 'node:crypto';

/** The hash of a migration's text as drizzle read it. */
export function migrationHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The hash of a migration file's raw bytes: decoded as `Buffer#toString()` does, then hashed. */
export function migrationFileHash(content: Buffer): string {
  return migrationHash(content.toString());
}
