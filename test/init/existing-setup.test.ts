// init in projects that already have husky and lint-staged: the hook is extended, never
// clobbered; the entry goes into the lint-staged config wherever it lives; re-runs add nothing.
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { drizzleProject } from '../helpers/drizzle.js';
import { cleanupAll, createRepo, type FileMap } from '../helpers/repo.js';
import { read, snapshot } from './helpers.js';

afterAll(cleanupAll);

const PATTERN =
  '{*.{ts,tsx,mts,cts,js,jsx,mjs,cjs},**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs},tsconfig*.json,**/tsconfig*.json,drizzle/**,drizzle.config.ts,package.json}';

function project(extra: FileMap, pkg: Record<string, unknown> = {}) {
  const base = drizzleProject();
  const packageJson = { ...JSON.parse(base['package.json']!), ...pkg };
  return createRepo({ ...base, 'package.json': `${JSON.stringify(packageJson, null, 2)}\n`, ...extra });
}

/** Runs init twice: the second run must change nothing. */
function initTwice(repo: ReturnType<typeof createRepo>) {
  const first = repo.run(['init', '--no-install', '--no-workflow']);
  expect(first.stderr).toBe('');
  expect(first.code).toBe(0);
  const after = snapshot(repo);
  const second = repo.run(['init', '--no-install', '--no-workflow']);
  expect(second.stdout).toContain('Nothing to change');
  expect(snapshot(repo)).toEqual(after);
  return first;
}

describe('init with an existing husky and lint-staged setup', () => {
  it('extends the package.json "lint-staged" key and leaves a hook that runs lint-staged alone', () => {
    const repo = project(
      { '.husky/pre-commit': 'npx lint-staged\n' },
      { 'lint-staged': { '*.ts': ['eslint --fix', 'prettier --write'] }, scripts: { prepare: 'husky' } },
    );
    const r = initTwice(repo);
    const pkg = JSON.parse(read(repo, 'package.json'));
    expect(pkg['lint-staged']).toEqual({
      '*.ts': ['eslint --fix', 'prettier --write'],
      [PATTERN]: 'nexiom-lint --staged --',
    });
    expect(pkg.scripts.prepare).toBe('husky');
    expect(read(repo, '.husky/pre-commit')).toBe('npx lint-staged\n');
    expect(r.stdout).toContain('runs lint-staged through npx');
  });

  it('adds lint-staged to a hook that does other things, before its final exit', () => {
    const hook = '# checks\nnpm test\nexit 0\n';
    const repo = project(
      {
        '.husky/pre-commit': hook,
        '.lintstagedrc.json': '{\n    "*.md": "prettier --write"\n}\n',
      },
      { scripts: { prepare: 'node scripts/prepare.js' } },
    );
    initTwice(repo);
    expect(read(repo, '.husky/pre-commit')).toBe('# checks\nnpm test\nlint-staged\nexit 0\n');
    expect(read(repo, '.lintstagedrc.json')).toBe(
      `{\n    "*.md": "prettier --write",\n    "${PATTERN}": "nexiom-lint --staged --"\n}\n`,
    );
    expect(JSON.parse(read(repo, 'package.json')).scripts.prepare).toBe('node scripts/prepare.js && husky');
  });

  it('adds the entry to a YAML .lintstagedrc and keeps its comments', () => {
    const yaml = '# formatting\n"*.{ts,tsx}":   # every source file\n  - prettier --write\n';
    const repo = project({ '.lintstagedrc.yaml': yaml });
    initTwice(repo);
    expect(read(repo, '.lintstagedrc.yaml')).toBe(`${yaml}"${PATTERN}": nexiom-lint --staged --\n`);
  });

  it('inserts the function form into a CommonJS lint-staged.config.js', () => {
    const code = "// team config\nmodule.exports = {\n    '*.js': 'eslint --fix',\n};\n";
    const repo = project({ 'lint-staged.config.js': code }, { type: 'commonjs' });
    initTwice(repo);
    const text = read(repo, 'lint-staged.config.js');
    expect(text).toContain(`    '${PATTERN}': () => 'nexiom-lint --staged',\n    '*.js': 'eslint --fix',`);
    const config = createRequire(import.meta.url)(path.join(repo.dir, 'lint-staged.config.js'));
    expect(Object.keys(config)).toEqual([PATTERN, '*.js']);
    expect(config[PATTERN]()).toBe('nexiom-lint --staged');
  });

  it('prints the snippet for a config it cannot edit safely, and leaves the file alone', () => {
    const code = "export default (files) => ({ '*.ts': `eslint ${files.join(' ')}` });\n";
    const repo = project({ 'lint-staged.config.mjs': code });
    const r = repo.run(['init', '--no-install', '--no-workflow']);
    expect(r.code).toBe(0);
    expect(read(repo, 'lint-staged.config.mjs')).toBe(code);
    expect(r.stdout).toContain('lint-staged.config.mjs could not be edited safely');
    expect(r.stdout).toContain(`'${PATTERN}': () => 'nexiom-lint --staged',`);
  });
});
