// init at a terminal: in a repository with two drizzle projects it asks which one, then shows
// the plan and asks before writing. The CLI runs under `script`, which gives it a real
// pseudo-terminal; the answers are typed once each prompt has appeared, as a person would.
import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { PG_CONFIG, USERS_V1 } from '../helpers/drizzle.js';
import { BIN, cleanupAll, createRepo, type TempRepo } from '../helpers/repo.js';
import { read, snapshot } from './helpers.js';

afterAll(cleanupAll);

function twoProjects(): TempRepo {
  return createRepo({
    'package.json': '{\n  "name": "mono",\n  "private": true,\n  "workspaces": ["packages/*"]\n}\n',
    'packages/billing/package.json': '{\n  "name": "billing"\n}\n',
    'packages/billing/drizzle.config.ts': PG_CONFIG(),
    'packages/billing/src/schema/users.ts': USERS_V1,
    'packages/shop/package.json': '{\n  "name": "shop"\n}\n',
    'packages/shop/drizzle.config.ts': PG_CONFIG(),
    'packages/shop/src/schema/users.ts': USERS_V1.replace("'users'", "'customers'"),
  });
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Runs `nexiom-lint init <args>` on a pseudo-terminal, answering each prompt when it appears. */
function atTerminal(repo: TempRepo, args: string[], answers: Array<[prompt: string, answer: string]>) {
  const command = [process.execPath, BIN, 'init', ...args].map(shellQuote).join(' ');
  return new Promise<{ code: number; output: string }>((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      cwd: repo.dir,
      env: { ...process.env, NO_COLOR: '1', TERM: 'dumb' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    let next = 0;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no prompt "${answers[next]?.[0]}" came; the output was:\n${output}`));
    }, 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const pending = answers[next];
      // Each prompt is answered once, after its own appearance (the output keeps earlier ones).
      if (
        pending &&
        output.split(pending[0]).length - 1 > answers.slice(0, next).filter(([p]) => p === pending[0]).length
      ) {
        next++;
        child.stdin.write(`${pending[1]}\n`);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, output: output.replace(/\r\n/g, '\n') });
    });
  });
}

describe('init at a terminal', () => {
  it('asks which drizzle project, shows the plan, and changes nothing when the answer is no', async () => {
    const repo = twoProjects();
    const before = snapshot(repo);
    const r = await atTerminal(
      repo,
      ['--no-install'],
      [
        ['Number (1-2): ', 'x'],
        ['Number (1-2): ', '2'],
        ['Apply these changes? [Y/n] ', 'n'],
      ],
    );
    expect(r.code).toBe(0);
    expect(r.output).toContain('  1) packages/billing/drizzle.config.ts\n  2) packages/shop/drizzle.config.ts');
    expect(r.output).toContain('Planned:');
    expect(r.output).toContain('packages/shop/package.json');
    expect(r.output).toContain('Nothing was changed.');
    expect(snapshot(repo)).toEqual(before);
  });

  it('sets up the chosen project when the plan is accepted', async () => {
    const repo = twoProjects();
    const r = await atTerminal(
      repo,
      ['--no-install', '--no-workflow'],
      [
        ['Number (1-2): ', '1'],
        ['Apply these changes? [Y/n] ', ''],
      ],
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(read(repo, 'packages/billing/package.json')).scripts).toMatchObject({
      'db:generate': 'drizzle-kit generate',
      'db:check': 'nexiom-lint --all --config drizzle.config.ts',
    });
    expect(read(repo, 'packages/shop/package.json')).toBe('{\n  "name": "shop"\n}\n');
    expect(read(repo, '.husky/pre-commit')).toContain(
      '\n  nexiom-lint --staged --config packages/billing/drizzle.config.ts\nfi\n',
    );
  });
});
