import { describe, expect, it } from 'vitest';
import { callsInArgv, callsInText } from '../../src/push/command.js';

const pushes = (text: string) =>
  callsInText(text)
    .filter((c) => c.kind === 'push')
    .map((c) => c.command);
const unsafe = (text: string) => callsInText(text).flatMap((c) => (c.kind === 'unsafe' ? [c.target.name] : []));

describe('drizzle-kit push behind every runner', () => {
  it.each([
    ['drizzle-kit push', 'drizzle-kit push'],
    ['npx drizzle-kit push', 'npx drizzle-kit push'],
    ['npx -y drizzle-kit@0.31.4 push --strict', 'npx -y drizzle-kit@0.31.4 push --strict'],
    ['npx --package=drizzle-kit drizzle-kit push', 'npx --package=drizzle-kit drizzle-kit push'],
    ['pnpm drizzle-kit push', 'pnpm drizzle-kit push'],
    ['pnpm exec drizzle-kit push', 'pnpm exec drizzle-kit push'],
    ['pnpm dlx drizzle-kit push', 'pnpm dlx drizzle-kit push'],
    ['pnpm --filter api exec drizzle-kit push', 'pnpm --filter api exec drizzle-kit push'],
    ['yarn drizzle-kit push', 'yarn drizzle-kit push'],
    ['yarn dlx drizzle-kit push', 'yarn dlx drizzle-kit push'],
    ['yarn workspace api drizzle-kit push', 'yarn workspace api drizzle-kit push'],
    ['bunx drizzle-kit push', 'bunx drizzle-kit push'],
    ['bun x drizzle-kit push', 'bun x drizzle-kit push'],
    ['bun run drizzle-kit push', 'bun run drizzle-kit push'],
    ['npm exec drizzle-kit push', 'npm exec drizzle-kit push'],
    ['npm exec -- drizzle-kit push', 'npm exec -- drizzle-kit push'],
    ['npm x -c "drizzle-kit push"', 'drizzle-kit push'],
    ['dotenv -e .env.local -- drizzle-kit push', 'dotenv -e .env.local -- drizzle-kit push'],
    ['dotenvx run -f .env -- npx drizzle-kit push', 'dotenvx run -f .env -- npx drizzle-kit push'],
    ['cross-env NODE_ENV=development drizzle-kit push', 'cross-env NODE_ENV=development drizzle-kit push'],
    ['DATABASE_URL=postgres://localhost/app drizzle-kit push', 'drizzle-kit push'],
    ['env -i PATH=/bin drizzle-kit push', 'env -i PATH=/bin drizzle-kit push'],
    [
      'drizzle-kit push --config drizzle/prod.config.ts --force',
      'drizzle-kit push --config drizzle/prod.config.ts --force',
    ],
    ['drizzle-kit --config x.ts push', 'drizzle-kit --config x.ts push'],
    ['node node_modules/.bin/drizzle-kit push', 'node node_modules/.bin/drizzle-kit push'],
    ['node_modules/.bin/drizzle-kit push', 'node_modules/.bin/drizzle-kit push'],
    ['./node_modules/.bin/drizzle-kit push', './node_modules/.bin/drizzle-kit push'],
    ['node ./node_modules/drizzle-kit/bin.cjs push', 'node ./node_modules/drizzle-kit/bin.cjs push'],
    ['sh -c "npx drizzle-kit push"', 'npx drizzle-kit push'],
    ["bash -euo pipefail -c 'pnpm drizzle-kit push'", 'pnpm drizzle-kit push'],
    ['concurrently "drizzle-kit push" "vite"', 'drizzle-kit push'],
    ['sudo -u deploy npx drizzle-kit push', 'sudo -u deploy npx drizzle-kit push'],
    ['docker compose run --rm api npx drizzle-kit push', 'docker compose run --rm api npx drizzle-kit push'],
  ])('%s', (text, shown) => {
    expect(pushes(text)).toEqual([shown]);
  });

  it('finds it in chains, pipes, sub-shells and command substitutions', () => {
    expect(pushes('npm ci && drizzle-kit push')).toHaveLength(1);
    expect(pushes('npm run build; npx drizzle-kit push')).toHaveLength(1);
    expect(pushes('false || npx drizzle-kit push')).toHaveLength(1);
    expect(pushes('yes | npx drizzle-kit push')).toHaveLength(1);
    expect(pushes('(cd packages/db && npx drizzle-kit push)')).toHaveLength(1);
    expect(pushes('out=$(npx drizzle-kit push)')).toHaveLength(1);
    expect(pushes('if [ -n "$X" ]; then\n  npx drizzle-kit push\nfi')).toHaveLength(1);
  });

  it('finds the old push:pg and push:postgresql commands', () => {
    expect(callsInText('drizzle-kit push:pg')).toMatchObject([{ kind: 'push', subcommand: 'push:pg' }]);
    expect(callsInText('npx drizzle-kit push:postgresql --config x')).toMatchObject([
      { kind: 'push', subcommand: 'push:postgresql' },
    ]);
  });

  it('masks passwords in the command it shows', () => {
    expect(pushes('drizzle-kit push --url postgres://app:s3cret@db.example.com/app')).toEqual([
      'drizzle-kit push --url postgres://app:***@db.example.com/app',
    ]);
    // A quoted word keeps its spaces: the whole password is masked, not the part before the space.
    expect(pushes(`DATABASE_URL='postgres://app:pa ss@db.example.com/app' drizzle-kit push`)[0]).not.toMatch(/pa|ss@/);
  });

  it('reads exec-form argv (Dockerfile, compose lists) without a shell', () => {
    expect(callsInArgv(['npx', 'drizzle-kit', 'push'])).toMatchObject([{ kind: 'push' }]);
    expect(callsInArgv(['sh', '-c', 'npm ci && npx drizzle-kit push'])).toMatchObject([
      { kind: 'push', command: 'npx drizzle-kit push' },
    ]);
  });
});

describe('runs of *:unsafe scripts', () => {
  it.each([
    'npm run db:push:unsafe',
    'npm run-script db:push:unsafe',
    'pnpm db:push:unsafe',
    'pnpm run db:push:unsafe',
    'pnpm -F api db:push:unsafe',
    'yarn db:push:unsafe',
    'yarn run db:push:unsafe',
    'bun run db:push:unsafe',
    'concurrently "npm:db:push:unsafe" "vite"',
    'run-s build db:push:unsafe',
  ])('%s', (text) => {
    expect(unsafe(text)).toEqual(['db:push:unsafe']);
  });

  it('make targets and script files named *unsafe', () => {
    expect(unsafe('make db-push-unsafe')).toEqual(['db-push-unsafe']);
    expect(unsafe('./scripts/db-push-unsafe.sh')).toEqual(['./scripts/db-push-unsafe.sh']);
    expect(unsafe('bash scripts/push_unsafe.sh')).toEqual(['scripts/push_unsafe.sh']);
  });
});

describe('no false alarms', () => {
  it.each([
    'git push',
    'git push origin main --force',
    'docker push ghcr.io/acme/api:latest',
    'npm run push',
    'pnpm push',
    'drizzle-kit generate',
    'drizzle-kit migrate',
    'npx drizzle-kit generate --name push',
    'npx drizzle-kit check',
    'echo "never run drizzle-kit push"',
    "echo 'drizzle-kit push is banned'",
    'echo drizzle-kit push',
    'printf "%s\\n" drizzle-kit push',
    'grep -r "drizzle-kit push" .',
    'git commit -m "stop using drizzle-kit push"',
    '# npx drizzle-kit push',
    "echo '$(drizzle-kit push)'",
    'cat <<EOF\nnpx drizzle-kit push\nEOF',
    'npm run db:push',
    'nexiom-lint guard push',
    'npm run unsafe-ish',
    'node scripts/push.js',
  ])('%s', (text) => {
    expect(callsInText(text)).toEqual([]);
  });
});

describe('scripts run by name, followed through package.json', () => {
  const scripts: Record<string, string> = {
    'db:sync': 'dotenv -- drizzle-kit push',
    deploy: 'npm run build && npm run db:sync',
    setup: 'npm run db:push:unsafe',
    build: 'tsc -b',
    loop: 'npm run loop',
  };
  const resolve = (name: string) => scripts[name];

  it('reports the push a script reaches, with the scripts it went through', () => {
    expect(callsInText('npm run deploy', resolve)).toMatchObject([
      {
        kind: 'push',
        command: 'npm run deploy',
        via: { scripts: ['deploy', 'db:sync'], command: 'dotenv -- drizzle-kit push' },
      },
    ]);
    expect(callsInText('yarn db:sync', resolve)).toMatchObject([{ kind: 'push', via: { scripts: ['db:sync'] } }]);
  });

  it('reports an unsafe script reached through another', () => {
    expect(callsInText('pnpm run setup', resolve)).toMatchObject([
      { kind: 'unsafe', target: { name: 'db:push:unsafe' }, command: 'pnpm run setup', via: { scripts: ['setup'] } },
    ]);
  });

  it('stops on scripts that push nothing, unknown names and loops', () => {
    expect(callsInText('npm run build && npm run missing && npm run loop', resolve)).toEqual([]);
  });
});
