import { z } from 'zod';
import { ConfigError } from '../errors.js';
import type { Severity, SeveritySetting } from '../engine/severity.js';

/** The settings as the engine and the rules read them: what `parseSettings` makes of the file. */
export interface RuleSetting {
  severity?: SeveritySetting;
  options: Record<string, unknown>;
}

export interface Settings {
  /** Where the settings came from, for messages; null when defaults. */
  source: string | null;
  rules: Record<string, RuleSetting>;
  failOn?: Severity;
  /** Globs (repository-relative) of files under `out` that are not drizzle migrations. */
  ignore: string[];
  /** Migrations (tags) whose SQL is not linted: history accepted as it is. */
  sqlSkip: string[];
  /** `sql.postgresVersion`: the oldest Postgres major the migrations run on (rules assume 14 when unset). */
  sqlPostgresVersion?: number;
  /** Any other section, kept for commands that read their own (`db`, `comment` ...). */
  extra: Record<string, unknown>;
}

const severity = z.enum(['error', 'warning', 'info', 'off']).describe('How a finding of this rule counts.');
const ruleEntry = z
  .union([
    severity,
    z.tuple([severity]),
    z.tuple([severity, z.record(z.string(), z.unknown())]),
    z.object({ severity: severity.optional() }).catchall(z.unknown()),
  ])
  .describe('A severity, or [severity, options], or { severity, ...options }.');

export const settingsSchema = z
  .object({
    $schema: z.string().optional(),
    rules: z.record(z.string(), ruleEntry).default({}).describe('Severity and options per rule id.'),
    failOn: z.enum(['error', 'warning', 'info']).optional().describe('Lowest severity that makes the exit code 1.'),
    ignore: z.array(z.string()).default([]).describe('Globs of files under `out` that are not drizzle migrations.'),
    sql: z
      .object({
        skip: z.array(z.string()).default([]).describe('Migration tags whose SQL is not linted.'),
        postgresVersion: z
          .number()
          .min(9)
          .max(99)
          .optional()
          .describe(
            'Major version of the oldest Postgres the migrations run on (default 14): some rules depend on it.',
          ),
      })
      .default({ skip: [] }),
    drift: z
      .object({
        timeout: z
          .number()
          .positive()
          .optional()
          .describe(
            'Seconds a drizzle config, or the schema, may take to load (and serialize) before it is stopped (default 120).',
          ),
      })
      .optional()
      .describe('The drift check (schema-drift, and the semantic gate of schema-without-migration).'),
  })
  .catchall(z.unknown());

export function parseSettings(raw: unknown, source: string): Settings {
  const result = settingsSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ConfigError(`${source} has ${problems.length} problem(s):\n${problems.join('\n')}`);
  }
  const { rules, failOn, ignore, sql, $schema: _s, ...extra } = result.data;
  const normalized: Settings['rules'] = {};
  for (const [id, entry] of Object.entries(rules)) {
    if (typeof entry === 'string') normalized[id] = { severity: entry, options: {} };
    else if (Array.isArray(entry)) {
      normalized[id] = { severity: entry[0], options: (entry[1] as Record<string, unknown>) ?? {} };
    } else {
      const { severity: sev, ...options } = entry as { severity?: Settings['rules'][string]['severity'] };
      normalized[id] = { ...(sev ? { severity: sev } : {}), options };
    }
  }
  return {
    source,
    rules: normalized,
    ...(failOn ? { failOn } : {}),
    ignore,
    sqlSkip: sql.skip,
    ...(sql.postgresVersion !== undefined ? { sqlPostgresVersion: sql.postgresVersion } : {}),
    extra,
  };
}
