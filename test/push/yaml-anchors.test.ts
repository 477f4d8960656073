import { describe, expect, it } from 'vitest';
import { checkCompose } from '../../src/push/compose.js';
import { checkWorkflow } from '../../src/push/workflows.js';
import type { PushFinding } from '../../src/push/types.js';
import { entriesOf, getKey, loadYaml, mapOf, stringOf } from '../../src/push/yaml.js';

const brief = (findings: PushFinding[]) => findings.map((f) => [f.line, f.where, f.call.kind]);

describe('YAML helpers', () => {
  const text = `base: &base
  image: node:20
  command: npm start
extra: &extra
  command: npx drizzle-kit push
  user: node
svc:
  <<: [*base, *extra]
  user: root
alias: *base
`;
  it('merge keys: own keys win, then the merged maps in order', () => {
    const yaml = loadYaml('compose.yml', text);
    const svc = mapOf(yaml, getKey(yaml, mapOf(yaml, yaml.doc.contents)!, 'svc'))!;
    expect(stringOf(yaml, getKey(yaml, svc, 'user'))).toBe('root');
    expect(stringOf(yaml, getKey(yaml, svc, 'command'))).toBe('npm start');
    expect(stringOf(yaml, getKey(yaml, svc, 'image'))).toBe('node:20');
    expect(getKey(yaml, svc, 'missing')).toBeUndefined();
    expect(entriesOf(yaml, svc).map(([key]) => key)).toEqual(['user', 'image', 'command']);
  });

  it('an alias is its anchored node; an unknown alias is nothing', () => {
    const yaml = loadYaml('x.yml', `${text}broken: *nope\n`);
    const root = mapOf(yaml, yaml.doc.contents)!;
    expect(mapOf(yaml, getKey(yaml, root, 'alias'))).toBe(mapOf(yaml, getKey(yaml, root, 'base')));
    expect(getKey(yaml, root, 'broken')).toBeUndefined();
  });

  it('two merge keys in one map are not a duplicate-key error', () => {
    const yaml = loadYaml('x.yml', 'a: &a {x: 1}\nb: &b {y: 2}\nc:\n  <<: *a\n  <<: *b\n');
    const c = mapOf(yaml, getKey(yaml, mapOf(yaml, yaml.doc.contents)!, 'c'))!;
    expect(entriesOf(yaml, c).map(([key]) => key)).toEqual(['x', 'y']);
  });
});

describe('anchors in GitHub Actions workflows', () => {
  it('run: *cmd is reported at the anchored text, named by the step that uses it', () => {
    const workflow = `on: push
x-commands:
  sync: &sync |
    npm ci
    npx drizzle-kit push
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Sync schema
        run: *sync
      - name: Migrate
        run: npx drizzle-kit migrate
`;
    expect(brief(checkWorkflow('.github/workflows/deploy.yml', workflow))).toEqual([
      [5, 'Step "Sync schema" (job deploy)', 'push'],
    ]);
  });

  it('an anchored step reused by two jobs is one finding naming both', () => {
    const workflow = `on: push
jobs:
  staging:
    steps:
      - &push
        name: Push schema
        run: npx drizzle-kit push
  production:
    steps:
      - uses: actions/checkout@v4
      - *push
      - name: Generate
        run: npx drizzle-kit generate
`;
    expect(brief(checkWorkflow('.github/workflows/deploy.yml', workflow))).toEqual([
      [7, 'Step "Push schema" (job staging), also job production', 'push'],
    ]);
  });

  it('a step map takes the keys it lacks from `<<:` (its own win)', () => {
    const workflow = `on: push
jobs:
  a:
    steps:
      - &py
        name: Py
        shell: python
        run: print("hi")
      - <<: *py
        name: Also python
        run: npx drizzle-kit push
      - <<: *py
        name: Bash
        shell: bash
        run: npx drizzle-kit push
`;
    expect(brief(checkWorkflow('.github/workflows/a.yml', workflow))).toEqual([[15, 'Step "Bash" (job a)', 'push']]);
  });
});

describe('anchors in compose files', () => {
  it('a service merging `<<: *common` runs its command', () => {
    const compose = `x-common: &common
  build: .
  command: npx drizzle-kit push
x-safe: &safe
  command: ["npx", "drizzle-kit", "migrate"]
services:
  migrator:
    <<: *common
    environment:
      DATABASE_URL: postgres://db/app
  worker:
    <<: *safe
  api:
    <<: *common
    command: node server.js
`;
    expect(brief(checkCompose('compose.yml', compose))).toEqual([[3, 'Service "migrator" (command)', 'push']]);
  });

  it('list items that are aliases, and a command shared by two services', () => {
    const compose = `x-kit: &kit drizzle-kit
x-cmd: &cmd ["npx", *kit, "push"]
services:
  one:
    command: *cmd
  two:
    command: *cmd
`;
    expect(brief(checkCompose('compose.yml', compose))).toEqual([
      [2, 'Service "one" (command), also service "two"', 'push'],
    ]);
  });
});
