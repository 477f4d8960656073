/**
 * Makefiles: every recipe line, with simple variables expanded.
 *
 * Format handled (GNU make):
 *   DRIZZLE := npx drizzle-kit          variables (=, :=, ::=, ?=, +=; `export`/`override` prefixes)
 *   db-push: deps ; $(DRIZZLE) push     a rule, with an optional recipe after `;`
 *   <TAB>@$(DRIZZLE) push \             recipe lines start with a tab (or .RECIPEPREFIX);
 *   <TAB>  --force                      `@ - +` prefixes are make's, `\` continues the line
 *   define NAME ... endef               multi-line variables: skipped (not recipes)
 *
 * A target named `*unsafe` (`db-push-unsafe`) is the Makefile spelling of `db:push:unsafe` and
 * may push.
 */
import { callsInText, isUnsafeName, type ScriptResolver } from './command.js';
import type { PushFinding } from './types.js';

const ASSIGN = /^(?:(?:export|override)\s+)*([.A-Za-z_][\w.-]*)\s*(:::?=|::=|:=|\?=|\+=|!=|=)\s*(.*)$/;
const RULE = /^([^:=#\t][^:=#]*?)\s*::?(?!=)\s*(.*)$/;

function expand(text: string, vars: Map<string, string>, depth = 0): string {
  if (depth > 5) return text;
  return text
    .replace(/\$\$/g, '\u0000')
    .replace(/\$[({]([A-Za-z_][\w.-]*)[)}]/g, (whole, name: string) =>
      name === 'MAKE' ? 'make' : vars.has(name) ? expand(vars.get(name)!, vars, depth + 1) : whole,
    )
    .replaceAll('\u0000', '$');
}

export function checkMakefile(file: string, text: string, resolve?: ScriptResolver): PushFinding[] {
  const lines = text.split(/\r?\n/);
  const vars = new Map<string, string>();
  const findings: PushFinding[] = [];
  let prefix = '\t';
  let targets: string[] = [];
  let inDefine = false;
  const recipe = (command: string, line: number) => {
    if (targets.some(isUnsafeName)) return;
    const where = `Target "${targets.join(' ')}"`;
    for (const call of callsInText(expand(command.replace(/^[@+-]+/, ''), vars), resolve)) {
      findings.push({ surface: 'makefile', file, line: line + call.line, where, name: targets[0]!, call });
    }
  };
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let line = lines[i]!;
    // Make hands `\`+newline to the shell as is (the shell joins the lines), minus the next line's tab.
    while (line.endsWith('\\') && i + 1 < lines.length) line = `${line}\n${lines[++i]!.replace(/^\t/, '')}`;
    if (inDefine) {
      if (/^\s*endef\b/.test(line)) inDefine = false;
      continue;
    }
    if (/^\s*define\s/.test(line)) {
      inDefine = true;
      continue;
    }
    if (line.startsWith(prefix)) {
      if (targets.length) recipe(line.slice(prefix.length), start + 1);
      continue;
    }
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    const assign = ASSIGN.exec(line);
    if (assign) {
      const [, name, op, value] = assign as unknown as [string, string, string, string];
      if (name === '.RECIPEPREFIX') prefix = value.trim()[0] ?? '\t';
      else if (op === '+=') vars.set(name, `${vars.get(name) ?? ''} ${value}`.trim());
      else if (op !== '?=' || !vars.has(name)) vars.set(name, value);
      continue;
    }
    const rule = RULE.exec(line);
    if (rule) {
      targets = rule[1]!.split(/\s+/).filter(Boolean);
      const inline = rule[2]!.indexOf(';');
      if (inline !== -1) recipe(rule[2]!.slice(inline + 1), start + 1);
      continue;
    }
    // ifeq/else/endif/include and the like keep the current rule's recipe going.
    if (!/^\s*(ifn?eq|ifn?def|else|endif|-?include|sinclude|vpath|unexport)\b/.test(line)) targets = [];
  }
  return findings;
}
