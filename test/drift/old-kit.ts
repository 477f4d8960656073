/**
 * Older drizzle-kit releases for tests: each installed from the npm registry, with the drizzle-orm
 * of its time, into a folder of its own outside the project (kept between runs, so reruns start
 * at once), and fixture repositories whose migrations that very release generated.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRepo, type FileMap, type TempRepo } from '../helpers/repo.js';

export interface OldKit {
  kit: string;
  orm: string;
  /** 0.20 has `generate:pg` and a `driver` in its config; 0.21 on, `generate` and a `dialect`. */
  command: string[];
  config: string;
}

const CONFIG_DIALECT = `import { defineConfig } from 'drizzle-kit';

export default defineConfig({ dialect: 'postgresql', schema: './src/schema', out: './drizzle' });
`;

export const KITS: OldKit[] = [
  {
    // No API at all: the drift check runs its generate on a copy.
    kit: '0.19.13',
    orm: '0.28.6',
    command: ['generate:pg'],
    config: `import type { Config } from 'drizzle-kit';

export default { schema: './src/schema', out: './drizzle', driver: 'pg' } satisfies Config;
`,
  },
  {
    kit: '0.20.18',
    orm: '0.30.10',
    command: ['generate:pg'],
    config: `import type { Config } from 'drizzle-kit';

export default { schema: './src/schema', out: './drizzle', driver: 'pg' } satisfies Config;
`,
  },
  { kit: '0.22.8', orm: '0.31.4', command: ['generate'], config: CONFIG_DIALECT },
  { kit: '0.24.2', orm: '0.33.0', command: ['generate'], config: CONFIG_DIALECT },
];

export const modulesOf = (k: OldKit) => path.join(os.tmpdir(), `nexiom-lint-drizzle-kit-${k.kit}`, 'node_modules');

/** Installs the release once; returns why it could not (no registry), or null. */
export function installKit(k: OldKit): string | null {
  const modules = modulesOf(k);
  if (
    existsSync(path.join(modules, 'drizzle-kit/package.json')) &&
    existsSync(path.join(modules, 'drizzle-orm/package.json'))
  ) {
    return null;
  }
  const home = path.dirname(modules);
  mkdirSync(home, { recursive: true });
  writeFileSync(path.join(home, 'package.json'), JSON.stringify({ name: `kit-${k.kit}`, private: true }));
  const r = spawnSync(
    'npm',
    ['install', '--no-audit', '--no-fund', '--ignore-scripts', '-E', `drizzle-kit@${k.kit}`, `drizzle-orm@${k.orm}`],
    {
      cwd: home,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return r.status === 0 ? null : `npm install drizzle-kit@${k.kit} failed: ${r.stderr.slice(-500)}`;
}

/** A project whose node_modules holds that release (each package linked). */
export function kitRepo(k: OldKit, files: FileMap): TempRepo {
  const repo = createRepo(
    {
      'package.json': JSON.stringify(
        { name: 'app', private: true, type: 'module', scripts: { 'db:generate': 'drizzle-kit generate' } },
        null,
        2,
      ),
      'drizzle.config.ts': k.config,
      ...files,
    },
    { linkModules: false },
  );
  useKit(repo, k);
  return repo;
}

/** Links the release's packages into the project's node_modules (an upgrade, when there were others). */
export function useKit(repo: TempRepo, k: OldKit): void {
  const own = path.join(repo.dir, 'node_modules');
  rmSync(own, { recursive: true, force: true });
  mkdirSync(own);
  for (const name of readdirSync(modulesOf(k))) {
    if (name !== '.cache') symlinkSync(path.join(modulesOf(k), name), path.join(own, name));
  }
}

/** Runs that release's generate with stdin closed, as CI would; returns what it printed. */
export function kitGenerate(k: OldKit, repo: TempRepo): string {
  const manifest = JSON.parse(readFileSync(path.join(repo.dir, 'node_modules/drizzle-kit/package.json'), 'utf8')) as {
    bin: Record<string, string>;
  };
  const bin = path.join(repo.dir, 'node_modules/drizzle-kit', manifest.bin['drizzle-kit']!);
  const r = spawnSync(process.execPath, [bin, ...k.command], {
    cwd: repo.dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  });
  return r.stdout + r.stderr;
}
