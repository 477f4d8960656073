import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration tests start real processes (git, drizzle-kit, Postgres): two cores, two workers.
    maxWorkers: 2,
    restoreMocks: true,
  },
});
