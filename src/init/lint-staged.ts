/**
 * Used only where lint-staged already runs on every commit (see husky.ts): where the hook runs
 * nexiom-lint itself, no entry is written.
 *
 * The lint-staged entry that runs `nexiom-lint --staged` when a source file (any may be in the
 * schema's import graph: see hook-pattern.ts), a migration, the drizzle config or the package's
 * package.json is staged. Running init again upgrades the pattern an earlier version wrote.
 *
 * It goes into the config lint-staged would use for those files: the nearest one at or above the
 * drizzle package (package.json `"lint-staged"`, `.lintstagedrc`, `.lintstagedrc.{json,yaml,yml}`,
 * `.lintstagedrc.*` / `lint-staged.config.*` code), else a new `lint-staged.config.mjs` at the
 * install root.
 *
 * nexiom-lint reads the staged files from git itself, so lint-staged must not append the file
 * list: code configs get the function form `() => 'nexiom-lint --staged'` (run once, no
 * arguments); data configs cannot hold a function and get `nexiom-lint --staged --`, whose
 * appended paths after `--` the lint command ignores in --staged mode.
 *
 * Patterns are relative to the folder lint-staged matches them from: the config's folder when the
 * repository has several lint-staged configs, else the folder lint-staged runs in (the hook's).
 */
import path from 'node:path';
import { errorMessage } from '../errors.js';
import { git } from '../git/exec.js';
import { splitZ } from '../git/parse.js';
import { join, type InitContext } from './context.js';
import { HOOK_MARKER, legacyPatternFor, patternFor, renameKey } from './hook-pattern.js';
import { parseObject, setTopLevelKey } from './json-edit.js';
import * as messages from './messages.js';
import type { Plan } from './plan.js';
import { editYaml } from './yaml-edit.js';
import { nexiomConfigFlag, readPackageJson } from './scripts.js';

/** lint-staged 16's config file names, in the order it reads them (lib/configFiles.js). */
const CONFIG_FILES = [
  'package.json',
  'package.yaml',
  'package.yml',
  '.lintstagedrc',
  '.lintstagedrc.json',
  '.lintstagedrc.yaml',
  '.lintstagedrc.yml',
  '.lintstagedrc.mjs',
  '.lintstagedrc.mts',
  '.lintstagedrc.js',
  '.lintstagedrc.ts',
  '.lintstagedrc.cjs',
  '.lintstagedrc.cts',
  'lint-staged.config.mjs',
  'lint-staged.config.mts',
  'lint-staged.config.js',
  'lint-staged.config.ts',
  'lint-staged.config.cjs',
  'lint-staged.config.cts',
];

const NEW_CONFIG = 'lint-staged.config.mjs';

type Kind = 'package-json' | 'json' | 'yaml' | 'code' | 'other';

function kindOf(name: string, text: string): Kind {
  if (name === 'package.json') return 'package-json';
  if (name.endsWith('.json')) return 'json';
  if (name.endsWith('.yaml') || name.endsWith('.yml')) return name.startsWith('package.') ? 'other' : 'yaml';
  if (name === '.lintstagedrc') return parseObject(text) ? 'json' : 'yaml';
  return 'code';
}

/** The lint-staged config in a folder, if any (a package.json counts only with the key). */
function configIn(plan: Plan, dir: string): string | null {
  for (const name of CONFIG_FILES) {
    const file = join(dir, name);
    const text = plan.read(file);
    if (text === null) continue;
    if (name === 'package.json' && parseObject(text)?.['lint-staged'] === undefined) continue;
    return file;
  }
  return null;
}

async function countConfigs(plan: Plan): Promise<number> {
  const out = await git(
    [
      'ls-files',
      '-z',
      '--cached',
      '--others',
      '--exclude-standard',
      '--full-name',
      '--',
      ...CONFIG_FILES.map((f) => `:(glob)**/${f}`),
    ],
    plan.repoRoot,
  );
  return splitZ(out).filter((file) => {
    if (path.posix.basename(file) !== 'package.json') return true;
    return parseObject(plan.read(file) ?? '')?.['lint-staged'] !== undefined;
  }).length;
}

function mentionsNexiom(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('nexiom-lint');
  if (Array.isArray(value)) return value.some(mentionsNexiom);
  return false;
}

/** Inserts the entry as the first property of the exported object literal, when there is exactly one. */
function insertIntoCode(text: string, entryLines: string[]): string | null {
  const exported = [...text.matchAll(/(export\s+default|module\.exports\s*=)\s*\{/g)];
  let match: RegExpMatchArray | undefined = exported.length === 1 ? exported[0] : undefined;
  if (!exported.length) {
    // `const config = { ... }; export default config`
    const name = /(?:export\s+default|module\.exports\s*=)\s*([A-Za-z_$][\w$]*)\s*;?\s*$/m.exec(text)?.[1];
    const decls = name
      ? [...text.matchAll(new RegExp(`(?:const|let|var)\\s+${name}\\s*(?::\\s*[\\w.<>]+\\s*)?=\\s*\\{`, 'g'))]
      : [];
    if (decls.length === 1) match = decls[0];
  }
  if (!match || match.index === undefined) return null;
  const at = match.index + match[0].length;
  const indent = /\n([ \t]+)\S/.exec(text.slice(at))?.[1] ?? '  ';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const body = entryLines.map((l) => `${indent}${l}`).join(eol);
  const closesAtOnce = /^\s*\}/.test(text.slice(at));
  return `${text.slice(0, at)}${eol}${body}${closesAtOnce ? eol : ''}${text.slice(at)}`;
}

/** The lint-staged config that applies to the drizzle package: the nearest at or above it, up to the install root. */
export function findLintStagedConfig(ctx: InitContext, plan: Plan): string | null {
  for (let dir = ctx.packageDir; ; dir = dir.includes('/') ? path.posix.dirname(dir) : '') {
    const file = configIn(plan, dir);
    if (file || dir === ctx.installRoot || dir === '') return file;
  }
}

export async function planLintStaged(ctx: InitContext, plan: Plan): Promise<void> {
  // The hook runs nexiom-lint itself (husky.ts): no entry.
  if (plan.read(join(ctx.installRoot, '.husky/pre-commit'))?.split('\n').includes(HOOK_MARKER)) return;
  const file = findLintStagedConfig(ctx, plan);
  const configDir = file ? path.posix.dirname(file).replace(/^\.$/, '') : ctx.installRoot;
  const base = configDir !== ctx.installRoot && (await countConfigs(plan)) <= 1 ? ctx.installRoot : configDir;
  const pattern = patternFor(ctx, plan, base);
  const command = `nexiom-lint --staged${nexiomConfigFlag(ctx, base)}`;
  const comment =
    '// nexiom-lint reads the staged files from git: the function form keeps lint-staged from appending them.';
  const key = pattern.includes("'") ? JSON.stringify(pattern) : `'${pattern}'`;
  const codeEntry = [comment, `${key}: () => '${command}',`];

  if (!file) {
    const created = `// lint-staged runs on \`git commit\` through husky (.husky/pre-commit).\nexport default {\n${codeEntry.map((l) => `  ${l}`).join('\n')}\n};\n`;
    plan.write(
      join(ctx.installRoot, NEW_CONFIG),
      created,
      'runs nexiom-lint --staged on source, migration and config changes',
    );
    return;
  }
  const text = plan.read(file)!;
  const kind = kindOf(path.posix.basename(file), text);
  const configFile = file;
  // Already set up: an entry an earlier init wrote gets the current pattern; one the user wrote is theirs.
  const upgrade = () => {
    if (text.includes(pattern)) return;
    const renamed = renameKey(text, legacyPatternFor(ctx, plan, base), pattern);
    if (renamed !== null) {
      plan.write(configFile, renamed, 'nexiom-lint --staged also runs for the files the schema may import');
    } else plan.notices.push(messages.lintStagedPatternCustom(configFile, pattern));
  };
  const dataCommand = `${command} --`;
  if (kind === 'package-json') {
    const { pkg } = readPackageJson(plan, file);
    const section = pkg['lint-staged'] as Record<string, unknown>;
    if (Object.values(section).some(mentionsNexiom)) return upgrade();
    plan.write(
      file,
      setTopLevelKey(text, 'lint-staged', { ...section, [pattern]: dataCommand }),
      'lint-staged: nexiom-lint --staged',
    );
  } else if (kind === 'json') {
    const config = parseObject(text)!;
    if (Object.values(config).some(mentionsNexiom)) return upgrade();
    plan.write(file, setTopLevelKey(text, pattern, dataCommand), 'runs nexiom-lint --staged');
  } else if (kind === 'yaml') {
    if (text.includes('nexiom-lint')) return upgrade();
    const snippet = `${JSON.stringify(pattern)}: ${JSON.stringify(dataCommand)}`;
    let edited: string | null;
    try {
      edited = await editYaml(text, ({ doc, YAML }) => {
        if (doc.contents !== null && !YAML.isMap(doc.contents)) return false;
        doc.set(pattern, dataCommand);
        return true;
      });
    } catch (error) {
      plan.nextSteps.push(messages.lintStagedSnippet(file, snippet, `not readable as YAML: ${errorMessage(error)}`));
      return;
    }
    if (edited !== null) plan.write(file, edited, 'runs nexiom-lint --staged');
    else plan.nextSteps.push(messages.lintStagedSnippet(file, snippet, 'it is not a map of patterns'));
  } else {
    if (text.includes('nexiom-lint')) return upgrade();
    const edited = kind === 'code' ? insertIntoCode(text, codeEntry) : null;
    if (edited) plan.write(file, edited, 'runs nexiom-lint --staged');
    else plan.nextSteps.push(messages.lintStagedSnippet(file, codeEntry.map((l) => `  ${l}`).join('\n')));
  }
}
