import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, cleanupAll, createRepo, type TempRepo } from '../helpers/repo.js';
import { drizzleProject, PG_CONFIG } from '../helpers/drizzle.js';

afterAll(cleanupAll);

/** A clean slate: the test run's own CI, NODE_ENV or DATABASE_URL must not leak into the guard. */
const CLEAN = {
  CI: undefined,
  NODE_ENV: undefined,
  DATABASE_URL: undefined,
  NEXIOM_LINT_PUSH_CONFIRM: undefined,
  npm_config_user_agent: undefined,
};
const REMOTE = 'postgres://app:s3cret-pw@db.example.com:5432/app';

function project(scripts: Record<string, string>, extra: Record<string, string> = {}): TempRepo {
  return createRepo(
    drizzleProject(undefined, {
      'package.json': JSON.stringify({ name: 'app', private: true, type: 'module', scripts }, null, 2),
      'drizzle.config.ts': PG_CONFIG({ extra: 'dbCredentials: { url: process.env.DATABASE_URL! },' }),
      ...extra,
    }),
  );
}

const SCRIPTS = {
  'db:generate': 'drizzle-kit generate',
  'db:migrate': 'drizzle-kit migrate',
  'db:push': 'nexiom-lint guard push',
  'db:push:unsafe': 'nexiom-lint guard push --unsafe && drizzle-kit push',
};

describe('nexiom-lint guard push', () => {
  let repo: TempRepo;
  beforeAll(() => {
    repo = project(SCRIPTS);
  });
  const guard = (args: string[], env: Record<string, string | undefined> = {}) =>
    repo.run(['guard', 'push', ...args], { ...CLEAN, ...env });

  it("refuses without --unsafe and explains the safe path with the project's own scripts", () => {
    const r = guard([]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('`drizzle-kit push` is switched off in this project.');
    expect(r.stderr).toContain('1. npm run db:generate');
    expect(r.stderr).toContain('3. npm run db:migrate');
    expect(r.stderr).toContain('Only for a throwaway database on your own machine: npm run db:push:unsafe');
  });

  it('speaks the package manager that runs it', () => {
    const r = guard([], { npm_config_user_agent: 'pnpm/9.12.0 npm/? node/v20.17.0 linux x64' });
    expect(r.stderr).toContain('1. pnpm db:generate');
  });

  it('--unsafe lets a local database through, from the drizzle config', () => {
    const r = guard(['--unsafe'], { DATABASE_URL: 'postgres://postgres:pw@localhost:5432/app' });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      'unsafe push to postgres://postgres:***@localhost:5432/app (from DATABASE_URL), a local database',
    );
    expect(r.stderr).not.toContain('pw@');
  });

  it('--unsafe refuses a remote host, never printing the password', () => {
    const r = guard(['--unsafe'], { DATABASE_URL: REMOTE });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('refusing to push the schema to postgres://app:***@db.example.com:5432/app');
    expect(r.stderr).toContain('db.example.com is not this machine');
    expect(r.stderr).toContain('--yes-i-know db.example.com');
    expect(r.stderr).not.toContain('s3cret');
  });

  it('a confirmation must name the host, by flag or by environment', () => {
    expect(guard(['--unsafe', '--yes-i-know', 'db.example.com'], { DATABASE_URL: REMOTE }).code).toBe(0);
    expect(guard(['--unsafe'], { DATABASE_URL: REMOTE, NEXIOM_LINT_PUSH_CONFIRM: 'db.example.com' }).code).toBe(0);
    const wrong = guard(['--unsafe', '--yes-i-know', 'localhost'], { DATABASE_URL: REMOTE });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('the confirmation names "localhost", but the target is "db.example.com"');
  });

  it('--unsafe refuses in CI and in production, even for localhost', () => {
    const local = { DATABASE_URL: 'postgres://localhost/app' };
    const ci = guard(['--unsafe'], { ...local, CI: 'true' });
    expect(ci.code).toBe(1);
    expect(ci.stderr).toContain('CI=true: this is a CI run');
    const prod = guard(['--unsafe'], { ...local, NODE_ENV: 'production' });
    expect(prod.code).toBe(1);
    expect(prod.stderr).toContain('NODE_ENV=production');
    expect(guard(['--unsafe', '--yes-i-know', 'localhost'], { ...local, CI: 'true' }).code).toBe(0);
  });

  it('--url wins over the config, and --dotenv feeds the config', () => {
    repo.write({ '.env.prod': `DATABASE_URL=${REMOTE}\n` });
    expect(guard(['--unsafe', '--url', 'postgresql://127.0.0.1/app'], { DATABASE_URL: REMOTE }).code).toBe(0);
    const r = guard(['--unsafe', '--dotenv', '.env.prod']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('db.example.com is not this machine');
  });

  it('an unknown target is refused, with how to name it', () => {
    const r = guard(['--unsafe']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('the target database is unknown');
    expect(r.stderr).toContain('--url <url>');
  });

  it('usage errors exit 2', () => {
    expect(repo.run(['guard'], CLEAN).code).toBe(2);
    const r = repo.run(['guard', 'pull'], CLEAN);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('guard knows one command, push');
    expect(guard(['--unsafe', '--dotenv', 'missing.env']).stderr).toContain('--dotenv missing.env does not exist');
  });
});

describe('db:push:unsafe guarded, end to end with npm and a real Postgres', () => {
  const database = `nexiom_push_${randomBytes(4).toString('hex')}`;
  const admin = () => new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' });
  const url = `postgres://postgres@127.0.0.1:5432/${database}`;

  beforeAll(async () => {
    const client = admin();
    await client.connect();
    await client.query(`create database ${database}`);
    await client.end();
  });
  afterAll(async () => {
    const client = admin();
    await client.connect();
    await client.query(`drop database if exists ${database} with (force)`);
    await client.end();
  });

  async function tables(): Promise<string[]> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ table_name: string }>(
      "select table_name from information_schema.tables where table_schema = 'public'",
    );
    await client.end();
    return rows.map((r) => r.table_name);
  }

  it('the guard stops the push in CI and lets it through on this machine', async () => {
    const repo = project({ ...SCRIPTS, 'db:push:unsafe': `node ${BIN} guard push --unsafe && drizzle-kit push` });
    const npm = (env: Record<string, string | undefined>) =>
      spawnSync('npm', ['run', '--silent', 'db:push:unsafe'], {
        cwd: repo.dir,
        env: { ...process.env, ...CLEAN, DATABASE_URL: url, ...env },
        encoding: 'utf8',
      });
    const inCi = npm({ CI: 'true' });
    expect(inCi.status).not.toBe(0);
    expect(inCi.stderr).toContain('refusing to push the schema');
    expect(await tables()).toEqual([]);

    const local = npm({});
    expect(local.stderr).toContain('a local database');
    expect(local.status).toBe(0);
    expect(await tables()).toEqual(['users']);
  });
});
