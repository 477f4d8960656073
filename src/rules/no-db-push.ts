/**
 * The guide's Layer 1 ("rename db:push to db:push:unsafe") made a checked rule. `drizzle-kit push`
 * applies the schema straight to a database: no migration file, no history row, no review, and it
 * exits 0 even after errors. Once it has run against a shared database, the migration history no
 * longer describes that database and the next `db:migrate` fails or, worse, half-applies.
 *
 * This module stays tiny: `appliesTo` is a path test for the pre-commit fast path; the parsers
 * (YAML, shell, package.json, the JS tokenizer) load inside `check`.
 */
import { ConfigError } from '../errors.js';
import { surfaceOf } from '../push/surfaces.js';
import { defineRule } from './types.js';

export default defineRule({
  meta: {
    id: 'no-db-push',
    description:
      '`drizzle-kit push` reachable outside a script named *:unsafe (scripts, CI, Docker, make, shell, code).',
    defaultSeverity: 'error',
    category: 'push',
    scope: 'repo',
    options: (z) =>
      z.object({
        allow: z
          .union([z.string(), z.array(z.string())], {
            error: 'must be a glob or a list of globs, e.g. ["test/setup/*.ts"]',
          })
          .optional()
          .describe('A glob or a list of globs of files the rule does not read, e.g. ["test/setup/*.ts"].'),
      }),
  },
  appliesTo: (file) => surfaceOf(file.path) !== null,
  async check(ctx) {
    const { loadChecker, describe, safePathOf, ScriptIndex } = await import('../push/index.js');
    // Checked against meta.options before any rule runs.
    const option = (ctx.options.allow ?? []) as string | string[];
    const allow = typeof option === 'string' ? [option] : option;
    const { default: picomatch } = await import('picomatch');
    const allowed = allow.length ? picomatch(allow, { dot: true }) : () => false;
    const files = ctx.changeSet
      ? ctx.changeSet.files.filter((f) => f.status !== 'D').map((f) => f.path)
      : await ctx.target.list('');
    // The first project's scripts name the safe way in the messages.
    const safe = safePathOf(ctx.projects[0] ?? null);
    const scripts = new ScriptIndex(ctx.target);
    for (const file of files.sort()) {
      const surface = surfaceOf(file);
      if (!surface || allowed(file)) continue;
      const text = await ctx.target.read(file);
      if (text === undefined) continue;
      const check = await loadChecker(surface);
      try {
        // package.json scripts are each judged on their own: following `npm run x` there would report x twice.
        const resolve =
          surface === 'package-scripts' || surface === 'code' ? undefined : await scripts.resolverFor(file);
        for (const finding of check(file, text, resolve)) {
          ctx.report({ ...describe(finding, safe), file, line: finding.line });
        }
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        const hint = ' If the file is broken on purpose (a test fixture), list it in the "allow" option of no-db-push.';
        throw new ConfigError(error.message + hint, { cause: error });
      }
    }
  },
});
