/**
 * Error classes. Anything that should end the run with exit 2 is a `NexiomError`: its message is
 * shown to the user as is (no stack trace unless `--debug`), so it must say what to do next.
 */
export class NexiomError extends Error {
  readonly exitCode: number = 2;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Wrong flags or arguments. */
export class UsageError extends NexiomError {}

/** A drizzle config or nexiom-lint config that cannot be found, loaded or understood. */
export class ConfigError extends NexiomError {}

/** git failed, or the repository lacks what the mode needs (a base ref, history in a shallow clone). */
export class GitError extends NexiomError {}

/** The environment lacks something: drizzle-kit not installed, database unreachable ... */
export class EnvironmentError extends NexiomError {}

/** A bug in nexiom-lint itself. */
export class InternalError extends NexiomError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(
      `${message}\nThis is a bug in nexiom-lint. Please report it with the output of --debug at ` +
        'https://github.com/nexiom/nexiom-lint/issues',
      options,
    );
  }
}

export function isNexiomError(error: unknown): error is NexiomError {
  return error instanceof NexiomError;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
