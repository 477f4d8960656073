import { expect, it } from 'vitest';
import { parserLoaded } from '../../src/sql/parse.js';
import { lintSql } from './harness.js';

it('loads the Postgres parser only when a migration is linted', async () => {
  const history = ['DROP TABLE "a";', 'DROP TABLE "b";'];
  expect(await lintSql(history, { added: [] })).toEqual([]);
  expect(parserLoaded()).toBe(false);
  expect((await lintSql(history, { added: ['0001_m1'] })).map((f) => f.ruleId)).toEqual(['sql-drop-table']);
  expect(parserLoaded()).toBe(true);
});
