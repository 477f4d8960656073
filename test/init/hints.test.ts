// Every command init prints is spelled with the project's package manager, and the commit step
// names what the install changes (the root package.json and the lockfile).
import { afterAll, describe, expect, it } from 'vitest';
import { PG_CONFIG, USERS_V1 } from '../helpers/drizzle.js';
import { cleanupAll, createRepo, type FileMap } from '../helpers/repo.js';

afterAll(cleanupAll);

function workspace(root: Record<string, unknown>, extra: FileMap): FileMap {
  return {
    'package.json': `${JSON.stringify({ name: 'mono', private: true, workspaces: ['packages/*'], ...root }, null, 2)}\n`,
    'packages/db/package.json':
      '{ "name": "db", "type": "module", "scripts": { "db:migrate": "drizzle-kit migrate" } }\n',
    'packages/db/drizzle.config.ts': PG_CONFIG(),
    'packages/db/src/schema/users.ts': USERS_V1,
    ...extra,
  };
}

describe("init's hints", () => {
  it.each([
    [
      'bun',
      workspace({}, { 'bun.lock': '{}\n' }),
      [
        '`bun add --dev husky nexiom-lint`',
        '`bun run db:generate`',
        '`bunx nexiom-lint db baseline` before the first db:migrate',
      ],
      'bun.lock',
    ],
    [
      'pnpm',
      workspace({ packageManager: 'pnpm@9.12.0' }, { 'pnpm-workspace.yaml': 'packages:\n  - packages/*\n' }),
      ['`pnpm add --save-dev --workspace-root husky nexiom-lint`', '`pnpm exec nexiom-lint db baseline`'],
      'pnpm-lock.yaml',
    ],
    [
      'yarn berry',
      workspace({ packageManager: 'yarn@4.5.0' }, { 'yarn.lock': '__metadata:\n  version: 8\n' }),
      ['`yarn add --dev husky nexiom-lint`', '`yarn run db:generate`', '`yarn nexiom-lint db baseline`'],
      'yarn.lock',
    ],
  ])('%s: its own words, and the lockfile in the commit step', (_name, files, hints, lockfile) => {
    const repo = createRepo(files);
    const r = repo.run(['init', '--no-install', '--no-workflow']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    for (const hint of hints) expect(r.stdout).toContain(hint);
    expect(r.stdout.split('\n').filter((l) => /\bnpx\b|(^|[\s`])npm run/.test(l))).toEqual([]);
    expect(r.stdout).toMatch(new RegExp(`git add -- [^\`]*\\bpackage\\.json ${lockfile.replace('.', '\\.')}\``));
    // A second run: the files are set up, the packages still are not.
    const again = repo.run(['init', '--no-install', '--no-workflow']);
    expect(again.stdout).toContain(
      'Nothing to change in the files: they are set up. Left to do: install husky, nexiom-lint',
    );
    expect(again.stdout).not.toContain('already set up');
  });
});
