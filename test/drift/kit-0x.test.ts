/**
 * The drift check on older drizzle-kit releases (0.20 with `drizzle-kit/payload` and version 5
 * snapshots, 0.22 with `payload` and version 7, 0.24 with `drizzle-kit/api`), each installed from
 * the npm registry (old-kit.ts), on projects whose migrations that release generated. Every claim
 * is checked against what the release's own `generate` then does. Skipped, saying so, only when
 * the install is impossible (no registry).
 */
import { copyFileSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupAll, type TempRepo } from '../helpers/repo.js';
import { copyOf, edit, json } from './fixture.js';
import { installKit, kitGenerate, kitRepo, KITS, modulesOf, useKit, type OldKit } from './old-kit.js';

const SCHEMA = `import { pgTable, serial, text } from 'drizzle-orm/pg-core';

export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  name: text('name'),
});
`;

/** Each test starts drizzle-kit and nexiom-lint several times: seconds each on a busy machine. */
const SLOW = 300_000;

afterAll(cleanupAll);

const sqlFiles = (repo: TempRepo) =>
  readdirSync(path.join(repo.dir, 'drizzle'))
    .filter((f) => f.endsWith('.sql'))
    .sort();

describe.each(KITS)('drizzle-kit $kit', (k: OldKit) => {
  let installError: string | null = null;
  let base: TempRepo;

  beforeAll(() => {
    installError = installKit(k);
    if (installError) return;
    base = kitRepo(k, { 'src/schema/users.ts': SCHEMA });
    const out = kitGenerate(k, base);
    if (sqlFiles(base).length !== 1) throw new Error(`drizzle-kit ${k.kit} generate failed:\n${out}`);
    base.commit('init');
  }, 600_000);

  it(
    'replays the history against the schema (--all), also where the release has no API to serialize with',
    (ctx) => {
      if (installError) ctx.skip(installError);
      const repo = copyOf(base, modulesOf(k));
      const clean = repo.run(['--all', '--rule', 'replay-mismatch', '--format', 'json']);
      expect(clean.code, clean.stderr).toBe(0);
      expect(json(clean.stdout).findings).toEqual([]);
      // The history builds a column the schema no longer has: the replay sees the mismatch.
      edit(repo, 'src/schema/users.ts', "  name: text('name'),\n", '');
      const r = repo.run(['--all', '--rule', 'replay-mismatch', '--format', 'json']);
      expect(r.code, r.stderr).toBe(1);
      expect(JSON.stringify(json(r.stdout).findings)).toContain('name');
    },
    SLOW,
  );

  it(
    'passes an unchanged schema and shows the SQL that its generate then writes',
    (ctx) => {
      if (installError) ctx.skip(installError);
      const repo = copyOf(base, modulesOf(k));
      expect(repo.run(['--all', '--rule', 'schema-drift']).code).toBe(0);
      edit(repo, 'src/schema/users.ts', "name: text('name'),", "name: text('name'),\n  phone: text('phone'),");
      const r = repo.run(['--all', '--rule', 'schema-drift', '--format', 'json']);
      expect(r.code, r.stderr).toBe(1);
      const details = json(r.stdout).findings[0]!.details!;
      kitGenerate(k, repo);
      const written = sqlFiles(repo);
      expect(written).toHaveLength(2);
      const statements = readFileSync(path.join(repo.dir, 'drizzle', written[1]!), 'utf8')
        .split('--> statement-breakpoint')
        .map((s) => s.trim())
        .filter(Boolean);
      expect(statements.length).toBeGreaterThan(0);
      for (const statement of statements) expect(details).toContain(statement.replace(/;$/, ''));
    },
    SLOW,
  );

  it(
    'reports a rename, which its generate asks about and does not write, as a question (not exit 2)',
    (ctx) => {
      if (installError) ctx.skip(installError);
      const repo = copyOf(base, modulesOf(k));
      edit(repo, 'src/schema/users.ts', "name: text('name')", "fullName: text('full_name')");
      repo.git('add', '-A');
      const r = repo.run(['--staged', '--format', 'json']);
      expect(r.code, r.stderr).toBe(1);
      const [finding] = json(r.stdout).findings;
      expect(finding!.ruleId).toBe('schema-without-migration');
      // Through the API both columns are known; through generate (0.19), the question it printed.
      expect(finding!.details).toMatch(
        /drizzle-kit will ask whether something was renamed \(column users\.(name removed and users\.full_name added|full_name: new, or renamed from another column)\)/,
      );
      const drift = repo.run(['--staged', '--format', 'json', '--rule', 'schema-drift']);
      expect(json(drift.stdout).findings[0]!.message).toContain('has to ask whether something was renamed');
      // The release itself: it asks, and without a terminal writes nothing.
      expect(kitGenerate(k, repo)).toMatch(/renamed from another column|rename column/);
      expect(sqlFiles(repo)).toHaveLength(1);
    },
    SLOW,
  );

  it(
    'says generate refuses when a stray copy of a snapshot shares its parent, and claims no SQL',
    (ctx) => {
      if (installError) ctx.skip(installError);
      const repo = copyOf(base, modulesOf(k));
      // What a merge tool leaves behind: drizzle-kit reads every file of meta/ not starting with "_".
      copyFileSync(
        path.join(repo.dir, 'drizzle/meta/0000_snapshot.json'),
        path.join(repo.dir, 'drizzle/meta/0000_snapshot.json.orig'),
      );
      edit(repo, 'src/schema/users.ts', "name: text('name'),", "name: text('name'),\n  phone: text('phone'),");
      const r = repo.run(['--all', '--rule', 'schema-drift', '--format', 'json']);
      expect(r.code, r.stderr).toBe(1);
      const [finding] = json(r.stdout).findings;
      expect(finding!.severity).toBe('error');
      expect(finding!.message).toContain('drizzle-kit generate refuses to run on drizzle/');
      expect(finding!.message).toContain(
        'drizzle/meta/0000_snapshot.json and drizzle/meta/0000_snapshot.json.orig have the same parent snapshot',
      );
      expect(finding!.details).toBeUndefined();
      expect(kitGenerate(k, repo)).toContain('collision');
      expect(sqlFiles(repo)).toHaveLength(1);
    },
    SLOW,
  );
});

describe('drizzle-kit 0.22 (before migrations.prefix)', () => {
  const k = KITS.find((x) => x.kit.startsWith('0.22'))!;
  let installError: string | null = null;
  beforeAll(() => {
    installError = installKit(k);
  }, 600_000);

  it(
    'matches index-named snapshots to migrations a script renamed to timestamps, as supabase projects did',
    (ctx) => {
      if (installError) ctx.skip(installError);
      const repo = kitRepo(k, { 'src/schema/users.ts': SCHEMA });
      kitGenerate(k, repo);
      edit(repo, 'src/schema/users.ts', "name: text('name'),", "name: text('name'),\n  phone: text('phone'),");
      kitGenerate(k, repo);
      // The rename such scripts did after each generate: the SQL file and the journal's tag.
      const journalFile = path.join(repo.dir, 'drizzle/meta/_journal.json');
      let journal = readFileSync(journalFile, 'utf8');
      sqlFiles(repo).forEach((file, i) => {
        const tag = file.replace(/\.sql$/, '');
        const renamed = `2024060${i + 1}120000_${tag.slice(5)}`;
        renameSync(path.join(repo.dir, 'drizzle', file), path.join(repo.dir, 'drizzle', `${renamed}.sql`));
        journal = journal.replace(tag, renamed);
      });
      writeFileSync(journalFile, journal);
      expect(readdirSync(path.join(repo.dir, 'drizzle/meta')).sort()).toEqual([
        '0000_snapshot.json',
        '0001_snapshot.json',
        '_journal.json',
      ]);
      repo.commit('history');
      const r = repo.run(['--all', '--format', 'json', '--rule', 'migration-integrity', '--rule', 'schema-drift']);
      expect(json(r.stdout).findings).toEqual([]);
      expect(r.code).toBe(0);
    },
    SLOW,
  );

  it(
    'loads a schema through tsconfig paths and packages published as ES modules, as its esbuild-register does',
    (ctx) => {
      if (installError) ctx.skip(installError);
      const repo = kitRepo(k, {
        'src/schema/users.ts': SCHEMA,
        'src/lib/names.ts': "export const PHONE = 'phone';\n",
        'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '~/*': ['./src/*'] } } }),
        // An ES-module-only package the schema imports, inside the project (outside node_modules).
        'packages/widths/package.json': JSON.stringify({ name: 'widths', type: 'module', exports: './index.js' }),
        'packages/widths/index.js': 'export const PHONE_WIDTH = 32;\n',
      });
      kitGenerate(k, repo);
      repo.commit('init');
      edit(
        repo,
        'src/schema/users.ts',
        "from 'drizzle-orm/pg-core';",
        "from 'drizzle-orm/pg-core';\nimport { PHONE } from '~/lib/names';\nimport { PHONE_WIDTH } from '../../packages/widths/index.js';",
      );
      edit(
        repo,
        'src/schema/users.ts',
        "name: text('name'),",
        "name: text('name'),\n  phone: varchar(PHONE, { length: PHONE_WIDTH }),",
      );
      edit(repo, 'src/schema/users.ts', 'serial, text', 'serial, text, varchar');
      repo.git('add', '-A');
      const r = repo.run(['--staged', '--format', 'json']);
      expect(r.code, r.stderr).toBe(1);
      const finding = json(r.stdout).findings.find((f: { ruleId: string }) => f.ruleId === 'schema-without-migration');
      expect(finding?.details ?? finding?.message).toContain('ADD COLUMN "phone" varchar(32)');
    },
    SLOW,
  );

  it(
    'answers the rename question even when the schema keeps a timer running',
    (ctx) => {
      if (installError) ctx.skip(installError);
      const repo = kitRepo(k, {
        'src/schema/users.ts': SCHEMA,
        'nexiom-lint.config.json': JSON.stringify({ drift: { timeout: 60 } }),
      });
      kitGenerate(k, repo);
      repo.commit('init');
      edit(repo, 'src/schema/users.ts', "name: text('name')", "fullName: text('full_name')");
      edit(repo, 'src/schema/users.ts', /$/, '\nsetInterval(() => {}, 1000);\n');
      const r = repo.run(['--all', '--rule', 'schema-drift', '--format', 'json']);
      expect(r.code, r.stderr).toBe(1);
      expect(json(r.stdout).findings[0]!.message).toContain('column users.name removed and users.full_name added');
    },
    SLOW,
  );
});

describe('upgrading drizzle-kit from 0.20 to 0.24 without `drizzle-kit up`', () => {
  const [from, to] = [KITS.find((x) => x.kit.startsWith('0.20'))!, KITS.find((x) => x.kit.startsWith('0.24'))!];
  let installError: string | null = null;
  beforeAll(() => {
    installError = installKit(from) ?? installKit(to);
  }, 600_000);

  it(
    'says generate refuses the version 5 snapshots until `drizzle-kit up`, as the new release does',
    (ctx) => {
      if (installError) ctx.skip(installError);
      const repo = kitRepo(from, { 'src/schema/users.ts': SCHEMA });
      kitGenerate(from, repo);
      repo.commit('init');
      useKit(repo, to);
      repo.write({ 'drizzle.config.ts': to.config });
      edit(repo, 'src/schema/users.ts', "name: text('name'),", "name: text('name'),\n  phone: text('phone'),");
      const r = repo.run(['--all', '--rule', 'schema-drift', '--format', 'json']);
      expect(r.code, r.stderr).toBe(1);
      const [finding] = json(r.stdout).findings;
      expect(finding!.message).toContain(
        'drizzle/meta/0000_snapshot.json is a snapshot of an older version (5) than the version 7 this drizzle-kit writes: run `drizzle-kit up` first',
      );
      expect(finding!.details).toBeUndefined();
      expect(kitGenerate(to, repo)).toContain('drizzle-kit up');
      expect(sqlFiles(repo)).toHaveLength(1);
    },
    SLOW,
  );
});
