/**
 * File names nexiom-lint recognises, in a module with no imports: the commit path tests staged
 * paths against them before loading anything else.
 */
export const CONFIG_NAME = /(^|\/)drizzle\.config\.(ts|mts|cts|js|mjs|cjs|json)$/;

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
