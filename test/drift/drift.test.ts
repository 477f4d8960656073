import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupAll, createRepo, type TempRepo } from '../helpers/repo.js';
import { drizzleProject, generate } from '../helpers/drizzle.js';
import { copyOf, edit, json, SCHEMA_V1 } from './fixture.js';

const FILE = 'src/schema/users.ts';
let base: TempRepo;

beforeAll(() => {
  base = createRepo(drizzleProject(SCHEMA_V1));
  generate(base, 'init');
  base.commit('init');
});
afterAll(cleanupAll);

function staged(repo: TempRepo, ...args: string[]) {
  repo.git('add', '-A');
  return repo.run(['--staged', '--format', 'json', ...args]);
}

describe('schema-drift and the semantic gate (drizzle-kit 0.31)', () => {
  it('passes a project whose schema matches its latest snapshot', () => {
    const repo = copyOf(base);
    const r = repo.run(['--all', '--rule', 'schema-drift']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('blocks an added column without a migration and shows the SQL, once', () => {
    const repo = copyOf(base);
    edit(repo, FILE, "name: text('name'),", "name: text('name'),\n    phone: text('phone'),");
    const r = staged(repo);
    expect(r.code).toBe(1);
    const { findings } = json(r.stdout);
    expect(findings.map((f) => f.ruleId)).toEqual(['schema-without-migration']);
    expect(findings[0]!.details).toContain('ALTER TABLE "users" ADD COLUMN "phone" text;');
    // The drift rule alone says the same.
    const drift = json(staged(repo, '--rule', 'schema-drift').stdout).findings;
    expect(drift).toHaveLength(1);
    expect(drift[0]!.details).toBe('ALTER TABLE "users" ADD COLUMN "phone" text;');
    expect(drift[0]!.help).toContain('npm run db:generate');
  });

  it('shows the DROP for a removed column', () => {
    const repo = copyOf(base);
    edit(repo, FILE, "    name: text('name'),\n", '');
    const r = staged(repo, '--rule', 'schema-drift');
    expect(r.code).toBe(1);
    expect(json(r.stdout).findings[0]!.details).toBe('ALTER TABLE "users" DROP COLUMN "name";');
  });

  it('reports a rename as needing an interactive db:generate, without hanging', () => {
    const repo = copyOf(base);
    edit(repo, FILE, "name: text('name')", "fullName: text('full_name')");
    const r = staged(repo, '--rule', 'schema-drift');
    expect(r.code).toBe(1);
    const [finding] = json(r.stdout).findings;
    expect(finding!.message).toContain('renamed');
    expect(finding!.message).toContain('users.name removed and users.full_name added');
    expect(finding!.help).toContain('in a terminal');
  });

  it('shows the ALTER TYPE for a new enum value', () => {
    const repo = copyOf(base);
    edit(repo, FILE, "['admin', 'member']", "['admin', 'member', 'guest']");
    const r = staged(repo);
    expect(r.code).toBe(1);
    expect(json(r.stdout).findings[0]!.details).toContain(`ALTER TYPE "public"."role" ADD VALUE 'guest';`);
  });

  it('shows the CREATE INDEX for a new index', () => {
    const repo = copyOf(base);
    edit(
      repo,
      FILE,
      "(t) => [index('users_email_idx').on(t.email)]",
      "(t) => [index('users_email_idx').on(t.email), index('users_name_idx').on(t.name)]",
    );
    const r = staged(repo);
    expect(r.code).toBe(1);
    expect(json(r.stdout).findings[0]!.details).toContain(
      'CREATE INDEX "users_name_idx" ON "users" USING btree ("name");',
    );
  });

  it('lets TS-only edits through (bigint mode, $type, comments, reformatting) and says so', () => {
    const repo = copyOf(base);
    edit(repo, FILE, "bigint('visits', { mode: 'number' })", "bigint('visits', { mode: 'bigint' })");
    edit(repo, FILE, "name: text('name'),", "// The display name.\n    name: text('name').$type<'a' | 'b'>(),");
    edit(repo, FILE, /\n {4}/g, '\n      ');
    repo.git('add', '-A');
    const r = repo.run(['--staged']);
    expect(r.stdout).toContain('serialize to the same snapshot: no migration needed');
    expect(r.code).toBe(0);
  });

  it('catches a staged migration that does not match the schema', () => {
    const repo = copyOf(base);
    edit(repo, FILE, "name: text('name'),", "name: text('name'),\n    phone: text('phone'),");
    generate(repo, 'add_phone');
    edit(repo, FILE, "phone: text('phone'),", "phone: text('phone'),\n    city: text('city'),");
    const r = staged(repo);
    expect(r.code).toBe(1);
    const { findings } = json(r.stdout);
    expect(findings.map((f) => f.ruleId)).toEqual(['schema-drift']);
    expect(findings[0]!.message).toContain('drizzle/meta/0001_snapshot.json');
    expect(findings[0]!.details).toBe('ALTER TABLE "users" ADD COLUMN "city" text;');
  });

  it('accepts a custom migration (generate --custom) when the schema did not change, not when it did', () => {
    const repo = copyOf(base);
    generate(repo, 'backfill', ['--custom']);
    writeFileSync(
      path.join(
        repo.dir,
        readdirSync(path.join(repo.dir, 'drizzle'))
          .map((f) => `drizzle/${f}`)
          .find((f) => f.endsWith('_backfill.sql'))!,
      ),
      'UPDATE users SET name = email;\n',
    );
    expect(staged(repo).code).toBe(0);
    edit(repo, FILE, "name: text('name'),", "name: text('name'),\n    phone: text('phone'),");
    const r = staged(repo);
    expect(r.code).toBe(1);
    expect(json(r.stdout).findings.map((f) => f.ruleId)).toEqual(['schema-drift']);
  });

  it('judges the staged schema, not the working tree', () => {
    const repo = copyOf(base);
    edit(repo, FILE, "name: text('name'),", "name: text('name'),\n    phone: text('phone'),");
    repo.git('add', '-A');
    repo.write({ [FILE]: SCHEMA_V1 }); // unstaged: back to the committed schema
    const r = repo.run(['--staged', '--format', 'json', '--rule', 'schema-drift']);
    expect(r.code).toBe(1);
    expect(json(r.stdout).findings[0]!.details).toBe('ALTER TABLE "users" ADD COLUMN "phone" text;');
    // And the other way round: the fix is on disk only, the index still lacks it.
    const ok = copyOf(base);
    ok.write({ [FILE]: SCHEMA_V1.replace("name: text('name'),", "name: text('name'),\n    phone: text('phone'),") });
    expect(ok.run(['--staged', '--rule', 'schema-drift']).code).toBe(0);
  });

  it('--base judges the commit (HEAD), not uncommitted edits', () => {
    const repo = copyOf(base);
    repo.git('checkout', '-q', '-b', 'feature');
    edit(repo, FILE, "name: text('name'),", "name: text('name'),\n    phone: text('phone'),");
    repo.commit('schema only');
    repo.write({ [FILE]: SCHEMA_V1 }); // not committed
    const r = repo.run(['--base', 'main', '--format', 'json']);
    expect(r.code).toBe(1);
    const { findings } = json(r.stdout);
    expect(findings.map((f) => f.ruleId)).toEqual(['schema-without-migration']);
    expect(findings[0]!.details).toContain('ALTER TABLE "users" ADD COLUMN "phone" text;');
  });

  it('honours the literal option of schema-without-migration', () => {
    const repo = copyOf(base);
    repo.write({
      'nexiom-lint.config.json': JSON.stringify({
        rules: { 'schema-without-migration': ['error', { literal: true }] },
      }),
    });
    repo.commit('settings');
    edit(repo, FILE, "name: text('name'),", "// comment only\n    name: text('name'),");
    const r = staged(repo);
    expect(r.code).toBe(1);
    expect(json(r.stdout).findings.map((f) => f.ruleId)).toEqual(['schema-without-migration']);
  });

  it('exits 2 naming the schema file that throws, without a stack trace', () => {
    const repo = copyOf(base);
    edit(repo, FILE, 'export const role', "throw new Error('no database URL');\nexport const role");
    const r = staged(repo);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('src/schema/users.ts');
    expect(r.stderr).toContain('no database URL');
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it('reuses the cached verdict while the inputs are unchanged, and not after an edit', () => {
    const repo = copyOf(base);
    edit(repo, FILE, "name: text('name'),", "name: text('name'),\n    phone: text('phone'),");
    expect(staged(repo, '--rule', 'schema-drift').code).toBe(1);
    const dir = path.join(repo.dir, 'node_modules/.cache/nexiom-lint/drift');
    const entries = readdirSync(dir).map((f) => path.join(dir, f));
    expect(entries).toHaveLength(1);
    const mine = entries[0];
    const stored = JSON.parse(readFileSync(mine!, 'utf8'));
    expect(stored.entries).toHaveLength(1);
    for (const verdict of Object.values(stored.entries[0].verdicts) as Array<{ statements?: string[] }>) {
      verdict.statements = ['SELECT 1 /* from the cache */'];
    }
    writeFileSync(mine!, JSON.stringify(stored));
    expect(json(staged(repo, '--rule', 'schema-drift').stdout).findings[0]!.details).toBe(
      'SELECT 1 /* from the cache */;',
    );
    edit(repo, FILE, "phone: text('phone'),", "phone: text('phone_number'),");
    expect(json(staged(repo, '--rule', 'schema-drift').stdout).findings[0]!.details).toBe(
      'ALTER TABLE "users" ADD COLUMN "phone_number" text;',
    );
    expect(readdirSync(dir)).toHaveLength(2);
  });
});
