/**
 * `--format sarif`: SARIF 2.1.0 for GitHub code scanning and other viewers. One rule entry per
 * registered rule (sorted by id, each with its doc page as `helpUri`), one result per finding with
 * its place relative to the repository root (`%SRCROOT%`). A finding without a file is placed on
 * its project's drizzle config, since code scanning needs a location for every result.
 */
import { ruleDocsUrl } from '../rules/docs.js';
import { loadRules } from '../rules/index.js';
import type { Severity } from '../rules/types.js';
import { TOOL } from '../messages.js';
import type { Reporter } from './types.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };
// Every rule's metadata, for the rule table (loaded with this module, which only --format sarif loads).
const registry = await loadRules();

export const SARIF_SCHEMA =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** A repository-relative path as a relative URI reference: each segment percent-encoded (`#`, `?`, spaces). */
function toUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

export const sarif: Reporter = (result, options) => {
  const known = new Map(registry.map((r) => [r.meta.id, r.meta] as const));
  const ids = [...new Set([...known.keys(), ...result.findings.map((f) => f.ruleId)])].sort();
  const rules = ids.map((id) => {
    const meta = known.get(id);
    const severity = meta?.defaultSeverity;
    return {
      id,
      name: id,
      shortDescription: { text: meta?.description ?? id },
      helpUri: ruleDocsUrl(id),
      ...(severity && severity !== 'off' ? { defaultConfiguration: { level: LEVEL[severity] } } : {}),
      ...(meta ? { properties: { category: meta.category } } : {}),
    };
  });
  const index = new Map(ids.map((id, i) => [id, i]));
  const results = result.findings.map((f) => {
    const file = f.file ?? f.project;
    const region =
      f.line !== undefined
        ? { region: { startLine: f.line, ...(f.column !== undefined ? { startColumn: f.column } : {}) } }
        : {};
    return {
      ruleId: f.ruleId,
      ruleIndex: index.get(f.ruleId)!,
      level: LEVEL[f.severity],
      message: { text: f.help ? `${f.message}\n${f.help}` : f.message },
      ...(f.observed || f.notTraced
        ? {
            properties: {
              ...(f.observed ? { observed: f.observed } : {}),
              ...(f.contradicted ? { contradicted: f.contradicted } : {}),
              ...(f.notTraced ? { notTraced: f.notTraced } : {}),
            },
          }
        : {}),
      ...(file
        ? {
            locations: [
              { physicalLocation: { artifactLocation: { uri: toUri(file), uriBaseId: '%SRCROOT%' }, ...region } },
            ],
          }
        : {}),
    };
  });
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL,
            ...(options.version ? { version: options.version, semanticVersion: options.version } : {}),
            informationUri: 'https://github.com/nexiom/nexiom-lint',
            rules,
          },
        },
        results,
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};
