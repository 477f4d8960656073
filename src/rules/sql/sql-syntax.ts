/**
 * A statement Postgres's own parser rejects fails the deploy, and takes every other pending
 * migration down with it (drizzle runs them in one transaction).
 */
import { defineRule, type RuleContext } from '../types.js';

export default defineRule({
  meta: {
    id: 'sql-syntax',
    description: 'A migration statement that the Postgres parser rejects.',
    defaultSeverity: 'error',
    category: 'sql',
    scope: 'project',
  },
  check,
});

async function check(ctx: RuleContext): Promise<void> {
  const { sqlAnalysis } = await import('../../sql/analysis.js');
  const analysis = await sqlAnalysis(ctx);
  for (const m of analysis.migrations) {
    for (const error of m.sql.errors) {
      ctx.report({
        file: m.file,
        line: error.line,
        message: `Postgres cannot parse this statement: ${error.message}.`,
        help:
          'Fix the SQL. drizzle-kit writes valid SQL, so this comes from a hand edit; if the file was written ' +
          'with `breakpoints: false`, check the semicolons between statements.',
        ...(error.statementLine !== error.line
          ? { details: `The statement starts on line ${error.statementLine}.` }
          : {}),
      });
    }
  }
}
