/** The review formats from the real CLI on a real PR (drizzle-kit generated migrations). */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupAll, tempDir } from '../helpers/repo.js';
import { buildPrFixture, type PrFixture } from './pr-fixture.js';

afterAll(cleanupAll);

let fixture: PrFixture;
beforeAll(() => {
  fixture = buildPrFixture({ billing: true });
});

describe('--format markdown on a PR', () => {
  it('tells a reviewer what the PR does without opening the SQL files', () => {
    const r = fixture.repo.run(['--base', 'main', '--format', 'markdown']);
    expect(r.code).toBe(1);
    const body = r.stdout;
    expect(body.split('\n')[0]).toBe('<!-- nexiom-lint:repo -->');
    // The verdict counts every finding: the billing project's missing migration and the SQL
    // safety rules on the main project's migrations.
    expect(body).toContain('## ❌ nexiom-lint: 5 errors, 1 warning');
    expect(body).toContain(
      '**Fix before merging**: `schema-without-migration`, `sql-column-type-change`, `sql-drop-column`, `sql-drop-table`, `sql-set-not-null` fail.',
    );
    // Each project with its verdict; both fail, so by config path.
    const main = body.indexOf('### `drizzle.config.ts` · ❌ 4 errors, 1 warning');
    const billing = body.indexOf('### `packages/billing/drizzle.config.ts` · ❌ 1 error');
    expect(main).toBeGreaterThan(0);
    expect(billing).toBeGreaterThan(main);
    // The risky statements, each at its line in the generated migration, errors before warnings.
    const mainSection = body.slice(main, billing);
    const findings = [...mainSection.matchAll(/^- \[`([a-z-]+)`\]\(\S+\) · `([^`]+)`/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(findings).toEqual([
      'sql-drop-table drizzle/0001_tidy_users.sql:3',
      'sql-column-type-change drizzle/0001_tidy_users.sql:4',
      'sql-set-not-null drizzle/0001_tidy_users.sql:5',
      'sql-drop-column drizzle/0001_tidy_users.sql:6',
      'sql-prefer-identity drizzle/0002_comments.sql:2',
    ]);
    expect(mainSection).toContain('**❌ Errors (4)**');
    expect(mainSection).toContain('**⚠️ Warnings (1)**');
    expect(mainSection).toContain(
      'Dropping column "phone" of "users" deletes its data and breaks the app version still running.',
    );
    // How to fix each failing rule; the template literal in the advice stays one code span.
    expect(mainSection).toContain(
      "- **sql-set-not-null**: Over three releases: add ``check('name_not_null', sql`${t.name} IS NOT NULL`)`` to the table",
    );
    expect(mainSection).not.toContain('sql-prefer-identity**:');
    expect(body.slice(billing)).toContain('- [`schema-without-migration`]');
    expect(body).toContain(
      '| ➕\u00a0added | table `comments` | `id serial PRIMARY KEY`<br>`post_id integer NOT NULL`',
    );
    expect(body).toContain('| 🗑️\u00a0dropped | column `users.phone` | `text` |');
    expect(body).toContain(
      '| ✏️\u00a0altered | column `users.email` | `text NOT NULL` → `varchar(320) NOT NULL` (type) |',
    );
    expect(body).toContain('| 🗑️\u00a0dropped | table `legacy_events` | 2 columns: `id`, `payload` |');
    // Each new migration, in journal order, with the SQL drizzle-kit wrote.
    const first = body.indexOf('<summary>new: <code>drizzle/0001_tidy_users.sql</code> · 6 statements</summary>');
    const second = body.indexOf('<summary>new: <code>drizzle/0002_comments.sql</code> · 3 statements</summary>');
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(first);
    expect(body).toContain('ALTER TABLE "users" DROP COLUMN "phone";');
    expect(body).toContain('CREATE TABLE "comments" (');
    expect(body).toContain('- **schema-without-migration**: Run `npm run db:generate`');
  });

  it('gives the same text on a second run', () => {
    const a = fixture.repo.run(['--base', 'main', '--format', 'markdown']);
    const b = fixture.repo.run(['--base', 'main', '--format', 'markdown']);
    expect(b.stdout).toBe(a.stdout);
  });
});

describe('--format github', () => {
  it('prints annotations and appends the markdown to the job summary', () => {
    const summary = path.join(tempDir(), 'summary.md');
    writeFileSync(summary, '# earlier step\n');
    const r = fixture.repo.run(['--base', 'main', '--format', 'github'], { GITHUB_STEP_SUMMARY: summary });
    expect(r.code).toBe(1);
    // One annotation per finding, on the line of the statement (none for a whole file), then the total.
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.pop()).toMatch(/^nexiom-lint: 5 errors, 1 warning \(/);
    expect(lines.map((l) => l.split('::').slice(0, 2).join('::'))).toEqual([
      '::error file=drizzle/0001_tidy_users.sql,line=3,title=nexiom-lint sql-drop-table',
      '::error file=drizzle/0001_tidy_users.sql,line=4,title=nexiom-lint sql-column-type-change',
      '::error file=drizzle/0001_tidy_users.sql,line=5,title=nexiom-lint sql-set-not-null',
      '::error file=drizzle/0001_tidy_users.sql,line=6,title=nexiom-lint sql-drop-column',
      '::warning file=drizzle/0002_comments.sql,line=2,title=nexiom-lint sql-prefer-identity',
      '::error file=packages/billing/src/schema.ts,title=nexiom-lint schema-without-migration',
    ]);
    expect(r.stdout).toMatch(/schema-without-migration::Schema changed \(packages\/billing\/src\/schema\.ts\)/);
    const text = readFileSync(summary, 'utf8');
    expect(text.startsWith('# earlier step\n<!-- nexiom-lint:repo -->\n## ❌ nexiom-lint: 5 errors, 1 warning\n')).toBe(
      true,
    );
  });
});

describe('--output', () => {
  it.each(['pretty', 'json', 'markdown', 'github', 'sarif'])('writes --format %s to the file, as printed', (format) => {
    const file = path.join(tempDir(), 'out', `report.${format}`);
    const r = fixture.repo.run(['--base', 'main', '--format', format, '--output', file]);
    expect(r.code).toBe(1);
    expect(readFileSync(file, 'utf8')).toBe(r.stdout);
  });

  it('says what to do when the file cannot be written', () => {
    // A path below a file: no directory can be made there.
    const r = fixture.repo.run(['--base', 'main', '--output', 'package.json/report.txt']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`Cannot write the report to ${path.join(fixture.repo.dir, 'package.json/report.txt')}`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
