import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupAll, createRepo, type TempRepo } from '../helpers/repo.js';
import { drizzleProject } from '../helpers/drizzle.js';

afterAll(cleanupAll);

const PACKAGE = JSON.stringify(
  {
    name: 'app',
    private: true,
    type: 'module',
    workspaces: ['packages/*'],
    scripts: {
      'db:generate': 'drizzle-kit generate',
      'db:migrate': 'drizzle-kit migrate',
      'db:push': 'nexiom-lint guard push',
      'db:push:unsafe': 'nexiom-lint guard push --unsafe && drizzle-kit push',
      'db:sync': 'dotenv -e .env -- npx drizzle-kit push --config drizzle.config.ts',
      setup: 'npm ci && npm run db:push:unsafe',
      release: 'git push --follow-tags && docker push ghcr.io/acme/api',
      push: 'git push',
      note: 'echo "never run drizzle-kit push"',
    },
  },
  null,
  2,
);

const FILES = {
  'package.json': PACKAGE,
  'packages/db/package.json': JSON.stringify(
    { name: 'db', scripts: { migrate: 'pnpm exec drizzle-kit push:pg' } },
    null,
    2,
  ),
  '.github/workflows/deploy.yml': `on: push
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Sync schema
        run: |
          npm ci
          npx drizzle-kit push
      - name: Publish
        run: git push origin HEAD:prod && docker push acme/api
`,
  '.github/workflows/nightly.yml':
    'on: schedule\njobs:\n  sync:\n    steps:\n      - name: Sync\n        run: npm run db:sync\n',
  Dockerfile: 'FROM node:20 AS migrate\nRUN npm ci\nCMD ["npx", "drizzle-kit", "push"]\n',
  'packages/db/Dockerfile': 'FROM node:20\nRUN pnpm run migrate\n',
  'docker-compose.yml':
    'services:\n  migrator:\n    build: .\n    command: npm run db:push:unsafe\n  db:\n    image: postgres:17\n',
  Makefile: 'db-push-unsafe:\n\tnpx drizzle-kit push\n\nreset:\n\tnpx drizzle-kit push --force\n',
  'scripts/bootstrap.sh': '#!/bin/sh\nset -e\n# drizzle-kit push is banned\nyarn dlx drizzle-kit push\n',
  'src/test-db.ts':
    "// pushSchema sets up tests\nimport { pushSchema } from 'drizzle-kit/api';\nexport { pushSchema };\n",
  'src/app.ts': "export const greeting = 'drizzle-kit push';\n",
};

interface JsonFinding {
  ruleId: string;
  file: string;
  line: number;
  message: string;
  help: string;
}

function findings(stdout: string): JsonFinding[] {
  return (JSON.parse(stdout) as { findings: JsonFinding[] }).findings.filter((f) => f.ruleId === 'no-db-push');
}

describe('no-db-push through the CLI', () => {
  let repo: TempRepo;
  beforeAll(() => {
    repo = createRepo(drizzleProject(undefined, FILES));
    repo.commit('init');
  });

  it('--all finds every way in, with file and line, and nothing else', () => {
    const r = repo.run(['--all', '--format', 'json', '--rule', 'no-db-push']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    // In code-point order, the same in every locale: upper case before lower case.
    expect(findings(r.stdout).map((f) => `${f.file}:${f.line}`)).toEqual([
      '.github/workflows/deploy.yml:10',
      '.github/workflows/nightly.yml:6',
      'Dockerfile:3',
      'Makefile:5',
      'docker-compose.yml:4',
      'package.json:13',
      'package.json:14',
      'packages/db/Dockerfile:2',
      'packages/db/package.json:4',
      'scripts/bootstrap.sh:4',
      'src/test-db.ts:2',
    ]);
  });

  it('says what was found and what to do instead', () => {
    const all = findings(repo.run(['--all', '--format', 'json']).stdout);
    const byFile = (file: string, line: number) => all.find((f) => f.file === file && f.line === line)!;
    expect(byFile('package.json', 13).message).toBe(
      'Script "db:sync" runs `dotenv -e .env -- npx drizzle-kit push --config drizzle.config.ts`: ' +
        'a direct schema change with no migration file, no history row and no review.',
    );
    expect(byFile('package.json', 13).help).toContain('`npm run db:generate`');
    expect(byFile('package.json', 13).help).toContain('`npm run db:migrate`');
    expect(byFile('package.json', 13).help).toContain('"db:sync:unsafe"');
    expect(byFile('package.json', 14).message).toContain('Script "setup" runs the unsafe script "db:push:unsafe"');
    expect(byFile('packages/db/package.json', 4).message).toContain('`push:pg` is the pre-0.21 spelling');
    expect(byFile('.github/workflows/deploy.yml', 10).message).toContain(
      'Step "Sync schema" (job deploy) runs `npx drizzle-kit push`',
    );
    expect(byFile('.github/workflows/deploy.yml', 10).help).toContain('Run `npm run db:migrate` here instead');
    expect(byFile('docker-compose.yml', 4).message).toContain(
      'Service "migrator" (command) runs the unsafe script "db:push:unsafe"',
    );
    expect(byFile('Makefile', 5).message).toContain('Target "reset" runs `npx drizzle-kit push --force`');
    expect(byFile('src/test-db.ts', 2).message).toContain('Imports pushSchema from drizzle-kit/api');
    // Scripts run by name are followed into the nearest package.json.
    expect(byFile('.github/workflows/nightly.yml', 6).message).toContain(
      'Step "Sync" (job sync) runs `npm run db:sync` (script "db:sync" runs `dotenv -e .env -- npx drizzle-kit push --config drizzle.config.ts`)',
    );
    expect(byFile('packages/db/Dockerfile', 2).message).toContain(
      'RUN runs `pnpm run migrate` (script "migrate" runs `pnpm exec drizzle-kit push:pg`)',
    );
  });

  it('prints file, line and help in the terminal format', () => {
    const r = repo.run(['--all', '--rule', 'no-db-push']);
    expect(r.stdout).toContain('Dockerfile\n  3     error  CMD (stage migrate) runs `npx drizzle-kit push`');
    expect(r.stdout).toContain('→ Run `npm run db:migrate` here instead');
    expect(r.stdout).toContain('11 errors');
  });

  it('--staged checks only the changed files', () => {
    repo.write({
      '.github/workflows/e2e.yml': 'on: pull_request\njobs:\n  e2e:\n    steps:\n      - run: pnpm db:push:unsafe\n',
    });
    repo.git('add', '.github/workflows/e2e.yml');
    const r = repo.run(['--staged', '--format', 'json']);
    expect(r.code).toBe(1);
    expect(findings(r.stdout)).toMatchObject([{ file: '.github/workflows/e2e.yml', line: 5 }]);
    repo.git('reset', '-q');
    repo.write({ '.github/workflows/e2e.yml': null });
  });

  it('takes no time on a change that cannot reach drizzle-kit push, and passes clean code', () => {
    repo.write({ 'README.md': '# app\n' });
    repo.git('add', 'README.md');
    const readme = repo.run(['--staged']);
    expect(readme.code).toBe(0);
    expect(readme.stdout).toContain('nothing to check');
    repo.write({ 'src/app.ts': "export const greeting = 'hello';\n" });
    repo.git('add', 'src/app.ts');
    const code = repo.run(['--staged']);
    expect(code.stdout).toContain('no problems');
    expect(code.code).toBe(0);
    repo.git('reset', '-q', '--hard');
  });

  it('skips files the settings allow', () => {
    repo.write({
      'nexiom-lint.config.json': JSON.stringify({
        rules: { 'no-db-push': ['error', { allow: ['src/test-db.ts', 'Makefile'] }] },
      }),
    });
    const r = repo.run(['--all', '--format', 'json']);
    const files = findings(r.stdout).map((f) => f.file);
    expect(files).not.toContain('src/test-db.ts');
    expect(files).not.toContain('Makefile');
    expect(files).toContain('Dockerfile');
    repo.write({ 'nexiom-lint.config.json': null });
  });
});

describe('no-db-push on broken files', () => {
  it('exits 2 naming a package.json that is not valid JSON', () => {
    const repo = createRepo(drizzleProject());
    repo.commit('init');
    repo.write({ 'packages/api/package.json': '{ "name": "api", "scripts": { "a": "b", } }' });
    repo.git('add', '-A');
    const r = repo.run(['--staged']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('packages/api/package.json is not valid JSON');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 naming a workflow that is not valid YAML', () => {
    const repo = createRepo(drizzleProject());
    repo.commit('init', { '.github/workflows/ci.yml': 'on: push\njobs:\n  test: [1,\n   b: c\n' });
    const r = repo.run(['--all']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('.github/workflows/ci.yml is not valid YAML');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('no-db-push with --base', () => {
  it('reports a compose file added on the branch', () => {
    const repo = createRepo(drizzleProject());
    repo.commit('init');
    repo.git('checkout', '-q', '-b', 'feature');
    repo.commit('compose', {
      'compose.yaml':
        'services:\n  api:\n    entrypoint: ["sh", "-c"]\n    command: "npm ci && bunx drizzle-kit push && node server.js"\n',
    });
    const r = repo.run(['--base', 'main', '--format', 'json']);
    expect(r.code).toBe(1);
    expect(findings(r.stdout)).toMatchObject([{ file: 'compose.yaml', line: 4 }]);
    expect(findings(r.stdout)[0]!.message).toContain('runs `bunx drizzle-kit push`');
  });
});
