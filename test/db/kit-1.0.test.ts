/**
 * The drizzle 1.0 line end to end on the real Postgres server: folder layout, a migrations table
 * with `name` / `applied_at`, rows matched by name. drizzle-kit, drizzle-orm and pg 1.0-era
 * releases are installed from the npm registry into a folder outside the project (kept between
 * runs); skipped, saying so, only when that install is impossible.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PG_CONFIG } from '../helpers/drizzle.js';
import { createDatabase, dropAllDatabases, postgresUnavailable } from '../helpers/pg.js';
import { cleanupAll, createRepo, type TempRepo } from '../helpers/repo.js';

const VERSION = '1.0.0-rc.5';
const HOME = path.join(os.tmpdir(), `nexiom-lint-drizzle-${VERSION}-pg`);
const MODULES = path.join(HOME, 'node_modules');

function install(): string | null {
  if (['drizzle-kit', 'drizzle-orm', 'pg'].every((p) => existsSync(path.join(MODULES, p, 'package.json')))) return null;
  mkdirSync(HOME, { recursive: true });
  writeFileSync(path.join(HOME, 'package.json'), JSON.stringify({ name: 'kit-1-pg', private: true }));
  const r = spawnSync(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      '-E',
      `drizzle-kit@${VERSION}`,
      `drizzle-orm@${VERSION}`,
      'pg@8.23.1',
    ],
    { cwd: HOME, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return r.status === 0 ? null : `npm install drizzle-kit@${VERSION} failed: ${r.stderr.slice(-500)}`;
}

const unavailable = await postgresUnavailable();
const installError = unavailable ? null : install();
if (installError) console.warn(`Skipping the drizzle ${VERSION} database tests: ${installError}`);

const USERS = `import { pgTable, serial, text } from 'drizzle-orm/pg-core';

export const users = pgTable('users', { id: serial('id').primaryKey(), email: text('email').notNull() });
`;
const POSTS = `${USERS}
export const posts = pgTable('posts', { id: serial('id').primaryKey(), title: text('title') });
`;

function kit(repo: TempRepo, args: string[], url: string) {
  const r = spawnSync(process.execPath, [path.join(MODULES, 'drizzle-kit/bin.cjs'), ...args], {
    cwd: repo.dir,
    env: { ...process.env, DATABASE_URL: url },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.status !== 0) throw new Error(`drizzle-kit ${args[0]} failed:\n${r.stdout}${r.stderr}`);
  return r.stdout + r.stderr;
}

describe.skipIf(unavailable !== null || installError !== null)(
  `drizzle ${VERSION} (folder layout, rows by name)`,
  () => {
    let repo: TempRepo;
    beforeAll(() => {
      repo = createRepo(
        {
          'package.json': JSON.stringify({ name: 'app', private: true, type: 'module' }),
          'drizzle.config.ts': PG_CONFIG({ extra: 'dbCredentials: { url: process.env.DATABASE_URL! },' }),
          'src/schema/users.ts': USERS,
        },
        { linkModules: false },
      );
      mkdirSync(path.join(repo.dir, 'node_modules'));
      for (const name of readdirSync(MODULES)) {
        symlinkSync(path.join(MODULES, name), path.join(repo.dir, 'node_modules', name));
      }
      kit(repo, ['generate', '--name', 'init'], '');
      repo.commit('init');
    }, 120_000);
    afterAll(async () => {
      await dropAllDatabases();
      cleanupAll();
    });

    it('baselines a pushed database with name rows, and the 1.0 migrator then applies only the new migration', async () => {
      const db = await createDatabase();
      kit(repo, ['push', '--force'], db.url);
      await db.query(`INSERT INTO users (email) VALUES ('ada@example.com')`);
      const baseline = repo.run(['db', 'baseline', '--yes'], { DATABASE_URL: db.url });
      expect(baseline.code).toBe(0);
      const rows = await db.query<{ name: string; created_at: string }>(
        'SELECT name, created_at FROM drizzle.__drizzle_migrations',
      );
      const folder = readdirSync(path.join(repo.dir, 'drizzle')).find((f) => f.endsWith('_init'))!;
      expect(rows).toEqual([
        {
          name: folder,
          created_at: String(
            Date.UTC(
              +folder.slice(0, 4),
              +folder.slice(4, 6) - 1,
              +folder.slice(6, 8),
              +folder.slice(8, 10),
              +folder.slice(10, 12),
              +folder.slice(12, 14),
            ),
          ),
        },
      ]);

      // drizzle-kit 1.0 names folders by the second: make sure the next one is a later second.
      await new Promise((r) => setTimeout(r, 1100));
      repo.write({ 'src/schema/users.ts': POSTS });
      kit(repo, ['generate', '--name', 'posts'], '');
      const pending = JSON.parse(repo.run(['db', 'status', '--format', 'json'], { DATABASE_URL: db.url }).stdout);
      expect(pending.matchBy).toBe('name');
      expect(pending.migrations.map((m: { status: string }) => m.status)).toEqual(['applied', 'pending']);
      kit(repo, ['migrate'], db.url);
      const status = repo.run(['db', 'status'], { DATABASE_URL: db.url });
      expect(status.code).toBe(0);
      expect(status.stdout).toContain('2 applied, 0 pending');
      expect(await db.query('SELECT email FROM users')).toEqual([{ email: 'ada@example.com' }]);
      expect(await db.query(`SELECT to_regclass('public.posts') IS NOT NULL AS t`)).toEqual([{ t: true }]);
    });
  },
);
