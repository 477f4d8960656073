/**
 * package.json `exports` and `imports` maps, read the way Node and TypeScript match them: an exact
 * key first, else the pattern with one `*` whose prefix is longest. The static import graph
 * over-approximates: every target under every condition (`types`, `import`, `require`, `default`
 * ...) may be what the loader picks, so all of them count.
 *
 *   "exports": { ".": "./index.ts", "./constants": { "types": "./src/c.ts", "import": "./dist/c.js" },
 *                "./docs/*": "./src/docs/*.ts" }
 *   "imports": { "#db/*": "./src/db/*.ts", "#config": "./config.ts" }
 */

export type Target = string | null | Target[] | { [condition: string]: Target };

/** Every string target under `target`, with `*` replaced by what the pattern's `*` matched. */
function leaves(target: Target | undefined, star: string | null): string[] {
  if (target === null || target === undefined) return [];
  if (typeof target === 'string') return [star === null ? target : target.split('*').join(star)];
  if (Array.isArray(target)) return target.flatMap((t) => leaves(t, star));
  if (typeof target === 'object') return Object.values(target).flatMap((t) => leaves(t, star));
  return [];
}

/** The targets `key` (`.`, `./x`, `#x`) maps to, or null when no entry matches. */
export function matchMap(map: Record<string, Target>, key: string): string[] | null {
  if (Object.hasOwn(map, key) && !key.includes('*')) return leaves(map[key], null);
  let best: { prefix: string; value: Target; star: string } | null = null;
  for (const [pattern, value] of Object.entries(map)) {
    const at = pattern.indexOf('*');
    if (at < 0) continue;
    const prefix = pattern.slice(0, at);
    const suffix = pattern.slice(at + 1);
    if (key.length < prefix.length + suffix.length || !key.startsWith(prefix) || !key.endsWith(suffix)) continue;
    if (!best || prefix.length > best.prefix.length) {
      best = { prefix, value, star: key.slice(prefix.length, key.length - suffix.length) };
    }
  }
  return best ? leaves(best.value, best.star) : null;
}

/** The subpath map of an `exports` field: a string, a list or a conditions object stands for `"."`. */
export function exportsMap(exports: unknown): Record<string, Target> | null {
  if (typeof exports === 'string' || Array.isArray(exports)) return { '.': exports as Target };
  if (!exports || typeof exports !== 'object') return null;
  const keys = Object.keys(exports);
  if (keys.length && keys.every((k) => k.startsWith('.'))) return exports as Record<string, Target>;
  return { '.': exports as Target };
}

/** `@scope/name/sub/path` → [`@scope/name`, `sub/path`]; `name` → [`name`, ``]. */
export function splitPackageSpecifier(spec: string): [string, string] {
  const parts = spec.split('/');
  const count = spec.startsWith('@') ? 2 : 1;
  return [parts.slice(0, count).join('/'), parts.slice(count).join('/')];
}
