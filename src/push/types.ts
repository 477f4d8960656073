import type { PushCall } from './command.js';
import type { Surface } from './surfaces.js';

/** A programmatic push: `pushSchema` (or a sibling) imported from drizzle-kit's API. */
export interface ApiCall {
  kind: 'api';
  name: string;
  /** The module it comes from: `drizzle-kit/api` (0.x), `drizzle-kit/api-postgres` (1.0) ... */
  module: string;
}

/** One way into `drizzle-kit push`, found in one file. */
export interface PushFinding {
  surface: Surface;
  file: string;
  /** 1-based. */
  line: number;
  /** What holds the command, for the message: `script "db:push"`, `step "Migrate" (job deploy)` ... */
  where: string;
  /** The script / target name, when the fix is to rename it to `*:unsafe`. */
  name?: string;
  call: PushCall | ApiCall;
}
