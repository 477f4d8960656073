/**
 * `--format github`: GitHub Actions workflow commands, one annotation per finding:
 *
 *   ::error file=src/schema/users.ts,line=3,title=schema-without-migration::Schema changed …
 *
 * GitHub parses these lines itself, so data and properties are escaped as its runner does
 * (`%` → %25, CR → %0D, LF → %0A; in properties also `:` → %3A and `,` → %2C). A line without the
 * `::` prefix is ordinary log output: the summary at the end.
 */
import { ruleDocsUrl } from '../rules/docs.js';
import type { Finding, Severity } from '../rules/types.js';
import { TOOL } from '../messages.js';
import type { Reporter } from './types.js';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function annotation(f: Finding): string {
  const props: string[] = [];
  if (f.file) props.push(`file=${escapeProperty(f.file)}`);
  if (f.file && f.line !== undefined) props.push(`line=${f.line}`);
  if (f.file && f.line !== undefined && f.column !== undefined) props.push(`col=${f.column}`);
  props.push(`title=${escapeProperty(`${TOOL} ${f.ruleId}`)}`);
  const body = [f.message, f.help, ruleDocsUrl(f.ruleId)].filter(Boolean).join('\n');
  return `::${COMMAND[f.severity]} ${props.join(',')}::${escapeData(body)}`;
}

export const github: Reporter = (result) => {
  const lines = result.findings.map(annotation);
  const { errors, warnings, infos } = result.summary;
  const where = result.comparison ? ` (${result.comparison})` : '';
  lines.push(
    errors + warnings + infos === 0
      ? `${TOOL}: no problems${where}`
      : `${TOOL}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}${infos ? `, ${infos} info` : ''}${where}`,
  );
  return `${lines.join('\n')}\n`;
};
