import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sarif } from '../../src/report/sarif.js';
import { RULE_IDS } from '../../src/rules/index.js';
import { ruleDocsUrl } from '../../src/rules/docs.js';
import { cleanupAll, PROJECT_ROOT } from '../helpers/repo.js';
import { buildPrFixture, type PrFixture } from './pr-fixture.js';
import { FINDINGS, resultWith } from './results.js';

afterAll(cleanupAll);

// ajv-draft-04 and ajv-formats are CommonJS; the official schema is JSON Schema draft-04.
const require = createRequire(import.meta.url);
const Ajv = require('ajv-draft-04') as typeof import('ajv-draft-04').default;
const addFormats = require('ajv-formats') as typeof import('ajv-formats').default;
const schema = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'test/fixtures/sarif/sarif-schema-2.1.0.json'), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

function expectValid(text: string) {
  const log = JSON.parse(text);
  const ok = validate(log);
  expect(ok ? [] : validate.errors).toEqual([]);
  return log;
}

describe('--format sarif', () => {
  it('uses a validator that rejects what the schema forbids', () => {
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
    expect(
      validate({
        version: '2.1.0',
        runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: {}, level: 'fatal' }] }],
      }),
    ).toBe(false);
  });

  it('validates against the official SARIF 2.1.0 schema, with or without findings', () => {
    expectValid(sarif(resultWith([]), { color: false, version: '1.2.3' }));
    const withoutFile = {
      ruleId: 'no-db-push',
      severity: 'info' as const,
      message: 'no file',
      project: 'drizzle.config.ts',
    };
    const nowhere = { ruleId: 'custom', severity: 'error' as const, message: 'no place at all' };
    const oddName = { ruleId: 'custom', severity: 'warning' as const, message: 'odd', file: 'drizzle/odd #1?.sql' };
    const log = expectValid(sarif(resultWith([...FINDINGS, withoutFile, nowhere, oddName]), { color: false }));
    const uris = log.runs[0].results.map(
      (r: { locations?: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) =>
        r.locations?.[0]?.physicalLocation.artifactLocation.uri,
    );
    expect(uris).toEqual([
      'src/schema/users.ts',
      'drizzle/0001_comments.sql',
      'drizzle.config.ts',
      undefined,
      'drizzle/odd%20%231%3F.sql',
    ]);
  });

  it('has one rule per registered rule, sorted, each with its doc page, and results that point at them', () => {
    const log = expectValid(sarif(resultWith(FINDINGS), { color: false, version: '1.2.3' }));
    const driver = log.runs[0].tool.driver;
    const ids = driver.rules.map((r: { id: string }) => r.id);
    expect(ids).toEqual([...new Set([...RULE_IDS, 'ban-drop-column'])].sort());
    for (const rule of driver.rules) expect(rule.helpUri).toBe(ruleDocsUrl(rule.id));
    for (const result of log.runs[0].results) expect(driver.rules[result.ruleIndex].id).toBe(result.ruleId);
    expect(log.runs[0].results[1]).toMatchObject({
      level: 'warning',
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'drizzle/0001_comments.sql', uriBaseId: '%SRCROOT%' },
            region: { startLine: 7 },
          },
        },
      ],
    });
  });

  describe('from the CLI on a real PR', () => {
    let fixture: PrFixture;
    beforeAll(() => {
      fixture = buildPrFixture({ billing: true });
    });

    it('prints valid SARIF and writes the same to --output', () => {
      const r = fixture.repo.run(['--base', 'main', '--format', 'sarif', '--output', 'reports/nexiom.sarif']);
      expect(r.code).toBe(1);
      const log = expectValid(r.stdout);
      type Result = {
        ruleId: string;
        level: string;
        locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }>;
      };
      const where = (x: Result) => {
        const at = x.locations[0]!.physicalLocation;
        return `${x.level} ${x.ruleId} ${at.artifactLocation.uri}${at.region ? `:${at.region.startLine}` : ''}`;
      };
      expect(log.runs[0].results.map(where)).toEqual([
        'error sql-drop-table drizzle/0001_tidy_users.sql:3',
        'error sql-column-type-change drizzle/0001_tidy_users.sql:4',
        'error sql-set-not-null drizzle/0001_tidy_users.sql:5',
        'error sql-drop-column drizzle/0001_tidy_users.sql:6',
        'warning sql-prefer-identity drizzle/0002_comments.sql:2',
        'error schema-without-migration packages/billing/src/schema.ts',
      ]);
      expect(readFileSync(path.join(fixture.repo.dir, 'reports/nexiom.sarif'), 'utf8')).toBe(r.stdout);
    });
  });
});
