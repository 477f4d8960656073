/** `nexiom-lint init`: puts the pre-commit, CI and review layers into an existing Drizzle project. */
import { UsageError } from '../errors.js';
import type { Io } from './io.js';
import { formatOptions, parse, type OptionTable } from './options.js';
import { resolveCwd } from './cwd.js';

export const INIT_OPTIONS = {
  'dry-run': { type: 'boolean', description: 'Print a unified diff of every file init would change; change nothing.' },
  yes: { type: 'boolean', short: 'y', description: 'Apply without asking (asking happens only in a terminal).' },
  config: {
    type: 'string',
    value: 'path',
    description:
      'The drizzle config of the project to set up (required in a monorepo with several, outside a terminal).',
  },
  'no-install': {
    type: 'boolean',
    description: 'Do not install husky, lint-staged and nexiom-lint; print the command instead.',
  },
  workflow: {
    type: 'boolean',
    description: 'Add .github/workflows/nexiom-lint.yml (default: unless origin is not on GitHub).',
  },
  'no-workflow': { type: 'boolean', description: 'Do not add the GitHub Actions workflow.' },
  'release-step': {
    type: 'boolean',
    description: 'Add the release-phase db:migrate job live instead of commented out.',
  },
  'no-baseline': {
    type: 'boolean',
    description: 'Do not record the findings the project already has in nexiom-lint-baseline.json.',
  },
  cwd: { type: 'string', value: 'dir', description: 'Run as if started in <dir>.' },
  debug: { type: 'boolean', description: 'Show stack traces on errors.' },
  help: { type: 'boolean', short: 'h', description: 'Show this help.' },
} satisfies OptionTable;

export function initHelp(): string {
  return `nexiom-lint init: sets up an existing Drizzle project (npm, pnpm, yarn or bun; a package or a workspace).

Usage:
  nexiom-lint init [options]

It adds, keeping everything already there:
  - package.json scripts db:generate, db:migrate, db:check (nexiom-lint --all); scripts that run
    drizzle-kit push renamed to <name>:unsafe, and db:push running nexiom-lint guard push
  - husky + lint-staged: .husky/pre-commit runs lint-staged, which runs nexiom-lint --staged
  - .github/workflows/nexiom-lint.yml: the PR check and comment (release db:migrate job commented)
  - a migrator service in docker-compose.yml / compose.yaml that the app waits for
  - nexiom-lint-baseline.json: the findings the project already has (old migrations, drift), so
    that db:check fails only on new ones

Options:
${formatOptions(INIT_OPTIONS)}

Run it again at any time: it changes nothing that is already set up.
`;
}

async function terminalPrompts(io: Io) {
  if (!io.isTTY || !process.stdin.isTTY) return { choose: null, confirm: null };
  const { createInterface } = await import('node:readline/promises');
  const ask = async (question: string) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    try {
      return (await rl.question(question)).trim();
    } finally {
      rl.close();
    }
  };
  return {
    choose: async (question: string, choices: string[]) => {
      io.stdout(`${question}\n${choices.map((c, i) => `  ${i + 1}) ${c}`).join('\n')}\n`);
      for (;;) {
        const answer = await ask(`Number (1-${choices.length}): `);
        const picked = choices[Number(answer) - 1];
        if (picked) return picked;
      }
    },
    confirm: async (question: string) => !/^n/i.test(await ask(`${question} [Y/n] `)),
  };
}

export async function initCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, INIT_OPTIONS);
  if (values.help) {
    io.stdout(initHelp());
    return 0;
  }
  if (positionals.length) {
    throw new UsageError(`init takes no arguments (got "${positionals[0]}"). Run nexiom-lint init --help.`);
  }
  if (values.workflow && values['no-workflow']) {
    throw new UsageError('--workflow and --no-workflow cannot be combined.');
  }
  if (values['release-step'] && values['no-workflow']) {
    throw new UsageError('--release-step adds a job to the workflow, so it cannot be combined with --no-workflow.');
  }
  const { runInit } = await import('../init/run.js');
  const cwd = resolveCwd(io.cwd, values.cwd as string | undefined);
  return runInit(
    {
      cwd,
      dryRun: values['dry-run'] === true,
      yes: values.yes === true,
      ...(values.config !== undefined ? { config: values.config as string } : {}),
      install: values['no-install'] !== true,
      ...(values['no-workflow']
        ? { workflow: false }
        : values.workflow || values['release-step']
          ? { workflow: true }
          : {}),
      releaseStep: values['release-step'] === true,
      baseline: values['no-baseline'] !== true,
    },
    io,
    await terminalPrompts(io),
  );
}
