// The text editors under init: JSON and YAML edits that keep the user's formatting, the unified
// diff --dry-run prints, and the all-or-nothing writer (on a real temp folder).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Transaction } from '../../src/init/apply.js';
import { unifiedDiff } from '../../src/init/diff.js';
import { parseObject, setTopLevelKey } from '../../src/init/json-edit.js';
import { editYaml } from '../../src/init/yaml-edit.js';
import { cleanupAll, tempDir } from '../helpers/repo.js';

afterAll(cleanupAll);

describe('setTopLevelKey', () => {
  it('rewrites one key in place and leaves every other byte alone', () => {
    const text = '{\n\t"name": "app",\n\t"files": ["a", "b"],\n\t"scripts": {"dev": "vite"},\n\t"private": true\n}\n';
    const out = setTopLevelKey(text, 'scripts', { dev: 'vite', 'db:check': 'nexiom-lint --all' });
    expect(out).toBe(
      '{\n\t"name": "app",\n\t"files": ["a", "b"],\n\t"scripts": {\n\t\t"dev": "vite",\n\t\t"db:check": "nexiom-lint --all"\n\t},\n\t"private": true\n}\n',
    );
    expect(parseObject(out)).toEqual({
      ...JSON.parse(text),
      scripts: { dev: 'vite', 'db:check': 'nexiom-lint --all' },
    });
  });

  it('appends a missing key last, keeping CRLF line ends and a missing final newline', () => {
    const text = '{\r\n    "name": "app",\r\n    "x": {"a": "}\\"{"}\r\n}';
    const out = setTopLevelKey(text, 'scripts', { a: 'b' });
    expect(out).toBe(
      '{\r\n    "name": "app",\r\n    "x": {"a": "}\\"{"},\r\n    "scripts": {\r\n        "a": "b"\r\n    }\r\n}',
    );
  });

  it('keeps a one-line file on one line', () => {
    expect(setTopLevelKey('{}\n', 'k', 'v')).toBe('{"k":"v"}\n');
    expect(setTopLevelKey('{ "name": "x" }', 'scripts', { a: 'b' })).toBe('{ "name": "x","scripts":{"a":"b"} }');
  });

  it('fills an empty multi-line object', () => {
    expect(setTopLevelKey('{\n}\n', 'k', 'v')).toBe('{\n  "k": "v"\n}\n');
  });
});

describe('unifiedDiff', () => {
  it('prints git-style hunks with three lines of context', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].join('\n') + '\n';
    const after = ['a', 'b', 'c', 'd', 'E', 'f', 'g', 'h', 'i', 'j', 'k'].join('\n') + '\n';
    expect(unifiedDiff('x.txt', before, after)).toBe(
      [
        '--- a/x.txt',
        '+++ b/x.txt',
        '@@ -2,9 +2,10 @@',
        ' b',
        ' c',
        ' d',
        '-e',
        '+E',
        ' f',
        ' g',
        ' h',
        ' i',
        ' j',
        '+k',
        '',
      ].join('\n'),
    );
  });

  it('shows a new file against /dev/null and nothing for equal texts', () => {
    expect(unifiedDiff('n.txt', null, 'one\ntwo\n')).toBe('--- /dev/null\n+++ b/n.txt\n@@ -0,0 +1,2 @@\n+one\n+two\n');
    expect(unifiedDiff('same.txt', 'x\n', 'x\n')).toBe('');
  });

  it('splits far-apart changes into separate hunks', () => {
    const lines = Array.from({ length: 30 }, (_, i) => `l${i}`);
    const changed = lines.map((l, i) => (i === 2 || i === 25 ? `${l}!` : l));
    const diff = unifiedDiff('f', `${lines.join('\n')}\n`, `${changed.join('\n')}\n`);
    expect(diff.match(/^@@ .* @@$/gm)).toEqual(['@@ -1,6 +1,6 @@', '@@ -23,7 +23,7 @@']);
  });
});

describe('editYaml', () => {
  const compose = `# stack
services:
  db:
    image: postgres:16   # pinned
    command: ["postgres", "-c", "fsync=off"]
  app:
    build: .
`;
  it('applies only the edit: comments, their spacing and flow sequences stay as written', async () => {
    const out = await editYaml(compose, ({ doc }) => {
      doc.setIn(['services', 'app', 'restart'], 'always');
      return true;
    });
    expect(out).toBe(`${compose}    restart: always\n`);
  });

  it('returns null when the edit declines', async () => {
    expect(await editYaml(compose, () => false)).toBeNull();
  });
});

describe('Transaction', () => {
  it('writes all files, or restores every one when a write fails half-way', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.txt'), 'old a\n');
    mkdirSync(path.join(dir, 'blocker'));
    writeFileSync(path.join(dir, 'blocker', 'keep'), 'x');
    const tx = new Transaction(dir);
    // The last target is an existing non-empty folder: its rename fails after the others happened.
    expect(() =>
      tx.apply([
        { file: 'a.txt', before: 'old a\n', after: 'new a\n', notes: [] },
        { file: 'new/dir/b.txt', before: null, after: 'b\n', notes: [] },
        { file: 'blocker', before: null, after: 'c\n', notes: [] },
      ]),
    ).toThrow();
    expect(readFileSync(path.join(dir, 'a.txt'), 'utf8')).toBe('old a\n');
    expect(existsSync(path.join(dir, 'new'))).toBe(false);
    expect(readFileSync(path.join(dir, 'blocker', 'keep'), 'utf8')).toBe('x');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('rollback leaves alone a file that changed after it was written', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'p.json'), '{}\n');
    const tx = new Transaction(dir);
    tx.apply([
      { file: 'p.json', before: '{}\n', after: '{"a":1}\n', notes: [] },
      { file: 'q.txt', before: null, after: 'q\n', notes: [] },
    ]);
    writeFileSync(path.join(dir, 'p.json'), '{"a":1,"b":2}\n');
    tx.rollback();
    expect(readFileSync(path.join(dir, 'p.json'), 'utf8')).toBe('{"a":1,"b":2}\n');
    expect(existsSync(path.join(dir, 'q.txt'))).toBe(false);
  });
});
