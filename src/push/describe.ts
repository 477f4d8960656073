/** The words of a no-db-push finding: what was found, and what to do instead. */
import { drizzleKitScript, managerOfScriptCommand, scriptCommand } from '../project/package-manager.js';
import type { PushFinding } from './types.js';

/** The project's own commands for the safe path. */
export interface SafePath {
  generate: string;
  migrate: string;
}

export function safePathOf(project: { generateCommand: string; scripts: Record<string, string> } | null): SafePath {
  const generate = project?.generateCommand ?? 'npx drizzle-kit generate';
  // The migrate script runs with the manager the generate command names.
  const manager = managerOfScriptCommand(generate) ?? 'npm';
  const migrateScript = drizzleKitScript(project?.scripts ?? {}, 'migrate');
  return { generate, migrate: migrateScript ? scriptCommand(manager, migrateScript) : 'npx drizzle-kit migrate' };
}

const WHY = 'a direct schema change with no migration file, no history row and no review';
const KIND_WORD = { script: 'script', target: 'make target', file: 'script file' } as const;

/** Where a human may keep an unsafe command, and how to name it there. */
function unsafeSpelling(finding: PushFinding): string | null {
  const name = finding.name ?? '';
  if (finding.surface === 'package-scripts') return `rename the script to "${name}:unsafe"`;
  if (finding.surface === 'makefile') return `name the target "${name}-unsafe"`;
  if (finding.surface === 'gitlab' && name) return `name the job "${name}:unsafe" and make it \`when: manual\``;
  if (finding.surface === 'shell') {
    // `scripts/reset.sh` → *-unsafe.sh; an extension-less `bin/reset` → *-unsafe.
    const base = finding.file.slice(finding.file.lastIndexOf('/') + 1);
    return base.includes('.') ? 'name the script file *-unsafe.sh' : 'name the script file *-unsafe';
  }
  return null;
}

function throwaway(finding: PushFinding): string {
  return finding.surface === 'gitlab'
    ? 'a throwaway database (a review app, a test run)'
    : 'a throwaway local database';
}

export function describe(finding: PushFinding, safe: SafePath): { message: string; help: string } {
  const { call, where } = finding;
  const migrations = `\`${safe.generate}\`, review and commit the SQL, then \`${safe.migrate}\``;
  const local = unsafeSpelling(finding);
  if (call.kind === 'api') {
    return {
      message: `Imports ${call.name} from ${call.module}: a programmatic drizzle-kit push, ${WHY}.`,
      help:
        `Apply migrations instead: migrate() from drizzle-orm/<driver>/migrator runs the files \`${safe.generate}\` writes. ` +
        'For a test database that is thrown away, list the file in the rule\'s "allow" option.',
    };
  }
  const chain = call.via ? call.via.scripts.map((name) => `script "${name}"`).join(' → ') : '';
  if (call.kind === 'push') {
    const legacy = call.subcommand === 'push' ? '' : ` (\`${call.subcommand}\` is the pre-0.21 spelling of push)`;
    const through = call.via ? ` (${chain} runs \`${call.via.command}\`)` : '';
    return {
      message: `${where} runs \`${call.command}\`${through}${legacy}: ${WHY}.`,
      help: local
        ? `Change the schema through migrations: ${migrations}. For ${throwaway(finding)} only, ${local}.`
        : `Run \`${safe.migrate}\` here instead: it applies the migrations written by \`${safe.generate}\` and records each one.`,
    };
  }
  const target = `${KIND_WORD[call.target.kind]} "${call.target.name}"`;
  const shown = call.via ? `\`${call.command}\`, through ${chain}` : `\`${call.command}\``;
  return local
    ? {
        message: `${where} runs the unsafe ${target} (${shown}), hiding its unsafe name behind this one.`,
        help: `Run "${call.target.name}" by hand when you mean it, or ${local} too.`,
      }
    : {
        message: `${where} runs the unsafe ${target} (${shown}): unsafe commands are for a throwaway local database, typed by hand.`,
        help: `Run \`${safe.migrate}\` here instead: it applies the migrations written by \`${safe.generate}\` and records each one.`,
      };
}
