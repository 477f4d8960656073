import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { installHint } from '../../src/project/install-hint.js';

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

function write(rel: string, text: string): void {
  const file = path.join(root, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

describe('the hint for a package that is not installed', () => {
  it('a pnpm workspace member that declares drizzle-kit: install at the workspace root, in pnpm words', () => {
    root = mkdtempSync(path.join(tmpdir(), 'hint-'));
    write('package.json', JSON.stringify({ name: 'root', packageManager: 'pnpm@9.12.0' }));
    write('pnpm-workspace.yaml', 'packages:\n  - apps/*\n');
    write('pnpm-lock.yaml', "lockfileVersion: '9.0'\n");
    write('apps/web/package.json', JSON.stringify({ name: 'web', devDependencies: { 'drizzle-kit': '^0.31.0' } }));
    expect(installHint(path.join(root, 'apps/web'), root, 'drizzle-kit')).toBe(
      "install the project's dependencies (`pnpm install --frozen-lockfile` in the repository root)",
    );
  });

  it('a package that does not declare it: add it to that package with its manager', () => {
    root = mkdtempSync(path.join(tmpdir(), 'hint-'));
    write('package.json', JSON.stringify({ name: 'root', workspaces: ['packages/*'] }));
    write('bun.lock', '{}');
    write('packages/db/package.json', JSON.stringify({ name: 'db', dependencies: { 'drizzle-orm': '^0.44.0' } }));
    expect(installHint(path.join(root, 'packages/db'), root, 'drizzle-kit')).toBe(
      'add it (`bun add --dev drizzle-kit` in packages/db)',
    );
  });

  it('a single npm package', () => {
    root = mkdtempSync(path.join(tmpdir(), 'hint-'));
    write('package.json', JSON.stringify({ name: 'app' }));
    expect(installHint(root, root, 'drizzle-kit')).toBe(
      'add it (`npm install --save-dev drizzle-kit` in the repository root)',
    );
  });
});
