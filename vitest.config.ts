import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Tests run against real parts (SQLite, PostgreSQL, an OpenID Provider process, Chromium), so they get generous
// timeouts. Files run in parallel forks: Vitest's default (cores − 1) is ONE fork on the 2-core CI machine, which
// ran the 109 files one after another although most of their time is spent waiting (on Chromium, spawned
// processes, the network going quiet), so at least two. The slowest files start first (Vitest's default order,
// from the durations of the last run).
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 90_000,
    pool: 'forks',
    maxWorkers: Math.max(2, availableParallelism() - 1),
    reporters: ['default'],
  },
});
