/**
 * Temporary folders: private to the run (never a fixed name that another user may hold), removed
 * when the run ends, also when it is stopped with SIGINT or SIGTERM in the middle of a replay, and
 * a TMPDIR that cannot be used is a clear exit 2.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drizzleProject, generate } from '../helpers/drizzle.js';
import { BIN, cleanupAll, createRepo, GIT_ENV, type TempRepo } from '../helpers/repo.js';
import { expectClean, runCli } from './harness.js';

afterAll(cleanupAll);

const CLEAN = { CI: undefined, NODE_ENV: undefined, DATABASE_URL: undefined };
let repo: TempRepo;

beforeAll(() => {
  // Its own node_modules/.cache, as a user's project has, so the PGlite template lands there.
  repo = createRepo(drizzleProject(), { ownModules: true });
  generate(repo, 'init');
  repo.commit('init');
}, 300_000);

const privateTmp = () => mkdtempSync(path.join(os.tmpdir(), 'nexiom-lint-test-tmp-'));

describe('temp folders', () => {
  it('a replay leaves nothing in TMPDIR; the PGlite template is kept in node_modules/.cache', () => {
    const o = runCli(['--all', '--rule', 'replay-mismatch'], { cwd: repo.dir, env: CLEAN, timeoutMs: 400_000 });
    expectClean(o, { exit: [0] });
    const cache = path.join(repo.dir, 'node_modules/.cache/nexiom-lint');
    const kept = readdirSync(cache).filter((f) => f.startsWith('pglite-'));
    expect(kept).toHaveLength(1);
    expect(existsSync(path.join(cache, kept[0]!, 'template-postgres', 'PG_VERSION'))).toBe(true);
    expect(readdirSync(path.join(cache, kept[0]!))).toEqual(['template-postgres']);
  }, 600_000);

  it("another user's folder under the old fixed name in TMPDIR does not matter", () => {
    const tmp = privateTmp();
    try {
      // What a second user met: the name taken (here by a file, which not even root can use as a folder).
      const version = readdirSync(path.join(repo.dir, 'node_modules/.cache/nexiom-lint'))
        .find((f) => f.startsWith('pglite-'))!
        .slice('pglite-'.length);
      writeFileSync(path.join(tmp, `nexiom-lint-pglite-${version}`), 'not yours');
      const o = runCli(['--all', '--rule', 'replay-mismatch'], {
        cwd: repo.dir,
        env: { ...CLEAN, TMPDIR: tmp },
        timeoutMs: 400_000,
      });
      expectClean(o, { exit: [0] });
      expect(readdirSync(tmp)).toEqual([`nexiom-lint-pglite-${version}`]);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }, 600_000);

  it('a TMPDIR that does not exist is exit 2, saying what to do', () => {
    const o = runCli(['--all', '--rule', 'replay-mismatch'], {
      cwd: repo.dir,
      env: { ...CLEAN, TMPDIR: '/nonexistent/tmp' },
      timeoutMs: 400_000,
    });
    expectClean(o, {
      exit: [2],
      message: /Cannot create a temporary folder in \/nonexistent\/tmp .*Point TMPDIR at a folder you can write to/,
    });
  }, 600_000);

  describe('a run stopped in the middle of a replay', () => {
    let slow: TempRepo;
    beforeAll(() => {
      slow = createRepo(drizzleProject(), { ownModules: true });
      generate(slow, 'init');
      // A data migration (drizzle-kit generate --custom) long enough to be stopped in the middle of.
      generate(slow, 'backfill', ['--custom']);
      const custom = readdirSync(path.join(slow.dir, 'drizzle')).find((f) => f.includes('backfill'))!;
      const statements = Array.from(
        { length: 30_000 },
        (_, i) => `INSERT INTO "users" ("email") VALUES ('user${i}@example.com');`,
      );
      writeFileSync(path.join(slow.dir, 'drizzle', custom), statements.join('\n--> statement-breakpoint\n'));
      slow.commit('init');
    }, 300_000);

    async function stopDuringReplay(
      signal: NodeJS.Signals,
    ): Promise<{ code: number | null; left: string[]; sawReplay: boolean }> {
      const tmp = privateTmp();
      try {
        const child = spawn(process.execPath, [BIN, '--all', '--rule', 'replay-mismatch'], {
          cwd: slow.dir,
          env: { ...process.env, ...GIT_ENV, ...CLEAN, NO_COLOR: '1', TMPDIR: tmp },
          stdio: 'ignore',
        });
        const done = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
        let sawReplay = false;
        for (let i = 0; i < 4000 && !sawReplay; i++) {
          await new Promise((r) => setTimeout(r, 100));
          sawReplay = readdirSync(tmp).some((f) => f.startsWith('nexiom-lint-replay-'));
        }
        // Give the copy of the template a moment to fill the folder, then stop the run.
        await new Promise((r) => setTimeout(r, 300));
        child.kill(signal);
        const code = await done;
        return { code, left: readdirSync(tmp), sawReplay };
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    }

    it('SIGINT: exit 130, the replay folder removed', async () => {
      const { code, left, sawReplay } = await stopDuringReplay('SIGINT');
      expect(sawReplay).toBe(true);
      expect(code).toBe(130);
      expect(left).toEqual([]);
    }, 600_000);

    it('SIGTERM: exit 143, the replay folder removed', async () => {
      const { code, left, sawReplay } = await stopDuringReplay('SIGTERM');
      expect(sawReplay).toBe(true);
      expect(code).toBe(143);
      expect(left).toEqual([]);
    }, 600_000);
  });
});
