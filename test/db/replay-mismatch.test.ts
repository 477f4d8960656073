/**
 * replay-mismatch on embedded PGlite (no server needed), with migrations from the real drizzle-kit.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drizzleProject, generate, USERS_V1, USERS_V2 } from '../helpers/drizzle.js';
import { cleanupAll, createRepo, type TempRepo } from '../helpers/repo.js';

let repo: TempRepo;
beforeAll(() => {
  repo = createRepo(drizzleProject(USERS_V1));
  generate(repo, 'init');
  repo.commit('init');
  repo.write({ 'src/schema/users.ts': USERS_V2 });
  generate(repo, 'add_phone');
  repo.commit('phone');
});
afterAll(cleanupAll);

function edit(file: string, change: (sql: string) => string): () => void {
  const abs = path.join(repo.dir, file);
  const before = readFileSync(abs, 'utf8');
  writeFileSync(abs, change(before));
  return () => writeFileSync(abs, before);
}

describe('replay-mismatch', () => {
  it('passes when the migrations build exactly what the schema declares', () => {
    const r = repo.run(['--all', '--rule', 'replay-mismatch']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('finds a hand-edited migration and shows the difference', () => {
    const restore = edit('drizzle/0001_add_phone.sql', (sql) =>
      sql.replace('"phone_number" text', '"phone_number" varchar(20)'),
    );
    try {
      const r = repo.run(['--all', '--rule', 'replay-mismatch']);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('do not build the schema');
      expect(r.stdout).toContain('~ column public.users.phone_number');
      expect(r.stdout).toMatch(/the schema:\s+text/);
      expect(r.stdout).toMatch(/the migrations:\s+character varying\(20\)/);
      const json = JSON.parse(repo.run(['--all', '--rule', 'replay-mismatch', '--format', 'json']).stdout);
      expect(json.findings).toHaveLength(1);
      expect(json.findings[0]).toMatchObject({
        ruleId: 'replay-mismatch',
        severity: 'error',
        file: 'drizzle/0001_add_phone.sql',
      });
    } finally {
      restore();
    }
  });

  it('reports a statement that fails on replay, with its file and line', () => {
    const restore = edit(
      'drizzle/0001_add_phone.sql',
      (sql) => `${sql}\n--> statement-breakpoint\nCREATE INDEX CONCURRENTLY "phone_idx" ON "users" ("phone_number");`,
    );
    try {
      const r = repo.run(['--all', '--rule', 'replay-mismatch', '--format', 'json']);
      expect(r.code).toBe(1);
      const [finding] = JSON.parse(r.stdout).findings;
      expect(finding.message).toContain('0001_add_phone fails when the migrations are replayed');
      expect(finding.message).toContain('CREATE INDEX CONCURRENTLY cannot run inside a transaction block');
      expect(finding.file).toBe('drizzle/0001_add_phone.sql');
      expect(finding.line).toBe(3);
    } finally {
      restore();
    }
  });

  it('runs in diff modes only when asked for (--replay, or named with --rule)', () => {
    const restore = edit('drizzle/0001_add_phone.sql', (sql) => `${sql}\nCREATE TABLE "stray" ("id" integer);`);
    try {
      repo.git('add', '-A');
      const ruleIds = (args: string[]) =>
        (JSON.parse(repo.run([...args, '--format', 'json']).stdout).findings as Array<{ ruleId: string }>).map(
          (f) => f.ruleId,
        );
      expect(ruleIds(['--staged'])).not.toContain('replay-mismatch');
      expect(ruleIds(['--staged', '--replay'])).toContain('replay-mismatch');
      const named = repo.run(['--staged', '--rule', 'replay-mismatch']);
      expect(named.code).toBe(1);
      expect(named.stdout).toContain('+ table public.stray');
    } finally {
      restore();
      repo.git('add', '-A');
    }
  });
});

describe('replay-mismatch with extensions', () => {
  it('loads the contrib extensions a migration creates (citext, pgcrypto) and finds no difference', () => {
    const schema = `import { sql } from 'drizzle-orm';
import { customType, pgTable, serial, text } from 'drizzle-orm/pg-core';

const citext = customType<{ data: string }>({ dataType: () => 'citext' });

export const tags = pgTable('tags', {
  id: serial('id').primaryKey(),
  name: citext('name').notNull(),
  token: text('token').default(sql\`encode(gen_random_bytes(4), 'hex')\`),
});
`;
    const ext = createRepo(drizzleProject(schema));
    generate(ext, 'init');
    // The usual hand-written prelude: drizzle-kit never writes CREATE EXTENSION itself.
    const file = path.join(ext.dir, 'drizzle/0000_init.sql');
    writeFileSync(
      file,
      `CREATE EXTENSION IF NOT EXISTS citext;--> statement-breakpoint\nCREATE EXTENSION IF NOT EXISTS pgcrypto;--> statement-breakpoint\n${readFileSync(file, 'utf8')}`,
    );
    ext.commit('init');
    const r = ext.run(['--all', '--rule', 'replay-mismatch']);
    expect(r.stdout + r.stderr).toContain('no problems');
    expect(r.code).toBe(0);
  });
});

describe('replay-mismatch with policies, functions and triggers', () => {
  const POLICY_SCHEMA = `import { sql } from 'drizzle-orm';
import { integer, pgPolicy, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';

export const posts = pgTable('posts', {
  id: serial('id').primaryKey(),
  ownerId: integer('owner_id').notNull(),
  title: text('title').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }),
}, (t) => [
  pgPolicy('posts_read_own', { for: 'select', to: 'public', using: sql\`\${t.ownerId} = current_setting('app.user_id')::int\` }),
  pgPolicy('posts_write_own', { as: 'restrictive', for: 'insert', withCheck: sql\`\${t.ownerId} = current_setting('app.user_id')::int\` }),
]);
`;
  /** What teams put in a `--custom` migration: a trigger function and its trigger. */
  const TOUCH_SQL = `CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER posts_touch BEFORE UPDATE ON posts FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
`;
  let policies: TempRepo;
  beforeAll(() => {
    policies = createRepo(drizzleProject(POLICY_SCHEMA));
    generate(policies, 'init');
    generate(policies, 'touch', ['--custom']);
    writeFileSync(path.join(policies.dir, 'drizzle/0001_touch.sql'), TOUCH_SQL);
    policies.commit('init');
  });

  function editIn(file: string, change: (sql: string) => string): () => void {
    const abs = path.join(policies.dir, file);
    const before = readFileSync(abs, 'utf8');
    writeFileSync(abs, change(before));
    return () => writeFileSync(abs, before);
  }

  it('a policy declared with pgPolicy, and a function and trigger from a custom migration, are no mismatch', () => {
    expect(readFileSync(path.join(policies.dir, 'drizzle/0000_init.sql'), 'utf8')).toContain(
      'CREATE POLICY "posts_read_own"',
    );
    const r = policies.run(['--all', '--rule', 'replay-mismatch']);
    expect(r.stdout + r.stderr).toContain('no problems');
    expect(r.code).toBe(0);
  });

  it('finds a policy whose migration was edited, and one the schema does not declare', () => {
    const restore = editIn('drizzle/0000_init.sql', (sql) =>
      sql.replace(
        'current_setting(\'app.user_id\')::int);--> statement-breakpoint\nCREATE POLICY "posts_write_own"',
        '0);--> statement-breakpoint\nCREATE POLICY "posts_write_own"',
      ),
    );
    const restoreCustom = editIn(
      'drizzle/0001_touch.sql',
      (sql) =>
        `${sql}--> statement-breakpoint\nCREATE POLICY "posts_delete_none" ON "posts" FOR DELETE USING (false);\n`,
    );
    try {
      const r = policies.run(['--all', '--rule', 'replay-mismatch']);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('2 difference(s)');
      expect(r.stdout).toContain('~ policy public.posts.posts_read_own');
      expect(r.stdout).toMatch(
        /the schema:\s+AS PERMISSIVE FOR SELECT TO public USING \(\(owner_id = \(current_setting\('app.user_id'::text\)\)::integer\)\)/,
      );
      expect(r.stdout).toMatch(/the migrations:\s+AS PERMISSIVE FOR SELECT TO public USING \(\(owner_id = 0\)\)/);
      expect(r.stdout).toContain(
        '+ policy public.posts.posts_delete_none: AS PERMISSIVE FOR DELETE TO public USING (false)',
      );
      expect(r.stdout).not.toContain('posts_touch');
    } finally {
      restore();
      restoreCustom();
    }
  });

  it('finds row-level security disabled by a migration while the schema has policies', () => {
    const restore = editIn(
      'drizzle/0001_touch.sql',
      (sql) => `${sql}--> statement-breakpoint\nALTER TABLE "posts" DISABLE ROW LEVEL SECURITY;\n`,
    );
    try {
      const r = policies.run(['--all', '--rule', 'replay-mismatch']);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('~ table public.posts');
      expect(r.stdout).toMatch(/the schema:\s+row level security/);
      expect(r.stdout).toMatch(/the migrations:\s+\(plain\)/);
    } finally {
      restore();
    }
  });
});

describe('replay-mismatch in the diff modes', () => {
  it('a difference the base already had is a pre-existing warning on the migration that made it', () => {
    const old = createRepo(drizzleProject(USERS_V1));
    generate(old, 'init');
    old.commit('init');
    old.write({ 'src/schema/users.ts': USERS_V2 });
    generate(old, 'add_phone');
    const sql = path.join(old.dir, 'drizzle/0001_add_phone.sql');
    writeFileSync(
      sql,
      `${readFileSync(sql, 'utf8')}\n--> statement-breakpoint\nCREATE INDEX "users_email_idx" ON "users" ("email");`,
    );
    old.commit('phone, with an index the snapshot never saw');
    old.git('checkout', '-q', '-b', 'city');
    old.write({
      'src/schema/users.ts': USERS_V2.replace(
        "phoneNumber: text('phone_number'),",
        "phoneNumber: text('phone_number'),\n  city: text('city'),",
      ),
    });
    generate(old, 'add_city');
    old.commit('city');
    const r = old.run(['--base', 'main', '--rule', 'replay-mismatch', '--format', 'json']);
    expect(r.code).toBe(0);
    const { findings } = JSON.parse(r.stdout);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'warning', file: 'drizzle/0001_add_phone.sql', preExisting: true });
    expect(findings[0].message).toContain('comes from 0001_add_phone');
    expect(findings[0].details).toContain('index public.users_email_idx');
    // The same difference made by the change itself is its error, on its migration.
    old.git('checkout', '-q', '-b', 'own', 'main~1');
    old.write({ 'src/schema/users.ts': USERS_V2 });
    generate(old, 'add_phone');
    writeFileSync(
      sql,
      `${readFileSync(sql, 'utf8')}\n--> statement-breakpoint\nCREATE INDEX "users_email_idx" ON "users" ("email");`,
    );
    old.commit('phone, with the index');
    const own = JSON.parse(
      old.run(['--base', 'main~1', '--rule', 'replay-mismatch', '--format', 'json']).stdout,
    ).findings;
    expect(own).toMatchObject([{ severity: 'error', file: 'drizzle/0001_add_phone.sql' }]);
    expect(own[0].preExisting).toBeUndefined();
  }, 300_000);
});
