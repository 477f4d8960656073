import { describe, expect, it } from 'vitest';
import { checkCode, tokenize } from '../../src/push/code.js';
import { checkCompose } from '../../src/push/compose.js';
import { checkDockerfile } from '../../src/push/dockerfile.js';
import { checkMakefile } from '../../src/push/makefile.js';
import { checkPackageJson, scriptKeyLines } from '../../src/push/package-scripts.js';
import { checkShellScript } from '../../src/push/shell-script.js';
import { surfaceOf } from '../../src/push/surfaces.js';
import { checkWorkflow } from '../../src/push/workflows.js';
import type { PushFinding } from '../../src/push/types.js';

const brief = (findings: PushFinding[]) => findings.map((f) => [f.line, f.where, f.call.kind]);

describe('surfaceOf (the path test behind appliesTo)', () => {
  it.each([
    ['package.json', 'package-scripts'],
    ['packages/db/package.json', 'package-scripts'],
    ['.github/workflows/deploy.yml', 'workflow'],
    ['.github/actions/migrate/action.yaml', 'workflow'],
    ['docker-compose.yml', 'compose'],
    ['deploy/compose.prod.yaml', 'compose'],
    ['Dockerfile', 'dockerfile'],
    ['docker/Dockerfile.migrate', 'dockerfile'],
    ['api.Dockerfile', 'dockerfile'],
    ['Makefile', 'makefile'],
    ['tools/db.mk', 'makefile'],
    ['scripts/reset.sh', 'shell'],
    ['.husky/pre-push', 'shell'],
    ['src/db.ts', 'code'],
    ['scripts/seed.mjs', 'code'],
  ])('%s → %s', (file, surface) => {
    expect(surfaceOf(file)).toBe(surface);
  });

  it.each([
    'README.md',
    'src/types.d.ts',
    'node_modules/x/package.json',
    'apps/web/node_modules/y/Makefile',
    'config.yml',
    '.husky/_/h',
  ])('%s → none', (file) => {
    expect(surfaceOf(file)).toBeNull();
  });
});

describe('package.json scripts', () => {
  const pkg = `{
  "name": "app",
  "config": { "scripts": { "nested": "drizzle-kit push" } },
  "scripts": {
    "db:generate": "drizzle-kit generate",
    "db:push": "drizzle-kit push",
    "db:push:unsafe": "nexiom-lint guard push --unsafe && drizzle-kit push",
    "db:reset:unsafe": "npm run db:drop && npm run db:push:unsafe",
    "setup": "npm ci && npm run db:push:unsafe",
    "deploy": "git push && docker push ghcr.io/acme/api",
    "push": "git push --follow-tags"
  }
}
`;
  it('finds the line of each script key, only under the top-level "scripts"', () => {
    const lines = scriptKeyLines(pkg);
    expect(lines.get('db:push')).toBe(6);
    expect(lines.get('push')).toBe(11);
    expect(lines.has('nested')).toBe(false);
  });

  it('reports pushes and hidden :unsafe runs, allows the :unsafe spelling', () => {
    expect(checkPackageJson('package.json', pkg).map((f) => [f.line, f.where, f.call.kind])).toEqual([
      [6, 'Script "db:push"', 'push'],
      [9, 'Script "setup"', 'unsafe'],
    ]);
  });

  it('throws a ConfigError naming the file for broken JSON', () => {
    expect(() => checkPackageJson('packages/db/package.json', '{ "scripts": { "a": "b", } ')).toThrow(
      /packages\/db\/package\.json is not valid JSON/,
    );
  });
});

describe('GitHub Actions workflows', () => {
  const workflow = `name: deploy
on: push
jobs:
  migrate:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Sync schema
        run: |
          npm ci
          # npx drizzle-kit push (a comment)
          echo "do not run drizzle-kit push"
          npx drizzle-kit push --force
      - run: pnpm db:push:unsafe
      - name: Python
        shell: python
        run: print("drizzle-kit push")
      - name: Tag
        run: git push --tags && docker push acme/api
`;
  it('reports the line inside a run block and names the step and job', () => {
    expect(brief(checkWorkflow('.github/workflows/deploy.yml', workflow))).toEqual([
      [13, 'Step "Sync schema" (job migrate)', 'push'],
      [14, 'Step 3 (job migrate)', 'unsafe'],
    ]);
  });

  it('reads composite actions', () => {
    const action = 'name: m\nruns:\n  using: composite\n  steps:\n    - run: npx drizzle-kit push\n      shell: bash\n';
    expect(brief(checkWorkflow('action.yml', action))).toEqual([[5, 'Step 1', 'push']]);
  });

  it('throws a ConfigError naming the file for broken YAML', () => {
    expect(() => checkWorkflow('.github/workflows/ci.yml', 'jobs:\n  a: [1,\n b: c\n')).toThrow(
      /\.github\/workflows\/ci\.yml is not valid YAML/,
    );
  });
});

describe('compose files', () => {
  it('reads command and entrypoint, strings and lists, together', () => {
    const compose = `services:
  db:
    image: postgres:17
  migrator:
    build: .
    command: npx drizzle-kit push
  shell-form:
    entrypoint: ["sh", "-c"]
    command: "npm ci && npx drizzle-kit push"
  list-form:
    command: ["npx", "drizzle-kit", "push:pg"]
  safe:
    command: ["npm", "run", "db:migrate"]
  registry:
    command: docker push acme/api
`;
    expect(brief(checkCompose('compose.yml', compose))).toEqual([
      [6, 'Service "migrator" (command)', 'push'],
      [9, 'Service "shell-form" (command)', 'push'],
      [11, 'Service "list-form" (command)', 'push'],
    ]);
  });
});

describe('Dockerfiles', () => {
  it('reads RUN (flags, continuations, here-documents), CMD and ENTRYPOINT in both forms', () => {
    const dockerfile = `# syntax=docker/dockerfile:1
FROM node:20 AS base
RUN echo "drizzle-kit push is not for images"

FROM base AS migrate
RUN --mount=type=cache,target=/root/.npm \\
    npm ci && \\
    # a comment inside the continuation
    npx drizzle-kit push
RUN <<EOF
npm ci
npx drizzle-kit push --force
EOF
RUN cat <<EOF > /notes.txt
npx drizzle-kit push
EOF
CMD ["npx", "drizzle-kit", "push"]
ENTRYPOINT npm run db:push:unsafe
ONBUILD RUN pnpm drizzle-kit push
`;
    expect(brief(checkDockerfile('Dockerfile', dockerfile))).toEqual([
      [6, 'RUN (stage migrate)', 'push'],
      [12, 'RUN (stage migrate)', 'push'],
      [17, 'CMD (stage migrate)', 'push'],
      [18, 'ENTRYPOINT (stage migrate)', 'unsafe'],
      [19, 'ONBUILD RUN (stage migrate)', 'push'],
    ]);
  });
});

describe('Makefiles', () => {
  it('reads recipes with variables expanded; *unsafe targets may push', () => {
    const makefile = [
      'DRIZZLE := npx drizzle-kit',
      '.PHONY: db-push db-push-unsafe',
      '',
      'db-push:',
      '\t@echo "pushing"',
      '\t$(DRIZZLE) push',
      '',
      'db-push-unsafe:',
      '\t$(DRIZZLE) push',
      '',
      'setup: install ; $(MAKE) db-push-unsafe',
      'release:',
      '\tgit push --tags',
      '',
    ].join('\n');
    expect(brief(checkMakefile('Makefile', makefile))).toEqual([
      [6, 'Target "db-push"', 'push'],
      [11, 'Target "setup"', 'unsafe'],
    ]);
  });
});

describe('shell scripts', () => {
  it('reads every line; a script named *unsafe may push', () => {
    const script = '#!/usr/bin/env bash\nset -euo pipefail\n# drizzle-kit push\nnpm ci\nnpx drizzle-kit push\n';
    expect(brief(checkShellScript('scripts/deploy.sh', script))).toEqual([[5, 'This script', 'push']]);
    expect(checkShellScript('scripts/db-push-unsafe.sh', script)).toEqual([]);
  });
});

describe('code importing pushSchema from drizzle-kit/api', () => {
  it.each([
    ["import { pushSchema } from 'drizzle-kit/api';", 1],
    ["import { generateDrizzleJson,\n  pushSchema as push } from 'drizzle-kit/api';", 2],
    ["const { pushSchema } = require('drizzle-kit/api');", 1],
    ["const kit = await import('drizzle-kit/api');\nawait kit.pushSchema(schema, db);", 2],
    ['const api = await import("drizzle-kit/api");\nawait api[\'pushSchema\'](schema, db);', 2],
    ["import { pushSchema } from 'drizzle-kit/api-postgres';", 1],
    ["import { pushSchema } from 'drizzle-kit/payload/postgres';", 1],
  ])('%s', (code, line) => {
    expect(checkCode('src/db.ts', code)).toMatchObject([{ line, call: { kind: 'api', name: 'pushSchema' } }]);
  });

  it.each([
    "// import { pushSchema } from 'drizzle-kit/api'\nexport {};",
    "/* pushSchema from 'drizzle-kit/api' */ export {};",
    "import { generateDrizzleJson } from 'drizzle-kit/api';\nconst note = 'never call pushSchema';",
    "import { pushSchema } from './my-helpers';\nconst doc = `see drizzle-kit/api`;",
    "const help = `pushSchema from ${'drizzle-kit/api'}`;",
  ])('no finding: %s', (code) => {
    expect(checkCode('src/db.ts', code)).toEqual([]);
  });

  it('tokenizes templates, regex literals and comments', () => {
    const tokens = tokenize('const re = /[\'"]/g; const t = `a ${b + `c${d}`} e`; // x\nf');
    expect(tokens.filter((t) => t.kind === 'word').map((t) => t.value)).toEqual([
      'const',
      're',
      'const',
      't',
      'b',
      'd',
      'f',
    ]);
    expect(tokens.at(-1)).toMatchObject({ value: 'f', line: 2 });
  });
});

describe('GitHub expressions in run steps', () => {
  // Found on real workflows: `${{ }}` is not shell syntax, and shell-quote threw on it ("Bad substitution").
  const workflow = `on: pull_request
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - run: npx commitlint --from \${{ github.event.pull_request.base.sha }} --verbose
      - name: Sync
        run: |
          echo "\${{ github.sha }}" \${{ }}
          npx drizzle-kit push --url \${{ secrets.DATABASE_URL }}
`;

  it('reads an expression as one word, and still finds the push after it on its own line', () => {
    expect(brief(checkWorkflow('.github/workflows/ci.yml', workflow))).toEqual([
      [10, 'Step "Sync" (job lint)', 'push'],
    ]);
  });

  it('never throws on shell text the shell itself would reject', () => {
    expect(brief(checkShellScript('scripts/x.sh', 'echo ${}\nnpx drizzle-kit push\n'))).toEqual([
      [2, 'This script', 'push'],
    ]);
  });
});
