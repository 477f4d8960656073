/** `--format pretty`: for people at a terminal, grouped by project and file, like ESLint. */
import type { Finding } from '../rules/types.js';
import type { Reporter } from './types.js';
import { plainStyle } from './style.js';
import { whatPostgresDid } from '../trace/describe.js';

export const pretty: Reporter = (result, options) => {
  const c = options.color && options.style ? options.style : plainStyle;
  const lines: string[] = [];
  const severityLabel = (f: Finding) =>
    f.severity === 'error' ? c.red('error') : f.severity === 'warning' ? c.yellow('warning') : c.blue('info');
  const multiProject = new Set(result.findings.map((f) => f.project ?? '')).size > 1 || result.projects.length > 1;

  const groups = new Map<string, Finding[]>();
  for (const f of result.findings) {
    const key = `${multiProject && f.project ? `${f.project} › ` : ''}${f.file ?? '(project)'}`;
    const list = groups.get(key) ?? [];
    list.push(f);
    groups.set(key, list);
  }
  for (const [key, findings] of groups) {
    lines.push(c.underline(key));
    for (const f of findings) {
      const where = f.line !== undefined ? `${f.line}${f.column !== undefined ? `:${f.column}` : ''}` : '';
      lines.push(`  ${c.dim(where.padEnd(6))}${severityLabel(f)}  ${f.message}  ${c.dim(f.ruleId)}`);
      if (f.help) lines.push(`  ${' '.repeat(6)}${c.dim('→')} ${f.help}`);
      const did = whatPostgresDid(f);
      if (did) lines.push(`  ${' '.repeat(6)}${c.dim(`Postgres (--trace): ${did}`)}`);
      if (f.details) {
        for (const detail of f.details.split('\n')) lines.push(`  ${' '.repeat(8)}${c.dim(detail)}`);
      }
    }
    lines.push('');
  }
  for (const note of result.notes) lines.push(c.dim(note));
  const { errors, warnings, infos } = result.summary;
  const total = errors + warnings + infos;
  const where = result.comparison ? ` (${result.comparison})` : result.mode === 'all' ? ' (whole project)' : '';
  if (total === 0) {
    lines.push(`${c.green('✔')} nexiom-lint: no problems${where}`);
  } else {
    const parts = [`${errors} error${errors === 1 ? '' : 's'}`, `${warnings} warning${warnings === 1 ? '' : 's'}`];
    if (infos) parts.push(`${infos} info`);
    const mark = errors ? c.red('✖') : c.yellow('⚠');
    lines.push(`${mark} nexiom-lint: ${parts.join(', ')}${where}`);
  }
  return `${lines.join('\n')}\n`;
};
