/**
 * The plain-config loader (src/project/config-fast.ts): the configs it takes give what jiti gives,
 * and the ones it leaves to jiti are left before any of their code runs.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createJiti } from 'jiti';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPlainConfig } from '../../src/project/config-fast.js';
import { PG_CONFIG } from '../helpers/drizzle.js';
import { cleanupAll, createRepo } from '../helpers/repo.js';

afterAll(cleanupAll);

function configFile(source: string, name = 'drizzle.config.ts', extra: Record<string, string> = {}): string {
  const repo = createRepo({ [name]: source, ...extra }, { init: false });
  return path.join(repo.dir, name);
}

async function viaJiti(file: string): Promise<unknown> {
  const jiti = createJiti(file, { interopDefault: true, moduleCache: false, fsCache: false });
  return jiti.import(file, { default: true });
}

/** A statement that leaves a file behind when the config runs at all. */
const MARK = "require('node:fs').writeFileSync(__dirname + '/ran', '');";
const MARK_ESM = "import { writeFileSync } from 'node:fs';\nwriteFileSync(__dirname + '/ran', '');";

describe('configs the plain loader takes', () => {
  it.each([
    ['the generated config', PG_CONFIG({ extra: 'strict: true,' })],
    [
      'an env variable, a built-in and a comment',
      "// config\nimport { defineConfig as dc, type Config } from 'drizzle-kit';\n" +
        "import path from 'node:path';\n\nexport default dc({\n  dialect: 'postgresql',\n  schema: path.join('src', 'db'),\n" +
        '  dbCredentials: { url: process.env.NO_SUCH_VARIABLE ?? "" },\n});\n',
    ],
    ['a function', "export default () => ({ dialect: 'postgresql', out: __dirname });\n"],
  ])('%s: the value jiti gives', async (_name, source) => {
    const file = configFile(source);
    const fast = loadPlainConfig(file, undefined);
    expect(fast).toBeDefined();
    const expected = await viaJiti(file);
    if (typeof expected === 'function') {
      expect((fast!.value as () => unknown)()).toEqual((expected as () => unknown)());
    } else {
      expect(fast!.value).toEqual(expected);
    }
  });

  it('an error names the config line that threw', () => {
    const file = configFile(
      "import { defineConfig } from 'drizzle-kit';\n\nthrow new Error('no url');\nexport default defineConfig({});\n",
    );
    let error: Error | undefined;
    try {
      loadPlainConfig(file, undefined);
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toBe('no url');
    expect(error?.stack).toContain(`${file}:3:`);
  });
});

describe('configs left to jiti, before they run', () => {
  it.each([
    ['a type annotation', `${MARK_ESM}\nconst url: string = '';\nexport default { url };\n`],
    ['satisfies', `${MARK_ESM}\nexport default { dialect: 'postgresql' } satisfies object;\n`],
    [
      'a type argument',
      `${MARK_ESM}\nimport { defineConfig, Config } from 'drizzle-kit';\nexport default defineConfig<Config>({});\n`,
    ],
    ['a relative import', `${MARK_ESM}\nimport { url } from './env';\nexport default { url };\n`],
    ['another package', `${MARK_ESM}\nimport { z } from 'zod';\nexport default { z: typeof z };\n`],
    ['require', `${MARK}\nexport default { dialect: 'postgresql' };\n`],
    ['top-level await', `${MARK_ESM}\nexport default await Promise.resolve({});\n`],
    ['two exports', `${MARK_ESM}\nexport const a = 1;\nexport default { a };\n`],
    ['no default export', `${MARK_ESM}\n`],
    ['import.meta', `${MARK_ESM}\nexport default { out: import.meta.url };\n`],
  ])('%s', (_name, source) => {
    const file = configFile(source);
    expect(loadPlainConfig(file, undefined)).toBeUndefined();
    expect(existsSync(path.join(path.dirname(file), 'ran'))).toBe(false);
  });

  it('an import a tsconfig path maps', () => {
    const file = configFile(
      `${MARK_ESM}\nimport { defineConfig } from 'drizzle-kit';\nexport default defineConfig({});\n`,
    );
    expect(loadPlainConfig(file, { 'drizzle-kit': path.join(path.dirname(file), 'src/kit.ts') })).toBeUndefined();
    expect(loadPlainConfig(file, { 'node:': path.dirname(file) })).toBeUndefined();
    expect(existsSync(path.join(path.dirname(file), 'ran'))).toBe(false);
  });

  it('a CommonJS config', () => {
    const file = configFile(`${MARK}\nmodule.exports = {};\n`, 'drizzle.config.cjs');
    expect(loadPlainConfig(file, undefined)).toBeUndefined();
  });
});
