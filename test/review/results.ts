/** Fixed lint results for the pure reporter tests: what the engine returns, written out. */
import type { LintResult } from '../../src/engine/run.js';
import type { Finding } from '../../src/rules/types.js';

const base: Omit<LintResult, 'findings' | 'summary' | 'review'> = {
  version: 1,
  mode: 'base',
  repoRoot: '/repo',
  comparison: '1a2b3c4 (merge base with origin/main) → HEAD',
  projects: [
    {
      configFile: 'drizzle.config.ts',
      out: 'drizzle',
      changes: { schema: ['src/schema/users.ts'], migrations: ['drizzle/0001_comments.sql'], config: [] },
      checked: true,
      drift: { status: 'unchecked' },
    },
    {
      configFile: 'packages/billing/drizzle.config.ts',
      out: 'packages/billing/drizzle',
      changes: { schema: [], migrations: [], config: [] },
      checked: false,
      drift: { status: 'unchecked' },
    },
  ],
  notes: [],
};

export function resultWith(findings: Finding[], review?: LintResult['review']): LintResult {
  const count = (s: string) => findings.filter((f) => f.severity === s).length;
  return {
    ...base,
    findings,
    summary: { errors: count('error'), warnings: count('warning'), infos: count('info'), filesChanged: 3, projects: 2 },
    ...(review ? { review } : {}),
  };
}

export const FINDINGS: Finding[] = [
  {
    ruleId: 'schema-without-migration',
    severity: 'error',
    message: 'Schema changed (src/schema/users.ts) but no new migration was added under drizzle/.',
    file: 'src/schema/users.ts',
    help: 'Run `npm run db:generate`, then stage the new files under drizzle/ (git add drizzle).',
    project: 'drizzle.config.ts',
  },
  {
    ruleId: 'ban-drop-column',
    severity: 'warning',
    message: 'DROP COLUMN "phone" on users: code still deployed reads it <b>until</b> the release ends. cc @team',
    file: 'drizzle/0001_comments.sql',
    line: 7,
    help: 'Stop reading the column in one release, drop it in the next.',
    details: 'ALTER TABLE "users" DROP COLUMN "phone";',
    project: 'drizzle.config.ts',
  },
];

export const REVIEW: LintResult['review'] = {
  projects: [
    {
      configFile: 'drizzle.config.ts',
      out: 'drizzle',
      baseSnapshot: 'drizzle/meta/0000_snapshot.json',
      targetSnapshot: 'drizzle/meta/0001_snapshot.json',
      changes: [
        {
          kind: 'table',
          action: 'added',
          name: 'comments',
          after: '2 columns',
          details: ['id serial PRIMARY KEY', 'body text NOT NULL'],
        },
        {
          kind: 'column',
          action: 'altered',
          table: 'users',
          name: 'email',
          before: 'text NOT NULL',
          after: 'varchar(320) NOT NULL',
          details: ['type'],
        },
        { kind: 'column', action: 'dropped', table: 'users', name: 'phone', before: 'text' },
        {
          kind: 'column',
          action: 'renamed',
          table: 'users',
          name: 'full_name',
          before: 'name text',
          after: 'full_name text',
          details: ['renamed from name'],
        },
      ],
      migrations: [
        {
          tag: '0001_comments',
          sqlFile: 'drizzle/0001_comments.sql',
          status: 'added',
          sql: 'CREATE TABLE "comments" (\n\t"id" serial PRIMARY KEY NOT NULL,\n\t"body" text NOT NULL\n);\n--> statement-breakpoint\nALTER TABLE "users" DROP COLUMN "phone";',
          statements: 2,
        },
      ],
      notes: [],
    },
  ],
};
