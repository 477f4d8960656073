import { describe, expect, it } from 'vitest';
import { checkShellScript, isShellShebang } from '../../src/push/shell-script.js';
import { surfaceOf } from '../../src/push/surfaces.js';

const PUSH = 'set -e\nnpm ci\nnpx drizzle-kit push\n';

describe('extension-less scripts by path', () => {
  it.each([
    'bin/deploy',
    'scripts/release',
    'script/bootstrap',
    'tools/db-reset',
    '.githooks/pre-push',
    'hooks/post-merge',
    'packages/api/bin/migrate',
    '.husky/pre-push',
  ])('%s → shell', (file) => {
    expect(surfaceOf(file)).toBe('shell');
  });

  it.each(['bin/.env', 'bin/README.md', 'scripts/db/reset', 'deploy', 'src/release', 'scripts/nested/tool/x.txt'])(
    '%s → none',
    (file) => {
      expect(surfaceOf(file)).toBeNull();
    },
  );

  it('a file with an extension keeps its own surface', () => {
    expect(surfaceOf('bin/cli.js')).toBe('code');
    expect(surfaceOf('scripts/Makefile')).toBe('makefile');
    expect(surfaceOf('tools/Dockerfile')).toBe('dockerfile');
  });
});

describe('shell shebangs', () => {
  it.each([
    '#!/bin/sh',
    '#!/usr/bin/env bash',
    '#!/bin/bash -e',
    '#! /bin/zsh',
    '#!/usr/bin/env -S bash -eu',
    '#!/bin/dash',
    '#!/usr/bin/ksh',
    '#!/bin/ash',
    '#!/usr/local/bin/bash',
  ])('%s is a shell', (line) => {
    expect(isShellShebang(line)).toBe(true);
  });

  it.each([
    '#!/usr/bin/env node',
    '#!/usr/bin/env python3',
    '#!/bin/fish',
    '#!/usr/bin/bashdb',
    '# not a shebang',
    'set -e',
    '',
    '\u007fELF',
  ])('%j is not', (line) => {
    expect(isShellShebang(line)).toBe(false);
  });
});

describe('extension-less scripts', () => {
  it('a shell shebang makes it a script: every command is read', () => {
    expect(checkShellScript('scripts/release', `#!/usr/bin/env bash\n${PUSH}`)).toMatchObject([
      { surface: 'shell', line: 4, where: 'This script', call: { kind: 'push', command: 'npx drizzle-kit push' } },
    ]);
    expect(checkShellScript('.githooks/pre-push', `#!/bin/sh -e\r\nnpm run db:push:unsafe\r\n`)).toMatchObject([
      { line: 2, call: { kind: 'unsafe' } },
    ]);
  });

  it('without a shell shebang, or binary, it is not read', () => {
    expect(checkShellScript('scripts/release', PUSH)).toEqual([]);
    expect(checkShellScript('bin/tool', `#!/usr/bin/env node\n${PUSH}`)).toEqual([]);
    const binary = Buffer.from([
      0x7f,
      0x45,
      0x4c,
      0x46,
      0x02,
      0x01,
      0x00,
      0x00,
      0xff,
      0xfe,
      0x0a,
      ...Buffer.from(PUSH),
    ]).toString('utf8');
    expect(checkShellScript('bin/tool', binary)).toEqual([]);
    expect(checkShellScript('bin/tool', `#!/bin/sh\n\u0000${PUSH}`)).toEqual([]);
    expect(checkShellScript('bin/empty', '')).toEqual([]);
  });

  it('a name ending in unsafe may push; husky hooks and .sh files need no shebang', () => {
    expect(checkShellScript('bin/db-reset-unsafe', `#!/bin/sh\n${PUSH}`)).toEqual([]);
    expect(checkShellScript('.husky/pre-push', PUSH)).toHaveLength(1);
    expect(checkShellScript('scripts/reset.sh', PUSH)).toHaveLength(1);
  });
});
