/**
 * Saved replays (src/db/replay-state.ts) on real PGlite: a replay of the same migrations starts
 * from the saved data directory (tables, rows, platform stand-ins and search_path as the replay
 * left them), any other list replays, a lock-checked replay is never served by one that was not
 * checked, and the cache keeps the MAX_STATES most recently used.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BREAKPOINT, type LocalMigration } from '../../src/db/local.js';
import type { Platform } from '../../src/db/platform.js';
import { PLATFORM_SEARCH_PATH } from '../../src/db/platform-sql.js';
import { replayedWith } from '../../src/db/replay.js';
import { findState, MAX_STATES, saveState, stateKey, statesRoot } from '../../src/db/replay-state.js';
import { traceUnits } from '../../src/trace/run.js';
import { cleanupAll, tempDir } from '../helpers/repo.js';

afterAll(cleanupAll);

function migration(i: number, sql: string): LocalMigration {
  return {
    tag: `000${i}_m${i}`,
    sqlFile: `drizzle/000${i}_m${i}.sql`,
    hash: createHash('sha256').update(sql).digest('hex'),
    createdAt: 1_700_000_000_000 + i,
    sql,
    statements: sql.split(BREAKPOINT),
  };
}

const BASE = [
  migration(
    0,
    `CREATE TABLE "users" ("id" integer PRIMARY KEY, "age" integer);${BREAKPOINT}\nINSERT INTO "users" VALUES (1, 30);`,
  ),
  migration(1, 'CREATE INDEX "users_age_idx" ON "users" ("age");'),
];

describe('saved replays', () => {
  it('the second replay of the same migrations starts from the first one, rows and all, and traces the same', async () => {
    const cacheDir = tempDir();
    const first = await replayedWith(BASE, { cacheDir, reuse: true });
    expect(first.reused).toBeUndefined();
    const unit = [{ file: 'm.sql', line: 1, endLine: 1, sql: 'ALTER TABLE "users" ALTER COLUMN "age" TYPE bigint' }];
    const cold = await traceUnits(first.db, [unit]);
    await first.db.close();
    expect(readdirSync(path.join(cacheDir, 'replay-states'))).toHaveLength(1);

    const second = await replayedWith(BASE, { cacheDir, reuse: true, extraSql: ['SELECT 1'] });
    try {
      expect(second.reused).toBe(true);
      expect(await second.db.query('SELECT id, age FROM users')).toEqual([{ id: 1, age: 30 }]);
      expect(await traceUnits(second.db, [unit])).toEqual(cold);
      expect(cold[0]!.observed[0]).toMatchObject({ table: 'public.users', rewrite: true, lock: 'ACCESS EXCLUSIVE' });
    } finally {
      await second.db.close();
    }

    const edited = [BASE[0]!, migration(1, 'CREATE INDEX "users_age_idx" ON "users" ("age", "id");')];
    const third = await replayedWith(edited, { cacheDir, reuse: true });
    await third.db.close();
    expect(third.reused).toBeUndefined();
    expect(readdirSync(path.join(cacheDir, 'replay-states'))).toHaveLength(2);
  }, 120_000);

  it('a replay that counts its locks is not served by one that did not; once it has run, both are served', async () => {
    const cacheDir = tempDir();
    await (await replayedWith(BASE, { cacheDir, reuse: true })).db.close();
    const checked = await replayedWith(BASE, { cacheDir, reuse: true, lockLimit: true });
    await checked.db.close();
    expect(checked.reused).toBeUndefined();
    const plain = await replayedWith(BASE, { cacheDir, reuse: true });
    await plain.db.close();
    expect(plain.reused).toBe(true);
  }, 120_000);

  it('without a cache folder, a second replay in the same run still starts from the first', async () => {
    const list = [migration(0, 'CREATE TABLE "solo" ("id" integer);')];
    await (await replayedWith(list, { cacheDir: null, reuse: true })).db.close();
    const again = await replayedWith(list, { cacheDir: null, reuse: true });
    await again.db.close();
    expect(again.reused).toBe(true);
  }, 120_000);

  it("a platform's stand-ins and search_path are as the replay left them", async () => {
    const cacheDir = tempDir();
    const platform: Platform = { name: 'supabase', fromConfig: [], fromMigrations: ['auth.users (0000_m0)'] };
    const list = [migration(0, 'CREATE TABLE "profiles" ("id" uuid PRIMARY KEY REFERENCES auth.users ("id"));')];
    const first = await replayedWith(list, { cacheDir, reuse: true, platform });
    await first.db.close();
    const second = await replayedWith(list, { cacheDir, reuse: true, platform });
    try {
      expect(second.reused).toBe(true);
      const [row] = await second.db.query<{ search_path: string }>('SHOW search_path');
      expect(row!.search_path).toBe(PLATFORM_SEARCH_PATH);
      expect([...second.standIns!.objects.objects.keys()]).toEqual([...first.standIns!.objects.objects.keys()]);
    } finally {
      await second.db.close();
    }
    expect(await stateKey(list, platform)).not.toBe(await stateKey(list, null));
  }, 120_000);

  it(`keeps the ${MAX_STATES} most recently used states`, async () => {
    const cacheDir = tempDir();
    const root = await statesRoot(cacheDir);
    const { db, standIns } = await replayedWith([BASE[0]!], { cacheDir });
    try {
      const keys = Array.from({ length: MAX_STATES + 1 }, (_, i) => `state${i}`);
      for (const [i, key] of keys.entries()) {
        expect(await saveState(db, root, key, { lockChecked: false, standIns })).toBe(true);
        // The oldest one is used again before the last save: it stays, the second oldest goes.
        if (i === MAX_STATES - 1) expect(await findState(root, keys[0]!, false)).not.toBeNull();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const kept = readdirSync(root).sort();
      expect(kept).toEqual(keys.filter((k) => k !== 'state1'));
      expect(existsSync(path.join(root, 'state0', 'data', 'PG_VERSION'))).toBe(true);
      expect(existsSync(path.join(root, 'state0', 'data', 'postmaster.pid'))).toBe(false);
    } finally {
      await db.close();
    }
  }, 120_000);
});
