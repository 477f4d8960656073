/** What a command may touch of the outside world; tests pass their own. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** stdout is a terminal (colour, progress). */
  isTTY: boolean;
  /** stderr is a terminal (progress lines). */
  stderrIsTTY: boolean;
}

export function processIo(): Io {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    isTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
  };
}

/** `--format json` (also `-f json`, `--format=json`, `-fjson`) among the options, before any `--`. */
export function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  const options = end >= 0 ? argv.slice(0, end) : argv;
  return options.some(
    (arg, i) =>
      arg === '--format=json' ||
      arg === '-fjson' ||
      ((arg === '--format' || arg === '-f') && options[i + 1] === 'json'),
  );
}

/**
 * What `--format json` prints on stdout when the run could not finish (exit 2), so that a CI step
 * parsing stdout never reads an empty string: `{ "version": 1, "error": { "message": "..." } }`.
 */
export function errorJson(message: string): string {
  return `${JSON.stringify({ version: 1, error: { message } }, null, 2)}\n`;
}
