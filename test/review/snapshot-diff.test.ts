import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffSnapshots } from '../../src/review/snapshot-diff.js';
import { renamesInSql } from '../../src/review/renames.js';
import { cleanupAll, PROJECT_ROOT } from '../helpers/repo.js';
import { generate } from '../helpers/drizzle.js';
import { buildPrFixture, type PrFixture } from './pr-fixture.js';
import { SCHEMA_V2 } from './fixtures.js';

afterAll(cleanupAll);

let fixture: PrFixture;
const read = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
const brief = (c: { kind: string; action: string; table?: string; name: string }) =>
  `${c.action} ${c.kind} ${c.table ? `${c.table}.` : ''}${c.name}`;

beforeAll(() => {
  fixture = buildPrFixture();
});

describe('diffSnapshots on snapshots written by drizzle-kit', () => {
  it('lists every change of the PR, in a stable order', () => {
    const [base, , target] = fixture.snapshots.map(read);
    const changes = diffSnapshots(base, target);
    expect(changes.map(brief)).toEqual([
      'altered enum role',
      'added table comments',
      'added foreign key comments.comments_post_id_posts_id_fk',
      'added index comments.comments_post_idx',
      'dropped table legacy_events',
      'altered column users.email',
      'altered column users.name',
      'dropped column users.phone',
    ]);
  });

  it('gives old and new definitions, and what changed', () => {
    const [base, , target] = fixture.snapshots.map(read);
    const changes = diffSnapshots(base, target);
    const find = (name: string) => changes.find((c) => c.name === name)!;
    expect(find('email')).toMatchObject({ before: 'text NOT NULL', after: 'varchar(320) NOT NULL', details: ['type'] });
    expect(find('name')).toMatchObject({ before: 'text', after: 'text NOT NULL', details: ['NOT NULL set'] });
    expect(find('phone')).toMatchObject({ action: 'dropped', before: 'text' });
    expect(find('role')).toMatchObject({ kind: 'enum', details: ["value 'owner' added"] });
    expect(find('comments')).toMatchObject({
      after: '4 columns',
      details: [
        'id serial PRIMARY KEY',
        'post_id integer NOT NULL',
        'body text NOT NULL',
        'created_at timestamp with time zone NOT NULL DEFAULT now()',
      ],
    });
    expect(find('comments_post_id_posts_id_fk').after).toBe('(post_id) → posts(id) ON DELETE CASCADE');
    expect(find('comments_post_idx').after).toBe('(post_id)');
  });

  it('reports nothing between a snapshot and itself, and everything against no snapshot', () => {
    const [base] = fixture.snapshots.map(read);
    expect(diffSnapshots(base, base)).toEqual([]);
    const fromNothing = diffSnapshots(undefined, base);
    expect(fromNothing.filter((c) => c.kind === 'table').map((c) => c.name)).toEqual([
      'legacy_events',
      'posts',
      'users',
    ]);
    expect(fromNothing.every((c) => c.action === 'added')).toBe(true);
  });

  it('turns a drop plus an add into a rename when the SQL says RENAME', () => {
    const { repo } = fixture;
    repo.write({ 'src/schema/users.ts': SCHEMA_V2.replace("name: text('name').notNull(),", '') });
    generate(repo, 'drop_name');
    repo.write({
      'src/schema/users.ts': SCHEMA_V2.replace(
        "name: text('name').notNull(),",
        "fullName: text('full_name').notNull(),",
      ),
    });
    generate(repo, 'add_full_name');
    const before = read(fixture.snapshots[2]!);
    const after = read(path.join(repo.dir, 'drizzle/meta/0004_snapshot.json'));
    expect(diffSnapshots(before, after).map(brief)).toEqual([
      'added column users.full_name',
      'dropped column users.name',
    ]);
    // What drizzle-kit writes when the developer answers "rename" at its prompt.
    const renames = renamesInSql(['ALTER TABLE "users" RENAME COLUMN "name" TO "full_name";']);
    const changes = diffSnapshots(before, after, renames);
    expect(changes).toEqual([
      {
        kind: 'column',
        action: 'renamed',
        table: 'users',
        name: 'full_name',
        before: 'name text NOT NULL',
        after: 'full_name text NOT NULL',
        details: ['renamed from name'],
      },
    ]);
  });
});

describe('diffSnapshots on drizzle-kit 1.0 snapshots (a flat ddl list)', () => {
  // Written by drizzle-kit 1.0.0-rc.3 from the same three schemas (SCHEMA_V1, SCHEMA_V2_STEP1, SCHEMA_V2).
  const dir = path.join(PROJECT_ROOT, 'test/fixtures/snapshots-1.0');
  const [base, , target] = readdirSync(dir)
    .sort()
    .map((f) => read(path.join(dir, f)));

  it('finds the same changes as in the 0.x layout, plus the primary key 1.0 keeps apart', () => {
    expect(diffSnapshots(base, target).map(brief)).toEqual([
      'altered enum role',
      'added table comments',
      'added primary key comments.comments_pkey',
      'added foreign key comments.comments_post_id_posts_id_fkey',
      'added index comments.comments_post_idx',
      'dropped table legacy_events',
      'altered column users.email',
      'altered column users.name',
      'dropped column users.phone',
    ]);
    const comments = diffSnapshots(base, target).find((c) => c.name === 'comments')!;
    expect(comments.details).toContain('created_at timestamp with time zone NOT NULL DEFAULT now()');
  });
});

describe('renamesInSql', () => {
  it('reads drizzle-kit rename statements, schema-qualified or not', () => {
    const sql = [
      'ALTER TABLE "audit"."events" RENAME TO "audit_events";--> statement-breakpoint',
      'ALTER TABLE "audit"."audit_events" RENAME COLUMN "at" TO "occurred_at";',
      'ALTER TABLE "users" RENAME COLUMN "na""me" TO "name";',
    ].join('\n');
    expect(renamesInSql([sql])).toEqual({
      tables: [['audit.events', 'audit.audit_events']],
      columns: [
        ['audit.audit_events', 'at', 'occurred_at'],
        ['users', 'na"me', 'name'],
      ],
    });
  });
});
