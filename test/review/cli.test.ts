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
    expect(body).toContain('## ❌ nexiom-lint: 1 error');
    expect(body).toContain('**Fix before merging**: `schema-without-migration` fails.');
    // Each project with its verdict; the failing one first, where the reviewer must act.
    expect(body.indexOf('### `packages/billing/drizzle.config.ts` · ❌ 1 error')).toBeGreaterThan(0);
    expect(body.indexOf('### `packages/billing/drizzle.config.ts` · ❌ 1 error')).toBeLessThan(
      body.indexOf('### `drizzle.config.ts` · ✅ passes'),
    );
    expect(body).toContain('| ➕\u00a0added | table `comments` | `id serial PRIMARY KEY`<br>`post_id integer NOT NULL`');
    expect(body).toContain('| 🗑️\u00a0dropped | column `users.phone` | `text` |');
    expect(body).toContain('| ✏️\u00a0altered | column `users.email` | `text NOT NULL` → `varchar(320) NOT NULL` (type) |');
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
    expect(r.stdout.split('\n')[0]).toMatch(
      /^::error file=packages\/billing\/src\/schema\.ts,title=nexiom-lint schema-without-migration::Schema changed/,
    );
    const text = readFileSync(summary, 'utf8');
    expect(text.startsWith('# earlier step\n<!-- nexiom-lint:repo -->\n## ❌ nexiom-lint: 1 error')).toBe(true);
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
