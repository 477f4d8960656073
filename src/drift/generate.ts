/**
 * The slow path that is always right: when the installed drizzle-kit exports no API to serialize
 * with (releases before 0.20 ship only their CLI), run the project's own `drizzle-kit generate`
 * on a throwaway copy of the package (temporary folder, stdin closed, the drift time limit) and
 * read what it did: new SQL files (differs), "No schema changes" (same), a rename question
 * (ambiguous), or one of its refusals (refused). The user's repository is never written.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Tree } from '../git/tree.js';
import type { Project } from '../project/model.js';
import type { MigrationSet } from '../project/migrations.js';
import type { RuleContext } from '../rules/types.js';
import { ChildStartError, runNode } from '../process/child.js';
import type { Kit } from './kit.js';
import { materialize } from './materialize.js';
import type { Verdict } from './protocol.js';

/** The CLI file and the generate command the package offers (`generate:pg` before 0.21). */
function cliOf(kit: Kit): { bin: string; command: string } {
  const manifest = JSON.parse(readFileSync(path.join(kit.dir, 'package.json'), 'utf8')) as {
    bin?: string | Record<string, string>;
  };
  const rel = typeof manifest.bin === 'string' ? manifest.bin : (manifest.bin?.['drizzle-kit'] ?? 'bin.cjs');
  const bin = path.join(kit.dir, rel);
  const text = readFileSync(bin, 'utf8');
  return { bin, command: /["']generate["']/.test(text) ? 'generate' : 'generate:pg' };
}

/** generate's output, whatever it did: the verdict is read from it and from the files it wrote. */
async function run(
  bin: string,
  args: string[],
  cwd: string,
  timeoutMs: number,
): Promise<{ output: string; timedOut: boolean }> {
  try {
    const ended = await runNode(bin, args, {
      cwd,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      timeoutMs,
      outputLimit: 64 * 1024,
    });
    return { output: ended.output, timedOut: ended.timedOut };
  } catch (error) {
    if (!(error instanceof ChildStartError)) throw error;
    return { output: error.message, timedOut: false };
  }
}

/** Without ANSI colours and cursor codes. */
// eslint-disable-next-line no-control-regex -- ESC starts the colour and cursor codes removed here.
const plain = (text: string) => text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');

/** What generate printed, as a verdict (nothing written). */
export function verdictOfOutput(output: string): Verdict {
  const text = plain(output);
  const questions = [...text.matchAll(/Is (\S+) (\w+)(?: in (\S+) \w+)? created or renamed from another \w+\?/g)].map(
    (m) => `${m[2]} ${m[3] ? `${m[3]}.` : ''}${m[1]}: new, or renamed from another ${m[2]}`,
  );
  if (questions.length) return { status: 'ambiguous', questions: [...new Set(questions)] };
  if (/No schema changes/i.test(text)) return { status: 'same' };
  // 1.0, open branches that do not commute: it draws the branches, marks each conflicting change
  // with ⚠ and offers `generate --fix-conflicts`.
  if (/--fix-conflicts|To fix the conflicts/.test(text)) {
    const changes = [...new Set(text.split('\n').flatMap((l) => /⚠\s*(.+)$/.exec(l)?.[1]?.trim() ?? []))];
    const folders = [...new Set([...text.matchAll(/\(([\w-]+)\)\s*$/gm)].map((m) => m[1]!))];
    const which = folders.length ? `${folders.join(' and ')} ` : '';
    const what = changes.length ? changes.join('; ') : 'drizzle-kit check lists the conflicts';
    return {
      status: 'refused',
      message:
        `the open migration branches ${which}do not commute (${what}): drizzle-kit generate stops until they are ` +
        'resolved (`drizzle-kit check`, then `drizzle-kit generate --fix-conflicts` or a merge by hand)',
      files: [],
    };
  }
  const refusal = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /collision|malformed|not of the latest version|unsupported version|drizzle-kit up/i.test(l));
  if (refusal.length) {
    const files = [...new Set([...refusal.join(' ').matchAll(/[\w./-]+_snapshot\.json(?:\.\w+)?/g)].map((m) => m[0]))];
    return { status: 'refused', message: refusal.join(' '), files };
  }
  return {
    status: 'unusable',
    message: `drizzle-kit generate neither wrote a migration nor said why: ${text.trim().split('\n').slice(-5).join(' ')}`,
  };
}

export async function generateVerdict(
  ctx: RuleContext,
  kit: Kit,
  set: MigrationSet,
  timeoutMs: number,
): Promise<Verdict> {
  ctx.progress(`Running drizzle-kit ${kit.version} generate on a copy of ${ctx.project.configFile}…`);
  return generateOnCopy({ repoRoot: ctx.repoRoot, tree: ctx.target, project: ctx.project, kit, set, timeoutMs });
}

export interface GenerateInput {
  repoRoot: string;
  /** The tree whose schema is judged. */
  tree: Tree;
  project: Project;
  kit: Kit;
  /** The migrations generate starts from; null: none (it then writes the whole schema). */
  set: MigrationSet | null;
  timeoutMs: number;
}

/** The project's own `drizzle-kit generate` on a throwaway copy of `tree`, as a verdict. */
export async function generateOnCopy({
  repoRoot,
  tree,
  project,
  kit,
  set,
  timeoutMs,
}: GenerateInput): Promise<Verdict> {
  const copy = await materialize(repoRoot, tree, project.baseDir);
  try {
    const outDir = path.join(copy.root, project.out);
    // The side's migrations, whichever side: generate reads only the journal and meta/.
    rmSync(outDir, { recursive: true, force: true });
    for (const file of set?.files ?? []) {
      const content = await set!.tree.readBuffer(file);
      if (!content) continue;
      mkdirSync(path.dirname(path.join(copy.root, file)), { recursive: true });
      writeFileSync(path.join(copy.root, file), content);
    }
    // `NNNN_name.sql` (0.x) or `<folder>/migration.sql` (1.0).
    const listSql = () => {
      try {
        return readdirSync(outDir, { withFileTypes: true }).flatMap((entry) => {
          if (entry.isFile()) return entry.name.endsWith('.sql') ? [entry.name] : [];
          const inFolder = path.posix.join(entry.name, 'migration.sql');
          return entry.isDirectory() && existsSync(path.join(outDir, inFolder)) ? [inFolder] : [];
        });
      } catch {
        return [];
      }
    };
    const before = new Set(listSql());
    const { bin, command } = cliOf(kit);
    const cwd = path.join(copy.root, project.baseDir);
    const config = path.relative(cwd, path.join(copy.root, project.configFile));
    const { output, timedOut } = await run(bin, [command, '--config', config], cwd, timeoutMs);
    if (timedOut) {
      return {
        status: 'unusable',
        message: `drizzle-kit generate took longer than ${Math.round(timeoutMs / 1000)} s and was stopped`,
      };
    }
    const written = listSql().filter((f) => !before.has(f));
    if (written.length) {
      const statements = written
        .flatMap((f) => readFileSync(path.join(outDir, f), 'utf8').split('--> statement-breakpoint'))
        .map((s) => s.trim())
        .filter(Boolean);
      return statements.length ? { status: 'differs', statements } : { status: 'same' };
    }
    return verdictOfOutput(output);
  } finally {
    copy.remove();
  }
}
