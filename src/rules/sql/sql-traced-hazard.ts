/**
 * `--trace` only: a statement that, replayed on PGlite after the base's migrations, rewrote,
 * scanned or built an index on a table that existed before the change while the transaction held
 * a write-blocking lock on it, and that no static rule flagged (the engine drops this rule's
 * finding where one did: trace/apply.ts). What it catches: DDL built with `EXECUTE`, forms the
 * rules do not know (SET LOGGED, ALTER TYPE through a domain ...).
 */
import { defineRule, type RuleContext } from '../types.js';

export default defineRule({
  meta: {
    id: 'sql-traced-hazard',
    description:
      'Postgres, running the new migrations on a replay of the base (--trace), rewrote, scanned or indexed an existing table under a write-blocking lock that no other rule flagged.',
    defaultSeverity: 'warning',
    category: 'sql',
    scope: 'project',
    requires: 'trace',
  },
  check,
});

async function check(ctx: RuleContext): Promise<void> {
  const [{ projectTrace }, { isHazard }, { describeObservation }] = await Promise.all([
    import('../../trace/project.js'),
    import('../../trace/observe.js'),
    import('../../trace/describe.js'),
  ]);
  const trace = await projectTrace(ctx);
  for (const at of trace.statements) {
    const hazards = at.observed.filter(isHazard);
    if (!hazards.length) continue;
    ctx.report({
      message:
        `Replayed on the base's tables, Postgres ${hazards.map(describeObservation).join('; ')}: ` +
        'the app cannot write to these tables until the deploy commits, and the time grows with their size.',
      file: at.file,
      line: at.line,
      observed: at.observed,
      help:
        'Make the change in steps that hold no write-blocking lock while the table is read or copied (NOT VALID then ' +
        'VALIDATE CONSTRAINT, CREATE INDEX CONCURRENTLY in its own migration, a new column filled in batches in a later ' +
        'deploy), or say why the table is small: -- nexiom-lint-ignore sql-traced-hazard: <reason>.',
    });
  }
}
