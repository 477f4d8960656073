/** Words for what `--trace` saw, shared by the reporters (cheap to import: types only). */
import type { Observation } from './types.js';

/** `users: ACCESS EXCLUSIVE, rewritten, scanned, index built`. */
export function describeObservation(o: Observation): string {
  const what = [
    o.lock ?? 'no lock',
    ...(o.rewrite ? ['rewritten'] : []),
    ...(o.scan ? ['scanned'] : []),
    ...(o.indexBuild ? ['index built'] : []),
  ];
  return `${o.table.replace(/^public\./, '')}: ${what.join(', ')}`;
}

/** The short "what Postgres did" line of a finding, for the reporters; null when it has none. */
export function whatPostgresDid(f: { observed?: Observation[]; notTraced?: string }): string | null {
  if (f.notTraced) return `not traced: ${f.notTraced}`;
  if (!f.observed) return null;
  if (!f.observed.length) return 'nothing observable on the tables that existed before';
  return f.observed.map(describeObservation).join('; ');
}
