/** The reporter registry; each format is loaded only when asked for. */
import { UsageError } from '../errors.js';
import type { Reporter } from './types.js';

const loaders: Record<string, () => Promise<Reporter>> = {
  pretty: async () => (await import('./pretty.js')).pretty,
  json: async () => (await import('./json.js')).json,
  markdown: async () => (await import('./markdown.js')).markdown,
  github: async () => (await import('./github.js')).github,
  sarif: async () => (await import('./sarif.js')).sarif,
  gitlab: async () => (await import('./gitlab.js')).gitlab,
};

export const FORMATS = Object.keys(loaders);

export function registerFormat(name: string, load: () => Promise<Reporter>): void {
  loaders[name] = load;
}

export async function loadReporter(format: string): Promise<Reporter> {
  const load = loaders[format];
  if (!load) throw new UsageError(`Unknown --format "${format}". Use one of: ${Object.keys(loaders).join(', ')}.`);
  return load();
}
