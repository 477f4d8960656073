/**
 * `--format json`: one object, the contract other tools rely on:
 * `{ "version": 1, "findings": [{ ruleId, severity, message, file, line?, help?, preExisting? }], "summary": {...} }`.
 * With `--trace` a finding at a traced statement also has `observed: [{ table, lock, rewrite, scan,
 * indexBuild }]` and maybe `contradicted` (text), or `notTraced` (why the statement was not run).
 * Each `summary.projects` entry carries its drift verdict, `drift: { status, introduced?, statements? }`.
 */
import type { Reporter } from './types.js';

export const json: Reporter = (result) => {
  const findings = result.findings.map((f) => ({
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    file: f.file ?? null,
    ...(f.line !== undefined ? { line: f.line } : {}),
    ...(f.column !== undefined ? { column: f.column } : {}),
    ...(f.help !== undefined ? { help: f.help } : {}),
    ...(f.project !== undefined ? { project: f.project } : {}),
    ...(f.details !== undefined ? { details: f.details } : {}),
    ...(f.preExisting ? { preExisting: true } : {}),
    // --trace: what Postgres did at the statement (one entry per table that existed before).
    ...(f.observed !== undefined ? { observed: f.observed } : {}),
    ...(f.contradicted !== undefined ? { contradicted: f.contradicted } : {}),
    ...(f.notTraced !== undefined ? { notTraced: f.notTraced } : {}),
  }));
  return `${JSON.stringify(
    {
      version: 1,
      findings,
      summary: {
        ...result.summary,
        mode: result.mode,
        comparison: result.comparison,
        projects: result.projects,
        notes: result.notes,
        ...(result.baseline ? { baseline: result.baseline } : {}),
      },
    },
    null,
    2,
  )}\n`;
};
