/**
 * The commit that must be blocked: a new edit of the schema staged without its migration. The
 * schema must be serialized, so the drift worker's Node starts with the hook's first lines (before
 * the CLI loads); a commit tried again with the same staged files starts none, its verdict is cached.
 * Which worker loaded the schema is seen from the schema itself: a worker started before the project
 * was known has no request in its arguments.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { drizzleProject, generate } from '../helpers/drizzle.js';
import { cleanupAll, createRepo } from '../helpers/repo.js';

afterAll(cleanupAll);

// The built module, as bin/ loads it (`npm test` builds first).
const { stagedShortcut } = createRequire(import.meta.url)(
  '../../dist/cli/staged-fast.cjs',
) as typeof import('../../src/cli/staged-fast.cjs');

/** A schema that notes, each time it loads, whether the worker that loads it was the spare. */
const schema = (columns: string) => `import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { pgTable, serial, text } from 'drizzle-orm/pg-core';

appendFileSync(path.join(process.cwd(), 'loads.log'), (process.argv.length > 3 ? 'told' : 'spare') + '\\n');

export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  ${columns}
});
`;

describe('the commit path with a new schema edit staged', () => {
  it('serializes it in a worker started at once, and starts none for the same commit tried again', async () => {
    const repo = createRepo(
      drizzleProject(schema("email: text('email'),"), { '.gitignore': 'node_modules\nloads.log\n' }),
      {
        ownModules: true,
      },
    );
    generate(repo, 'init');
    repo.commit('init');
    const log = path.join(repo.dir, 'loads.log');
    const loads = () => readFileSync(log, 'utf8').split('\n').filter(Boolean);
    // The first commit after install caches the project model (a README staged).
    repo.write({ 'README.md': '# app\n' });
    repo.git('add', 'README.md');
    expect(repo.run(['--staged']).code).toBe(0);
    repo.git('reset', '-q', 'README.md');
    const before = loads().length;

    repo.write({ 'src/schema/users.ts': schema("email: text('email'),\n  name: text('name'),") });
    repo.git('add', 'src/schema/users.ts');
    expect((await stagedShortcut(repo.dir, process.env)).newWork).toBe(true);
    // The shortcut remembers what it saw: asked again about the same staged files, nothing is new.
    expect((await stagedShortcut(repo.dir, process.env)).newWork).toBe(false);

    repo.write({ 'src/schema/users.ts': schema("email: text('email'),\n  nickname: text('nickname'),") });
    repo.git('add', 'src/schema/users.ts');
    // As the hook that init installs runs it.
    const blocked = repo.run(['--staged']);
    expect(blocked.code).toBe(1);
    expect(blocked.stdout).toContain('schema-without-migration');
    expect(loads().slice(before)).toEqual(['spare']);

    // The same commit tried again: the same verdict from the cache, the schema not loaded.
    const again = repo.run(['--staged']);
    expect(again.code).toBe(1);
    expect(again.stdout).toBe(blocked.stdout);
    expect(loads().slice(before)).toEqual(['spare']);

    // With its migration staged, the commit passes.
    generate(repo, 'nickname');
    repo.git('add', '-A');
    const passes = repo.run(['--staged']);
    expect(passes.stdout + passes.stderr).not.toContain('schema-without-migration');
    expect(passes.code).toBe(0);
  });
});
