/**
 * File names nexiom-lint recognises, in a module with no imports: the commit path tests staged
 * paths against them before loading anything else.
 */

/** The extensions a drizzle config is loaded from. */
export const CONFIG_EXTENSIONS = ['ts', 'mts', 'cts', 'js', 'mjs', 'cjs', 'json'] as const;

/** Every name a drizzle config may have: `drizzle.config.ts` ... `drizzle.config.json`. */
export const CONFIG_NAMES: readonly string[] = CONFIG_EXTENSIONS.map((ext) => `drizzle.config.${ext}`);

export const CONFIG_NAME = new RegExp(`(^|/)drizzle\\.config\\.(${CONFIG_EXTENSIONS.join('|')})$`);

/**
 * The configs drizzle-kit itself looks for, in this order, when it is given no `--config`
 * (drizzle-kit 0.31 `drizzleConfigFromFile`): any other name, or another folder, needs `--config`.
 */
export const DEFAULT_CONFIG_NAMES: readonly string[] = [
  'drizzle.config.ts',
  'drizzle.config.js',
  'drizzle.config.json',
];

export function isDrizzleConfigName(file: string): boolean {
  return CONFIG_NAME.test(file);
}

/** nexiom-lint's own settings file, at the repository root. */
export const SETTINGS_FILE = 'nexiom-lint.config.json';

/** TypeScript and JavaScript sources: what an import graph or a `drizzle-kit/api` import can be in. */
const SOURCE_FILE = /\.(?:[cm]?[jt]sx?)$/;

export function isSourceFile(file: string): boolean {
  return SOURCE_FILE.test(file);
}
